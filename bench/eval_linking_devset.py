"""Score linking on the hand-written development pairs in bench/linking_devset/.

Each pair is an earlier speech with its commitments (`pairN_pledges.jsonl`, all
accepted) and a later one whose progress reports are annotated (`pairN_links.jsonl`,
the format of demo/seeds/evidence-002.jsonl). The index is built as the service builds
it: each quote with the sentence before it when it refers back, and the paragraphs
around it as context. An item is found when the suggestion for the sentence holding
its evidence quote ranks the pledge in the top 3 (recall@3) or first (top-1).

These texts were written after linking was tuned on the seeds and were not used to
tune it; they say how it generalises, within their small size.

Run: `python -m bench.eval_linking_devset [-v]`; the last line is the total as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from bench.eval_linking import load_jsonl, mention_context
from commitments.linking import CommitmentIndex, antecedents
from commitments.spans import overlaps
from speechtext.sentences import segment

DEVSET = Path(__file__).resolve().parent / "linking_devset"
_TURN = re.compile(r"^[–—-]\s", re.MULTILINE)


def evaluate_pair(name: str, *, verbose: bool = False) -> dict[str, Any]:
    """Score one pair (`name` is the file prefix, e.g. "pair1")."""
    earlier = (DEVSET / f"{name}_earlier.txt").read_text(encoding="utf-8")
    later = (DEVSET / f"{name}_later.txt").read_text(encoding="utf-8")
    pledges = load_jsonl(DEVSET / f"{name}_pledges.jsonl")
    links = load_jsonl(DEVSET / f"{name}_links.jsonl")

    quotes = list(dict.fromkeys(item["quote"] for item in pledges))
    spans = {
        number: (earlier.index(quote), earlier.index(quote) + len(quote))
        for number, quote in enumerate(quotes)
    }
    before = antecedents(earlier, spans.values())
    index = CommitmentIndex(
        [
            (number, "\n".join(filter(None, [before.get(spans[number]), quote])))
            for number, quote in enumerate(quotes)
        ],
        contexts={
            number: mention_context(earlier, spans[number][0]) for number in spans
        },
    )
    interview = bool(_TURN.search(later))
    suggestions = index.find_evidence(later, interview=interview)

    at_3 = top_1 = 0
    for item in links:
        start = later.index(item["evidence_quote"])
        span = (start, start + len(item["evidence_quote"]))
        wanted = quotes.index(item["pledge_quote"])
        found = next((s for s in suggestions if overlaps((s.start, s.end), span)), None)
        ranked = [match.commitment_id for match in found.matches] if found else []
        at_3 += wanted in ranked[:3]
        top_1 += bool(ranked) and ranked[0] == wanted
        if verbose:
            rank = ranked.index(wanted) + 1 if wanted in ranked else None
            print(
                f"  {'@' + str(rank) if rank else 'MISS':5} "
                f"{item['evidence_quote'][:70]!r}\n"
                f"        pledge {item['pledge_quote'][:70]!r}"
            )
    evidence_spans = [
        (
            later.index(item["evidence_quote"]),
            later.index(item["evidence_quote"]) + len(item["evidence_quote"]),
        )
        for item in links
    ]
    on_evidence = sum(
        any(overlaps((s.start, s.end), span) for span in evidence_spans)
        for s in suggestions
    )
    return {
        "pair": name,
        "on_evidence": on_evidence,
        "items": len(links),
        "at_3": at_3,
        "top_1": top_1,
        "suggested_sentences": len(suggestions),
        "sentences": len(segment(later, interview=interview)),
    }


def evaluate_all(*, verbose: bool = False) -> dict[str, Any]:
    """Score every pair; return the totals with each pair's figures under "pairs"."""
    names = sorted(path.name.split("_")[0] for path in DEVSET.glob("*_links.jsonl"))
    results = [evaluate_pair(name, verbose=verbose) for name in names]
    items = sum(result["items"] for result in results)
    return {
        "devset_items": items,
        "recall_at_3": round(sum(r["at_3"] for r in results) / items, 3),
        "top1": round(sum(r["top_1"] for r in results) / items, 3),
        "suggested_sentences": sum(r["suggested_sentences"] for r in results),
        "suggested_on_evidence": sum(r["on_evidence"] for r in results),
        "sentences": sum(r["sentences"] for r in results),
        "pairs": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    total = evaluate_all(verbose=parser.parse_args().verbose)
    for result in total.pop("pairs"):
        print(json.dumps(result))
    print(json.dumps(total))


if __name__ == "__main__":
    main()
