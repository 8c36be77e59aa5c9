"""Score the extractor on a folder of annotated texts, like eval_extraction.py.

A proposal overlaps a gold quote when their spans share at least half of the shorter
one; recall counts gold core commitments overlapped by some proposal, precision the
proposals that overlap any gold commitment (core or soft), deadline accuracy the
recalled core commitments with a gold deadline that some overlapping proposal gives.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from commitments.extraction import extract


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _gold(folder: Path, gold_files: list[str]) -> dict[str, list[dict[str, str]]]:
    gold: dict[str, list[dict[str, str]]] = {}
    for name in gold_files:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                gold.setdefault(item["file"], []).append(item)
    return gold


def score_documents(
    folder: Path, manifest: str, gold_files: list[str]
) -> dict[str, int]:
    """Return the counts behind recall, precision and deadline accuracy."""
    documents = json.loads((folder / manifest).read_text(encoding="utf-8"))
    gold = _gold(folder, gold_files)
    totals = dict.fromkeys(
        ("core", "recalled", "proposals", "correct", "dl", "dl_ok"), 0
    )
    for doc in documents:
        if doc["file"] not in gold:
            continue
        text = (folder / doc["file"]).read_text(encoding="utf-8")
        items = gold[doc["file"]]
        spans = []
        for item in items:
            start = text.index(item["quote"])
            spans.append((start, start + len(item["quote"])))
        found = extract(
            text,
            delivered_on=date.fromisoformat(doc["delivered_on"]),
            kind=doc.get("kind", "address"),
        )
        proposals = [(c.start, c.end) for c in found]
        totals["proposals"] += len(proposals)
        totals["correct"] += sum(any(_overlaps(p, g) for g in spans) for p in proposals)
        for item, span in zip(items, spans, strict=True):
            if item["tier"] != "core":
                continue
            totals["core"] += 1
            hits = [c for c in found if _overlaps((c.start, c.end), span)]
            if hits:
                totals["recalled"] += 1
                if item.get("deadline"):
                    totals["dl"] += 1
                    dates = {
                        c.deadline.isoformat() if c.deadline else None for c in hits
                    }
                    totals["dl_ok"] += item["deadline"] in dates
    return totals
