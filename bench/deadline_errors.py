"""List the deadline errors of the extractor on the seeds and the shared corpus.

For each gold core commitment some proposal overlaps (the scorer's rule), prints the
gold deadline and its words, what the extractor gave and the quote, grouped by kind
of error: missed (gold has a date, we gave none), wrong (a different date) and
spurious (gold has none, we gave one). Ends with the totals per document.

`python -m bench.deadline_errors [--only NAME-PART] [--quiet]`; the corpus is read
from `UADE_SHARED` (default ../shared beside the project; see `bench.corpus`).
"""

from __future__ import annotations

import argparse

from bench.corpus import real_documents
from bench.scoring import overlaps
from commitments.extraction import extract


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    errors: dict[str, list[str]] = {"missed": [], "wrong": [], "spurious": []}
    totals: list[str] = []
    seeds, corpus = [0, 0, 0, 0], [0, 0, 0, 0]
    for doc in real_documents():
        if args.only not in doc.name:
            continue
        proposals = extract(doc.text, delivered_on=doc.delivered_on, kind=doc.kind)
        ok = dated = spurious = undated = 0
        for start, end, item in doc.gold_spans():
            if item["tier"] != "core":
                continue
            hits = [c for c in proposals if overlaps((c.start, c.end), (start, end))]
            if not hits:
                continue
            want = item.get("deadline")
            got = sorted({c.deadline.isoformat() for c in hits if c.deadline})
            words = sorted({c.deadline_text or "" for c in hits if c.deadline})
            line = (
                f"{doc.name[:24]} gold {want} ({item.get('deadline_text')!r}) "
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
        part = seeds if doc.source == "seeds" else corpus
        for k, v in enumerate((ok, dated, spurious, undated)):
            part[k] += v
        totals.append(
            f"{doc.name[:40]:40} deadline {ok}/{dated} spurious {spurious}/{undated}"
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
