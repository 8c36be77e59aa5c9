"""Quality floor on bench/devset: hand-written speeches of other genres and countries.

Throne speeches, States of the Nation and party congress reports, annotated to
docs/pledges.md (see bench/devset/README.md). Scored like the seeds (see
tests/extraction/scoring.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extraction.scoring import score_documents

DEVSET = Path(__file__).resolve().parents[2] / "bench" / "devset"


@pytest.fixture(scope="module")
def totals() -> dict[str, int]:
    gold_files = sorted(path.name for path in DEVSET.glob("gold-*.jsonl"))
    return score_documents(DEVSET, "manifest.json", gold_files)


def test_the_devset_covers_several_genres(totals: dict[str, int]) -> None:
    assert totals["core"] >= 150


def test_core_recall_on_the_devset_is_at_least_085(totals: dict[str, int]) -> None:
    assert totals["recalled"] / totals["core"] >= 0.85


def test_precision_on_the_devset_is_at_least_080(totals: dict[str, int]) -> None:
    assert totals["correct"] / totals["proposals"] >= 0.80


def test_deadline_accuracy_on_the_devset_is_at_least_090(
    totals: dict[str, int],
) -> None:
    assert totals["dl_ok"] / totals["dl"] >= 0.90
