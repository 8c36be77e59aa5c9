"""Linking measured through the product, as the issue defines it.

The 2020 address's annotated commitments are accepted (the core ones, and the pledges
the interview reports on: `tracking.demo.curate_commitments`), then the 2024
interview is refreshed exactly as its import task would. Each line of
`demo/seeds/evidence-002.jsonl` is one item, found when the suggestions stored for the
sentence overlapping its evidence quote rank the pledge's commitment in the top 3
(recall@3) or first (top-1).

The demo itself is not measured: it merges the interview's own restatements into the
2020 commitments before refreshing, so their texts already hold the interview's words.

Run: `python -m bench.linking_pipeline` (a throw-away test database).
"""

from __future__ import annotations

import json
import os
import time
from itertools import groupby
from pathlib import Path
from typing import Any

from commitments.spans import overlaps

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "demo" / "seeds" / "evidence-002.jsonl"


def measure() -> dict[str, Any]:
    """Score the evidence suggestions stored for the demo interview."""
    from addresses.models import Address
    from commitments.models import EvidenceSuggestion, Mention

    interview = Address.objects.get(kind="interview")
    stored = EvidenceSuggestion.objects.filter(address=interview).order_by(
        "start", "rank"
    )
    ranked = {
        (start, end): [suggestion.commitment_id for suggestion in group]
        for (start, end), group in groupby(stored, key=lambda s: (s.start, s.end))
    }
    items = [json.loads(line) for line in EVIDENCE.read_text().splitlines() if line]
    at_3 = top_1 = 0
    for item in items:
        begin = interview.text.index(item["evidence_quote"])
        span = (begin, begin + len(item["evidence_quote"]))
        pledge = set(
            Mention.objects.filter(quote=item["pledge_quote"]).values_list(
                "commitment_id", flat=True
            )
        )
        found = next((ids for key, ids in ranked.items() if overlaps(key, span)), [])
        at_3 += any(commitment_id in pledge for commitment_id in found[:3])
        top_1 += bool(found) and found[0] in pledge
    return {
        "evidence_items": len(items),
        "recall_at_3": round(at_3 / len(items), 3),
        "top1": round(top_1 / len(items), 3),
        "suggested_sentences": len(ranked),
    }


def prepare() -> float:
    """Import the seeds, accept the earlier address's annotated commitments and
    refresh the interview, as its import task would (needs a database); return the
    refresh's wall time in seconds."""
    from addresses import services as address_services
    from commitments import services as commitment_services
    from tracking import demo

    imported = {
        result.entry: result.address
        for result in address_services.import_manifest(demo.MANIFEST)
        if result.address is not None
    }
    interview = next(a for a in imported.values() if a.is_interview)
    earlier = {
        entry: address
        for entry, address in imported.items()
        if address.delivered_on < interview.delivered_on
    }
    analyst = demo.ensure_demo_analyst()[0]
    demo.curate_commitments(analyst, earlier)
    started = time.perf_counter()
    commitment_services.refresh_candidates(interview.pk)
    return time.perf_counter() - started


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        seconds = prepare()
        print(json.dumps({**measure(), "refresh_seconds": round(seconds, 2)}))
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
