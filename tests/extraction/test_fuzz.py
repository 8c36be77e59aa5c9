"""Fuzzing the pure text cores with hostile text: the extractor, the deadline reader,
the importer's decoding and both segmenters never raise (decoding only refuses, with
`TextRefused`), and every offset they give lies inside the text and slices exactly
what they report.

Texts mix real sentence fragments and deadline phrases (English, Russian, Kazakh)
with numbers, Unicode edge cases (direction marks and overrides, zero-width and
combining characters, emoji sequences; never lone surrogates, which no decoded text
holds), very long tokens and runs of whitespace. The example counts keep the file
within a few seconds; `UADE_FUZZ_LONG=1` runs twenty times as many.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addresses.segmentation import segment as segment_paragraphs
from addresses.text import CONTROL_CHARACTER, TextRefused, decode_text
from commitments.extraction import extract, parse_deadline
from commitments.extraction.deadlines import DEFAULT_YEARS, find_deadlines
from commitments.extraction.extract import MAX_QUOTE_CHARS
from speechtext.sentences import segment as segment_sentences

# Locally, UADE_FUZZ_LONG=1 runs twenty times as many examples of each property.
_LONG = os.environ.get("UADE_FUZZ_LONG") == "1"


def _examples(count: int) -> int:
    return count * 20 if _LONG else count


_SENTENCES = [
    "I instruct the Government to build 100 new schools",
    "The Ministry of Health will open 20 clinics in rural areas",
    "We will adopt a new Tax Code",
    "It is necessary to create a fund of $1.5 billion",
    "Dear compatriots, the year was hard",
    "Has the law been adopted?",
    "Правительству поручаю построить 100 школ",
    "Үкіметке 100 мектеп салуды тапсырамын",
    "Mr. Smith, Dr. Jones and the U.N.",
    "1. Build roads; 2. open clinics; 3. hire teachers",
]
_DEADLINES = [
    "by the end of 2027",
    "by the end of the year",
    "within three years",
    "over the next five years",
    "in the first quarter of next year",
    "from July 1",
    "before 2030",
    "by 2199",
    "within 999 decades",
    "in 2021-2025",
    "by FY2026",
    "до конца года",
    "до 2030 года",
    "2025 жылға дейін",
    "by 31 December 2025",
    "by 30 February 2026",
    "in 0000",
    "by 9999",
]
_UNICODE = [
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066\u2069",  # isolates
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # zero-width no-break space (a BOM inside the text)
    "e\u0301",  # combining acute
    "a\u0300\u0301\u0302\u0303\u0304",  # stacked combining marks
    "👩\u200d👩\u200d👧",  # family emoji sequence
    "🇰🇿",  # flag (regional indicators)
    "👍🏽",  # skin-tone modifier
    "\u00a0",  # no-break space
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "مرحبا بالعالم",  # Arabic
    "שלום",  # Hebrew
    "ﷺ",  # a ligature NFKC expands
    "Ⅻ",  # a Roman numeral letter
    "٢٠٢٥",  # Arabic-Indic digits
]
_WHITESPACE = [" ", "  ", " " * 40, "\t", "\n", "\n\n", "\n" * 7, "\r\n", " \n \n "]
_PUNCTUATION = [". ", "? ", "! ", ": ", "; ", ", ", "– ", "- ", "— ", "“", "”", "…"]

# Anything a decoded text may hold: no lone surrogates.
_CHARACTERS = st.characters(blacklist_categories=("Cs",))
_PIECE = st.one_of(
    st.sampled_from(_SENTENCES),
    st.sampled_from(_DEADLINES),
    st.sampled_from(_UNICODE),
    st.sampled_from(_WHITESPACE),
    st.sampled_from(_PUNCTUATION),
    st.integers(min_value=-10, max_value=10**12).map(str),
    st.integers(min_value=1800, max_value=2300).map(str),
    st.text(_CHARACTERS, max_size=8),
)
# A very long token: one word (or digit run, or emoji run) of thousands of
# characters, longer than the longest quote the extractor may give.
_LONG_TOKEN = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["a", "9", "👍", "e\u0301", "\u200b", "x,", "by 2030 "]),
    st.integers(min_value=MAX_QUOTE_CHARS // 4, max_value=MAX_QUOTE_CHARS + 50),
)
_TEXT = st.lists(_PIECE, max_size=40).map("".join)
_TEXT_WITH_LONG_TOKEN = st.tuples(_TEXT, _LONG_TOKEN, _TEXT).map("".join)
_ANY_TEXT = st.one_of(_TEXT, _TEXT, _TEXT, _TEXT_WITH_LONG_TOKEN)
_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
_KINDS = st.sampled_from(["address", "interview", "speech", "statement", "other"])


def _is_a_promised_date(deadline: date, delivered_on: date) -> bool:
    """What the deadline reader promises: within the accepted years, and never
    before delivery except a start earlier in the year of delivery ("from
    January", said in February)."""
    first, last = DEFAULT_YEARS
    in_years = first <= deadline.year <= last
    return in_years and (deadline >= delivered_on or deadline.year == delivered_on.year)


@settings(max_examples=_examples(300), deadline=None)
@given(text=_ANY_TEXT, delivered_on=_DATES, kind=_KINDS)
def test_extract_never_raises_and_every_candidate_slices_its_quote(
    text: str, delivered_on: date, kind: str
) -> None:
    for candidate in extract(text, delivered_on=delivered_on, kind=kind):
        assert 0 <= candidate.start <= candidate.end <= len(text)
        assert text[candidate.start : candidate.end] == candidate.quote
        assert len(candidate.quote) <= MAX_QUOTE_CHARS
        assert 0.0 <= candidate.confidence <= 1.0
        assert (candidate.deadline is None) == (candidate.deadline_text is None)
        if candidate.deadline is not None:
            assert _is_a_promised_date(candidate.deadline, delivered_on)


@settings(max_examples=_examples(600), deadline=None)
@given(sentence=_TEXT, delivered_on=_DATES)
def test_the_deadline_reader_never_raises_and_reads_words_of_the_sentence(
    sentence: str, delivered_on: date
) -> None:
    found = parse_deadline(sentence, delivered_on)
    if found is not None:
        deadline, words = found
        assert words in sentence
        assert _is_a_promised_date(deadline, delivered_on)
    for deadline, words, _ in find_deadlines(sentence, delivered_on):
        assert words in sentence
        assert _is_a_promised_date(deadline, delivered_on)


@pytest.mark.parametrize(
    ("phrase", "delivered_on"),
    [
        ("within 999 decades", date(2199, 1, 1)),
        ("by 9999", date(2025, 1, 1)),
        ("in 0000", date(2025, 1, 1)),
        ("before 1900", date(1900, 1, 1)),
    ],
)
def test_out_of_range_deadlines_are_no_deadline(
    phrase: str, delivered_on: date
) -> None:
    assert parse_deadline(f"We will do it {phrase}.", delivered_on) is None


def test_an_impossible_day_gives_at_most_its_month() -> None:
    # No calendar holds 30 February: the day is not read, the month still is.
    found = parse_deadline("We will do it by 30 February 2026.", date(2025, 1, 1))

    assert found == (date(2026, 2, 28), "February 2026")


@settings(max_examples=_examples(300), deadline=None)
@given(text=_ANY_TEXT, kind=_KINDS)
def test_paragraphs_are_ordered_trimmed_and_inside_the_text(
    text: str, kind: str
) -> None:
    # The importer segments only decoded text, whose line breaks are "\n".
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    previous_end = 0
    for span in segment_paragraphs(text, kind=kind, interviewee="Guest"):
        assert previous_end <= span.start < span.end <= len(text)
        body = text[span.start : span.end]
        assert body == body.strip()
        previous_end = span.end


@settings(max_examples=_examples(300), deadline=None)
@given(text=_ANY_TEXT, interview=st.booleans())
def test_sentences_slice_their_own_text_in_order(text: str, interview: bool) -> None:
    previous_end = 0
    for sentence in segment_sentences(text, interview=interview):
        assert previous_end <= sentence.start <= sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        previous_end = sentence.end


_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"])


@settings(max_examples=_examples(500), deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.tuples(_TEXT, _ENCODINGS).map(
            lambda pair: pair[0].encode(pair[1], errors="replace")
        ),
    )
)
def test_decoding_refuses_or_gives_clean_nfc_text(data: bytes) -> None:
    try:
        text = decode_text(data)
    except TextRefused:
        return  # a refusal is an answer; any other exception fails the test
    assert text == unicodedata.normalize("NFC", text)
    assert not CONTROL_CHARACTER.search(text)
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert any(character.isalpha() for character in text)
    # What the importer stores, its segmenter cuts within bounds.
    for span in segment_paragraphs(text):
        assert 0 <= span.start < span.end <= len(text)
