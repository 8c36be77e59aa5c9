"""Quality floor on the seed documents, scored like ../shared/tools/eval_extraction.py.

A proposal overlaps a gold quote when their spans share at least half of the shorter
one; recall counts gold core commitments overlapped by some proposal, precision the
proposals that overlap any gold commitment (core or soft).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from commitments.extraction import extract

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
GOLD = {
    "000_c6f83971ef7d8c01.txt": "gold-000.jsonl",
    "002_14ce51083ba6dd0f.txt": "gold-002.jsonl",
}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _score() -> dict[str, int]:
    manifest = json.loads((SEEDS / "addresses.json").read_text(encoding="utf-8"))
    totals = dict.fromkeys(
        ("core", "recalled", "proposals", "correct", "dl", "dl_ok"), 0
    )
    for doc in manifest:
        if doc["file"] not in GOLD:
            continue
        text = (SEEDS / doc["file"]).read_text(encoding="utf-8")
        lines = (SEEDS / GOLD[doc["file"]]).read_text(encoding="utf-8").splitlines()
        gold = [json.loads(line) for line in lines if line.strip()]
        spans = []
        for item in gold:
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
        for item, span in zip(gold, spans, strict=True):
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


@pytest.fixture(scope="module")
def totals() -> dict[str, int]:
    return _score()


def test_core_recall_on_the_seeds_is_at_least_090(totals: dict[str, int]) -> None:
    assert totals["recalled"] / totals["core"] >= 0.90


def test_precision_on_the_seeds_is_at_least_080(totals: dict[str, int]) -> None:
    assert totals["correct"] / totals["proposals"] >= 0.80


def test_deadline_accuracy_on_the_seeds_is_at_least_090(totals: dict[str, int]) -> None:
    assert totals["dl_ok"] / totals["dl"] >= 0.90
