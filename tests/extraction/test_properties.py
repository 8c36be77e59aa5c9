"""Properties that hold for any input: determinism, exact offsets, no past deadlines."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.extraction import extract
from commitments.extraction.deadlines import parse_deadline

# Fragments of speech-like text, so that generated inputs reach the rules.
_FRAGMENTS = [
    "The Government will build 20 hospitals", "by the end of the year",
    "next year", "in 2031", "within three years", "I instruct the Ministry",
    "to adopt a new Code", "We must be united", "It is necessary to create",
    "a fund of $1.5 billion", "in spring", "in the first quarter", "Mr. Smith",
    "– ", ":", ";", ". ", "? ", "\n", "\n\n", "“", "”", "7,000 quotas",
    "has been adopted", "from July 1", "over the next five years", "1000 grants",
]  # fmt: skip
_TEXT = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=30
).map(" ".join)
_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
_KINDS = st.sampled_from(["address", "interview", "speech", "statement", "other"])


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, delivered_on=_DATES, kind=_KINDS)
def test_extract_is_deterministic_and_offsets_slice_the_quote(
    text: str, delivered_on: date, kind: str
) -> None:
    first = extract(text, delivered_on=delivered_on, kind=kind)
    assert first == extract(text, delivered_on=delivered_on, kind=kind)
    for candidate in first:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.tier in {"core", "soft"}
        assert 0.0 <= candidate.confidence <= 1.0
        assert (candidate.deadline is None) == (candidate.deadline_text is None)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, delivered_on=_DATES)
def test_no_deadline_before_the_delivery_date(text: str, delivered_on: date) -> None:
    found = parse_deadline(text, delivered_on)
    if found is not None:
        assert found[0] >= delivered_on
        assert found[1] in text
    for candidate in extract(text, delivered_on=delivered_on):
        if candidate.deadline is not None:
            assert candidate.deadline >= delivered_on


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=0, max_value=999_999), delivered_on=_DATES)
def test_a_number_that_is_not_a_year_never_becomes_a_date(
    number: int, delivered_on: date
) -> None:
    sentence = f"We will provide {number:,} grants and {number} places."
    assert parse_deadline(sentence, delivered_on) is None
