"""List the deadline errors of the extractor on the seeds and the shared corpus.

For each gold core commitment some proposal overlaps (the scorer's rule), prints the
gold deadline and its words, what the extractor gave and the quote, grouped by kind
of error: missed (gold has a date, we gave none), wrong (a different date) and
spurious (gold has none, we gave one). Ends with the totals per document.

`python -m bench.deadline_errors [--corpus DIR] [--only NAME-PART] [--quiet]`;
the corpus defaults to ../shared/corpus beside the project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from addresses.text import decode_text
from commitments.extraction import extract

ROOT = Path(__file__).resolve().parent.parent


def _documents(corpus: Path) -> list[tuple[Path, dict[str, Any], list[dict[str, Any]]]]:
    sets = [
        (ROOT / "demo" / "seeds", ROOT / "demo" / "seeds" / "addresses.json"),
        (corpus / "texts", corpus / "manifest.json"),
    ]
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in [
        *sorted((ROOT / "demo" / "seeds").glob("gold-*.jsonl")),
        *sorted((corpus / "gold").glob("*.jsonl")),
    ]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                gold.setdefault(item["file"], []).append(item)
    found = []
    for folder, manifest in sets:
        if not manifest.exists():
            continue
        for doc in json.loads(manifest.read_text(encoding="utf-8")):
            if doc["file"] in gold:
                found.append((folder / doc["file"], doc, gold[doc["file"]]))
    return found


def _span(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    if at < 0:
        quote = " ".join(quote.split())
        at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--only", default="")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    errors: dict[str, list[str]] = {"missed": [], "wrong": [], "spurious": []}
    totals: list[str] = []
    seeds, corpus = [0, 0, 0, 0], [0, 0, 0, 0]
    for path, doc, gold in _documents(Path(args.corpus)):
        if args.only not in doc["file"]:
            continue
        text = decode_text(path.read_bytes())
        delivered_on = dt.date.fromisoformat(doc["delivered_on"])
        proposals = extract(text, delivered_on=delivered_on, kind=doc["kind"])
        spans = [(c.start, c.end) for c in proposals]
        ok = dated = spurious = undated = 0
        for item in gold:
            span = _span(text, item["quote"])
            if item["tier"] != "core" or span is None:
                continue
            hits = [
                c for c, s in zip(proposals, spans, strict=True) if _overlaps(s, span)
            ]
            if not hits:
                continue
            want = item.get("deadline")
            got = sorted({c.deadline.isoformat() for c in hits if c.deadline})
            words = sorted({c.deadline_text or "" for c in hits if c.deadline})
            line = (
                f"{doc['file'][:24]} gold {want} ({item.get('deadline_text')!r}) "
                f"got {got} {words}\n    {' '.join(item['quote'].split())[:400]}"
            )
            if want:
                dated += 1
                if want in got:
                    ok += 1
                else:
                    errors["wrong" if got else "missed"].append(line)
            else:
                undated += 1
                if got:
                    spurious += 1
                    errors["spurious"].append(line)
        part = seeds if path.parent.name == "seeds" else corpus
        for k, v in enumerate((ok, dated, spurious, undated)):
            part[k] += v
        totals.append(
            f"{doc['file'][:40]:40} deadline {ok}/{dated} spurious {spurious}/{undated}"
        )
    if not args.quiet:
        for kind, lines in errors.items():
            print(f"== {kind} ({len(lines)})")
            for line in lines:
                print(line)
    print("\n".join(totals))
    for name, part in (("seeds", seeds), ("corpus", corpus)):
        print(
            f"{name}: deadline {part[0]}/{part[1]} = {part[0] / max(part[1], 1):.3f}"
            f", spurious {part[2]}/{part[3]} = {part[2] / max(part[3], 1):.3f}"
        )


if __name__ == "__main__":
    main()
