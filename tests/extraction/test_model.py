"""The learned sentence decision: its file, its features, its training."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bench import corpus, train
from commitments.extraction import extract
from commitments.extraction.model import (
    MODEL_PATH,
    Linear,
    SentenceModel,
    SentenceView,
    features,
    shipped_model,
)


def _view(text: str, cues: tuple[str, ...] = ()) -> SentenceView:
    return SentenceView(
        text=text,
        cues=cues,
        is_strong=False,
        is_concrete=False,
        is_item=False,
        is_heading=False,
        speaker="speaker",
        has_deadline=False,
        has_target=False,
        starts_paragraph=True,
    )


def test_the_model_file_holds_single_words_and_pairs_never_sentences() -> None:
    model = shipped_model()
    for linear in (model.commitment, model.core):
        assert linear.weights
        for name in linear.weights:
            kind, _, value = name.partition(":")
            if kind in {"w", "f1"}:
                assert re.fullmatch(r"[^\s_]+", value), name
            if kind in {"b", "f2"}:
                assert re.fullmatch(r"[^\s_]+(?:_[^\s_]+)?", value), name


def test_the_model_file_stays_small() -> None:
    assert MODEL_PATH.stat().st_size < 1_000_000


def test_the_model_round_trips_through_json() -> None:
    model = shipped_model()
    assert SentenceModel.from_json(model.to_json()) == model


def test_features_read_words_pairs_cues_shape_and_neighbours() -> None:
    views = [
        _view("Our main tasks are:"),
        _view("The Government will build 20 schools by 2030.", ("future",)),
    ]
    names = features(views, 1, "address")
    for expected in (
        "w:government",
        "b:will_build",
        "f2:the_government",
        "w:<num>",
        "w:<year>",
        "cue:future",
        "shape:detected",
        "prev:colon",
        "next:none",
        "kind:address",
        "who:speaker",
    ):
        assert expected in names
    assert names == sorted(set(names))


def test_a_probability_is_calibrated_into_zero_to_one_and_follows_the_weights() -> None:
    linear = Linear({"w:will": 2.0, "w:hope": -3.0}, -0.5, (1.0, 0.0), 0.5)
    assert 0 < linear.probability(["w:hope"]) < 0.5 < linear.probability(["w:will"])
    assert linear.probability(["w:unknown"]) == pytest.approx(0.3775, abs=1e-4)


def test_the_threshold_decides_what_is_proposed() -> None:
    text = "The Government will build 20 new schools by 2030."
    shipped = shipped_model()
    found = extract(text, delivered_on=date(2025, 1, 1), model=shipped)
    assert [c.quote for c in found] == [text]
    assert found[0].confidence >= shipped.commitment.threshold
    strict = SentenceModel(
        Linear(
            shipped.commitment.weights,
            shipped.commitment.intercept,
            shipped.commitment.calibration,
            1.0,
        ),
        shipped.core,
    )
    assert extract(text, delivered_on=date(2025, 1, 1), model=strict) == []


def test_training_is_deterministic() -> None:
    documents = [train.examples(d) for d in corpus.seeds() + corpus.devset()]
    first = train.fit(documents)
    assert train.fit(documents).to_json() == first.to_json()
    assert 0.05 <= first.commitment.threshold <= 0.95


@pytest.mark.skipif(not corpus.corpus(), reason="needs ../shared/corpus")
def test_the_shipped_model_is_what_make_train_builds() -> None:
    rebuilt = train.fit([train.examples(d) for d in corpus.real_documents()])
    shipped = shipped_model()
    # The same features and, to the rounding of the file, the same numbers: the
    # solver's last digits differ between processors (on one machine training is
    # exact, test_training_is_deterministic).
    for new, old in [
        (rebuilt.commitment, shipped.commitment),
        (rebuilt.core, shipped.core),
    ]:
        assert new.weights.keys() == old.weights.keys()
        assert max(abs(new.weights[k] - old.weights[k]) for k in old.weights) <= 0.002
        assert new.intercept == pytest.approx(old.intercept, abs=0.002)
        assert new.calibration == pytest.approx(old.calibration, abs=0.01)
        assert new.threshold == pytest.approx(old.threshold, abs=0.02)


def test_the_quality_gate_names_each_figure_below_its_floor() -> None:
    from bench.evaluate import _gate
    from bench.scoring import Counts

    good = Counts(proposals=100, correct=80, core=50, recalled=45, dl_total=10, dl_ok=8)
    weak_genre = Counts(proposals=10, correct=8, core=10, recalled=5)
    assert _gate(good, {"address": good}) == []
    failures = _gate(
        Counts(proposals=100, correct=60, core=50, recalled=45, dl_total=10, dl_ok=8),
        {"address": good, "UN/foreign policy": weak_genre},
    )
    assert failures == [
        "precision 0.6 is below its floor 0.75",
        "genre UN/foreign policy: recall 0.5 is below 0.63",
    ]
