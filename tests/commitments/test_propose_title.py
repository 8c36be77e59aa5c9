"""commitments.titles.propose_title: the main clause as a default title (pure)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from commitments.titles import TITLE_LENGTH, propose_title, title_from_quote
from tests.conftest import DEMO_SEEDS

SEED_TEXT = " ".join(
    " ".join(path.read_text(encoding="utf-8").split())
    for path in sorted(DEMO_SEEDS.glob("*.txt"))
)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            "I instruct the Government to develop regulatory mechanisms by the end "
            "of the year to ensure full supply of Kazakh manufacturing industries "
            "with raw materials.",
            "Develop regulatory mechanisms by the end of the year",
            id="instruction, purpose dropped",
        ),
        pytest.param(
            "I instruct the Government to launch an export acceleration programme "
            "aimed at medium-sized non-resource enterprises in order to provide "
            "targeted support from the concept stage right through to "
            "implementation.",
            "Launch an export acceleration programme aimed at medium-sized "
            "non-resource enterprises",
            id="in order to",
        ),
        pytest.param(
            "Therefore, I instruct the Economic Investigation Service of the Ministry "
            "of Finance to largely reorient its activities to fighting the shadow "
            "economy.",
            "Largely reorient its activities to fighting the shadow economy",
            id="connective and a long body's name",
        ),
        pytest.param(
            "It is necessary to develop a set of key budget coefficients and rules.",
            "Develop a set of key budget coefficients and rules",
            id="it is necessary to",
        ),
        pytest.param(
            "I instruct the Government to launch a special “Longing for a Baby” "
            "programme starting 2021.",
            "Launch a special “Longing for a Baby” programme starting 2021",
            id="target kept",
        ),
        pytest.param(
            "We will continue a constructive and balanced foreign policy, taking "
            "into account the national interests of the state.",
            "Continue a constructive and balanced foreign policy",
            id="we will, justification dropped",
        ),
        pytest.param(
            "To implement the above proposals, I am instructing the adoption of a "
            "package of amendments to civil service legislation by the end of the "
            "year.",
            "The adoption of a package of amendments to civil service legislation by "
            "the end of the year",
            id="purpose first, and an object's own 'to'",
        ),
        pytest.param(
            "Therefore, from July 1, 2021, a factor-point scale should be introduced.",
            "From July 1, 2021, a factor-point scale should be introduced",
            id="a date first stays",
        ),
    ],
)
def test_propose_title_keeps_the_main_clause_of_real_sentences(quote, expected):
    assert " ".join(quote.split()) in SEED_TEXT  # a sentence of the demo speeches
    assert propose_title(quote) == expected


def test_propose_title_keeps_the_deadline_before_a_lead_in():
    quote = "By the end of the year, we will adopt a new Budget Code."

    assert (
        propose_title(quote)
        == "By the end of the year, we will adopt a new Budget Code"
    )


def test_propose_title_keeps_the_first_sentence_of_a_longer_quote():
    quote = "We will open 20 clinics in the regions. They will serve villages."

    assert propose_title(quote) == "Open 20 clinics in the regions"


def test_propose_title_falls_back_to_the_quote_when_only_a_lead_in_is_left():
    assert propose_title("I instruct the Government to.") == title_from_quote(
        "I instruct the Government to."
    )
    assert propose_title("") == "Untitled commitment"


def test_propose_title_cuts_a_long_main_clause_at_a_word():
    quote = "We will build " + "very " * 40 + "many schools."

    title = propose_title(quote)

    assert title.startswith("Build very very")
    assert len(title) <= TITLE_LENGTH
    assert title.endswith("…")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _drawn_from(title: str, quote: str) -> bool:
    """Every word of the title is in the quote (past its first letter, which may
    have been capitalised)."""
    folded = " ".join(quote.split()).casefold()
    return all(word in folded for word in _words(title[1:]))


@given(st.text(max_size=600))
@example("I instruct the Government to, in order to.")
@example("It is necessary to ; – — ,")
@example("We will build schools so that every child learns.")
def test_propose_title_is_never_empty_nor_too_long_and_only_uses_the_quote(quote):
    title = propose_title(quote)

    assert title
    assert len(title) <= TITLE_LENGTH
    if title != "Untitled commitment":
        assert _drawn_from(title, quote)


@given(
    st.lists(
        st.sampled_from(
            [
                "Therefore,",
                "In addition,",
                "I instruct the Government to",
                "It is necessary to",
                "We will",
                "build",
                "100",
                "schools",
                "by 2025",
                "in order to",
                "so that",
                "every child",
                "learns",
                "–",
                ";",
                ",",
            ]
        ),
        max_size=40,
    )
)
def test_propose_title_of_speech_like_text_is_a_piece_of_it(words):
    quote = " ".join(words)

    title = propose_title(quote)

    assert title
    assert len(title) <= TITLE_LENGTH
    assert title == "Untitled commitment" or _drawn_from(title, quote)
