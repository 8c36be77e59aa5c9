"""Quality floors that need nothing outside the project (`make eval` has the rest).

The seeds are scored by `bench/models/without-seeds.json`, the sentence model
trained on the shared corpus alone, so they are text the decision has never seen;
the development set (`bench/devset`, hand-written speeches of other genres) is
never trained on and is scored by the shipped model. Scored like
`../shared/tools/eval_extraction.py` (see `bench/scoring.py`). The floors sit a
little under what is reached; the cross-document figures that matter most are
leave-one-document-out over the real speeches, in `make eval`.
"""

from __future__ import annotations

import pytest

from bench import corpus
from bench.scoring import Counts, scored, total
from bench.train import WITHOUT_SEEDS_PATH
from commitments.extraction.model import SentenceModel, shipped_model


def _scored(documents: list[corpus.Document], model: SentenceModel) -> Counts:
    return total(scored(document, model) for document in documents)


@pytest.fixture(scope="module")
def seeds() -> Counts:
    held_out = SentenceModel.from_json(WITHOUT_SEEDS_PATH.read_text(encoding="utf-8"))
    return _scored(corpus.seeds(), held_out)


@pytest.fixture(scope="module")
def devset() -> Counts:
    return _scored(corpus.devset(), shipped_model())


def test_the_seeds_and_the_devset_hold_enough_commitments(
    seeds: Counts, devset: Counts
) -> None:
    assert seeds.core >= 150
    assert devset.core >= 150


def test_unseen_seeds_core_recall_is_at_least_093(seeds: Counts) -> None:
    assert seeds.recall is not None
    assert seeds.recall >= 0.93


def test_unseen_seeds_precision_is_at_least_066(seeds: Counts) -> None:
    assert seeds.precision is not None
    assert seeds.precision >= 0.66


def test_unseen_seeds_deadline_accuracy_is_at_least_092(seeds: Counts) -> None:
    assert seeds.deadline_accuracy is not None
    assert seeds.deadline_accuracy >= 0.92


def test_devset_core_recall_is_at_least_097(devset: Counts) -> None:
    assert devset.recall is not None
    assert devset.recall >= 0.97


def test_devset_precision_is_at_least_092(devset: Counts) -> None:
    assert devset.precision is not None
    assert devset.precision >= 0.92


def test_devset_deadlines_are_right_and_none_is_spurious(devset: Counts) -> None:
    assert devset.deadline_accuracy is not None
    assert devset.deadline_accuracy >= 0.97
    assert (devset.spurious_deadlines or 0.0) <= 0.03
