"""The hand-written linking development set is well formed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "linking_devset"
PAIRS = sorted(path.name.split("_")[0] for path in DEVSET.glob("*_links.jsonl"))
STATUSES = {"achieved", "in_progress", "stalled", "broken", "not_rated"}


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def test_there_are_three_pairs() -> None:
    assert PAIRS == ["pair1", "pair2", "pair3"]


@pytest.mark.parametrize("pair", PAIRS)
def test_every_quote_occurs_exactly_once_in_its_text(pair: str) -> None:
    earlier = (DEVSET / f"{pair}_earlier.txt").read_text()
    later = (DEVSET / f"{pair}_later.txt").read_text()
    pledges = _jsonl(DEVSET / f"{pair}_pledges.jsonl")
    links = _jsonl(DEVSET / f"{pair}_links.jsonl")

    for pledge in pledges:
        assert earlier.count(pledge["quote"]) == 1, pledge["quote"]
        assert pledge["tier"] in {"core", "soft"}
    listed = {pledge["quote"] for pledge in pledges}
    for link in links:
        assert later.count(link["evidence_quote"]) == 1, link["evidence_quote"]
        assert link["pledge_quote"] in listed, link["pledge_quote"]
        assert link["status_suggested"] in STATUSES
