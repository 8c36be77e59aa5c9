"""commitments.titles.title_from_quote: a short default title (pure, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments.titles import TITLE_LENGTH, title_from_quote


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            "In addition, we will build schools.",
            "We will build schools",
            id="in addition",
        ),
        pytest.param(
            "Moreover, in addition, the Government will act.",
            "The Government will act",
            id="several openers",
        ),
        pytest.param(
            "At the same time, we will cut taxes.", "We will cut taxes", id="multi-word"
        ),
        pytest.param(
            "Secondly, the Government will adopt a new Tax Code.",
            "The Government will adopt a new Tax Code",
            id="secondly",
        ),
        pytest.param(
            "But the Government has to develop other ways of involving citizens.",
            "The Government has to develop other ways of involving citizens",
            id="but (seed quote)",
        ),
        pytest.param(
            "In this regard, I instruct the Government to adopt a plan by 2025.",
            "I instruct the Government to adopt a plan by 2025",
            id="in this regard",
        ),
    ],
)
def test_title_from_quote_drops_openers_that_carry_no_content(quote, expected):
    assert title_from_quote(quote) == expected


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("– we will build schools;", id="en dash"),
        pytest.param("- we will build schools", id="hyphen"),
        pytest.param("— we will build schools.", id="em dash"),
        pytest.param("• we will build schools", id="bullet"),
        pytest.param("  *  we will build schools:", id="asterisk"),
    ],
)
def test_title_from_quote_drops_list_marks_and_trailing_punctuation(quote):
    assert title_from_quote(quote) == "We will build schools"


def test_title_from_quote_keeps_a_short_quote_as_it_is():
    quote = "We will build one hundred new schools in rural areas by 2025"

    assert title_from_quote(quote) == quote


def test_title_from_quote_joins_the_lines_of_a_quote():
    assert (
        title_from_quote("We will build\n  one hundred   schools")
        == "We will build one hundred schools"
    )


def test_title_from_quote_keeps_words_that_only_begin_like_an_opener():
    assert (
        title_from_quote("Sochi will host the summit") == "Sochi will host the summit"
    )
    assert title_from_quote("So-called quasi-public companies will be privatised") == (
        "So-called quasi-public companies will be privatised"
    )


def test_title_from_quote_cuts_a_long_quote_at_a_word_with_an_ellipsis():
    quote = " ".join(["modernisation"] * 20)

    title = title_from_quote(quote)

    assert title.endswith("modernisation…")
    assert len(title) <= TITLE_LENGTH
    assert title.startswith("Modernisation modernisation")


def test_title_from_quote_cuts_before_a_dangling_comma():
    quote = "We will build schools, " + "hospitals, " * 12

    title = title_from_quote(quote, length=40)

    assert title == "We will build schools, hospitals…"


def test_title_from_quote_cuts_a_single_long_word():
    title = title_from_quote("x" * 200)

    assert title == "X" + "x" * (TITLE_LENGTH - 2) + "…"


def test_title_from_quote_of_nothing_is_untitled():
    assert title_from_quote("") == "Untitled commitment"
    assert title_from_quote("   \n ") == "Untitled commitment"


def test_title_from_quote_drops_first_of_all():
    quote = "First of all, it is necessary to eliminate the digital divide."

    assert title_from_quote(quote) == "It is necessary to eliminate the digital divide"


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param(
            "First Deputy Prime Minister will chair the commission", id="first"
        ),
        pytest.param("Third parties will get access to the grid", id="third"),
    ],
)
def test_title_from_quote_keeps_an_ordinal_that_is_part_of_the_content(quote):
    assert title_from_quote(quote) == quote


@given(st.text(max_size=400), st.integers(min_value=20, max_value=200))
def test_title_from_quote_is_never_empty_nor_longer_than_asked(quote, length):
    title = title_from_quote(quote, length=length)

    assert title
    assert len(title) <= length


@given(st.text(alphabet=st.sampled_from("abc ,.;-–\n"), max_size=300))
def test_title_from_quote_adds_an_ellipsis_only_to_a_quote_it_cut(quote):
    title = title_from_quote(quote)

    if len(" ".join(quote.split())) <= TITLE_LENGTH:
        assert not title.endswith("…")
