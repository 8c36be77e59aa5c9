"""Quality floor on the seed documents, scored like ../shared/tools/eval_extraction.py.

A proposal overlaps a gold quote when their spans share at least half of the shorter
one; recall counts gold core commitments overlapped by some proposal, precision the
proposals that overlap any gold commitment (core or soft).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extraction.scoring import score_documents

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"


@pytest.fixture(scope="module")
def totals() -> dict[str, int]:
    return score_documents(
        SEEDS, "addresses.json", ["gold-000.jsonl", "gold-002.jsonl"]
    )


def test_core_recall_on_the_seeds_is_at_least_090(totals: dict[str, int]) -> None:
    assert totals["recalled"] / totals["core"] >= 0.90


def test_precision_on_the_seeds_is_at_least_080(totals: dict[str, int]) -> None:
    assert totals["correct"] / totals["proposals"] >= 0.80


def test_deadline_accuracy_on_the_seeds_is_at_least_090(totals: dict[str, int]) -> None:
    assert totals["dl_ok"] / totals["dl"] >= 0.90
