"""Bounded extraction: time and memory linear in the text, no crash on any date.

Reproduces what testers found: a 256 KB line of dated clauses gave 2,596 candidates
that each quoted the whole line (770 MB of JSON); "within 999 decades" raised
`ValueError: year 12011 is out of range`; runs of adverbs or spaces made regexes
backtrack for minutes.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import random
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.extraction import Candidate, extract, parse_deadline
from commitments.extraction.extract import (
    LONG_SENTENCE_CHARS,
    MAX_CANDIDATES,
    MAX_QUOTE_CHARS,
    MAX_SHARED_QUOTES,
)
from speechtext.sentences import MAX_SENTENCE_CHARS, segment

# The module (the package's `extract` is the function of the same name).
extract_module = importlib.import_module("commitments.extraction.extract")
ROOT = Path(__file__).resolve().parents[2]
D = date(2024, 1, 1)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _check_bounds(text: str, candidates: list[Candidate]) -> None:
    """The bounds every extraction keeps, whatever the text."""
    assert len(candidates) <= MAX_CANDIDATES
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert 0 < len(candidate.quote) <= MAX_QUOTE_CHARS
    assert sum(len(c.quote) for c in candidates) <= MAX_SHARED_QUOTES * len(text)
    starts = [c.start for c in candidates]
    assert starts == sorted(starts)  # in text order


def test_a_256_kb_line_of_dated_clauses_gives_linear_output() -> None:
    text = _fill("We will build 10 schools by 2030 and 20 hospitals by 2031; ", 2**18)
    assert "\n" not in text  # one "sentence" of 256 KB
    assert "." not in text
    candidates = extract(text, delivered_on=D)
    _check_bounds(text, candidates)
    # Each clause quotes itself: the quotes add up to less than the text.
    assert sum(len(c.quote) for c in candidates) <= len(text)
    assert len(candidates) == MAX_CANDIDATES  # about 8,900 dated clauses
    assert {c.deadline for c in candidates} == {date(2030, 12, 31), date(2031, 12, 31)}
    quotes = {c.quote for c in candidates}
    assert quotes == {"We will build 10 schools by 2030", "20 hospitals by 2031"}


def test_a_long_sentence_is_cut_at_clause_boundaries_with_exact_offsets() -> None:
    clause = "the Government will build 20 schools in the regions"
    text = "; ".join([clause] * 200) + "."  # 10,600 characters, one sentence
    segments = segment(text)
    assert len(segments) == 3
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in segments)
    assert all(text[s.start : s.end] == s.text for s in segments)
    assert all(s.text.endswith(";") for s in segments[:-1])  # cut after a ";"
    assert segments[-1].text.endswith("schools in the regions.")
    # Without clause marks the cut is at a space; without spaces, at the cap.
    words = _fill("schools ", 9000).strip()
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in segment(words))
    assert all(not s.text.endswith(" ") for s in segment(words))
    solid = "x" * 9000
    assert [(s.start, s.end) for s in segment(solid)] == [
        (0, 4000),
        (4000, 8000),
        (8000, 9000),
    ]


def test_a_deadline_in_a_long_sentence_quotes_its_clause() -> None:
    padding = ", ".join(["with the support of every region and district"] * 45)
    text = (
        f"We will build 100 schools by 2030 and open 20 hospitals by 2032, {padding}."
    )
    assert LONG_SENTENCE_CHARS < len(text) <= MAX_SENTENCE_CHARS
    found = extract(text, delivered_on=D)
    second = text[text.index("open 20") : text.index(" and district")]
    assert second == "open 20 hospitals by 2032, with the support of every region"
    assert [(c.quote, c.deadline, c.target) for c in found] == [
        ("We will build 100 schools by 2030", date(2030, 12, 31), "100 schools"),
        (second, date(2032, 12, 31), "20 hospitals"),
    ]
    _check_bounds(text, found)


def test_a_normal_sentence_keeps_one_quote_for_its_dated_clauses() -> None:
    text = "We will build 100 schools by 2030 and open 20 hospitals by 2032."
    found = extract(text, delivered_on=D)
    assert [c.quote for c in found] == [text, text]
    assert [c.deadline for c in found] == [date(2030, 12, 31), date(2032, 12, 31)]


def test_a_sentence_with_many_dated_clauses_quotes_each_clause() -> None:
    text = " and ".join(f"we will build {n} schools by {2030 + n}" for n in range(12))
    found = extract(text.capitalize() + ".", delivered_on=D)
    assert len(found) == 12 > MAX_SHARED_QUOTES
    assert found[0].quote == "We will build 0 schools by 2030"
    assert len({c.quote for c in found}) == 12


def test_the_candidate_cap_keeps_the_most_confident_in_text_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(extract_module, "MAX_CANDIDATES", 3)
    text = (
        "We must be united. "  # not a commitment
        "It is necessary to create a new agency. "
        "The Government will build 20 hospitals by 2030. "
        "We should develop tourism. "
        "I instruct the Government to build 40 schools by 2026. "
        "The Government will build 10 roads by 2027."
    )
    everything = extract_module.extract(text, delivered_on=D)
    monkeypatch.setattr(extract_module, "MAX_CANDIDATES", 100)
    assert len(extract_module.extract(text, delivered_on=D)) > 3
    assert [c.quote for c in everything] == [
        "The Government will build 20 hospitals by 2030.",
        "I instruct the Government to build 40 schools by 2026.",
        "The Government will build 10 roads by 2027.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "We will finish within 999 decades.",
        "We will finish within 999 years.",
        "We will finish within 200 years.",  # 2224
        "The programme will run over the next 190 years.",
        "The term of 999 years, starting from March 16 will end.",
    ],
)
def test_a_deadline_past_the_accepted_years_is_none_and_never_raises(
    sentence: str,
) -> None:
    assert parse_deadline(sentence, D) is None
    for candidate in extract(sentence, delivered_on=D):
        assert candidate.deadline is None


def test_the_caller_sets_the_accepted_years() -> None:
    assert parse_deadline("by 2150", D) == (date(2150, 12, 31), "by 2150")
    assert parse_deadline("by 2150", D, years=(1900, 2100)) is None
    assert parse_deadline("by 2100", D, years=(1900, 2100)) == (
        date(2100, 12, 31),
        "by 2100",
    )
    text = "The Government will build 20 hospitals by 2150."
    assert extract(text, delivered_on=D)[0].deadline == date(2150, 12, 31)
    assert extract(text, delivered_on=D, years=(1900, 2100))[0].deadline is None


# Every kind of deadline phrase, to run at the edges of the calendar.
_PHRASES = (
    "The Government will build 20 hospitals tomorrow; by the end of the year; next "
    "year; next month; in the first quarter of next year; in the second half of next "
    "year; next spring; this winter; by 1 March; by March; by 31 December; within "
    "three days; within 999 decades; over the next decade; in the first year; by "
    "2025-26; next financial year; FY24; in 2199; during the 2196-2200 period; by the "
    "end of the 15th Five-Year Plan; a period of 12 months, starting from March 16.\n\n"
    "Over a 999-year period, our priorities are:\n\n– building 40,000 homes;\n\n"
    "Over a five-year period, our tasks are:\n\n– halving waiting lists;\n\n"
    "Over a ²-year period, our goals are:\n\n– doubling exports.\n\n"
    "The financial year begins on 31 February in the United Kingdom."
)


@pytest.mark.parametrize(
    "delivered_on",
    [date.min, date(1899, 12, 31), date(1900, 1, 1), date(2199, 12, 31),
     date(2200, 12, 31), date(2201, 1, 1), date.max],
)  # fmt: skip
def test_delivery_dates_at_the_edges_never_raise(delivered_on: date) -> None:
    for kind in ("address", "interview"):
        found = extract(_PHRASES, delivered_on=delivered_on, kind=kind)
        for candidate in found:
            if candidate.deadline is not None:
                assert 1900 <= candidate.deadline.year <= 2200
                assert candidate.deadline >= delivered_on
    for sentence in _PHRASES.split(";"):
        result = parse_deadline(sentence, delivered_on)
        assert result is None or 1900 <= result[0].year <= 2200


def test_the_last_accepted_day_plus_a_year_is_no_deadline() -> None:
    last = date(2200, 12, 31)
    assert parse_deadline("We will do it next year.", last) is None
    assert parse_deadline("We will do it tomorrow.", last) is None
    assert parse_deadline("We will do it by the end of the year.", last) == (
        last,
        "by the end of the year",
    )
    assert parse_deadline("We will do it tomorrow.", date.max) is None
    text = "Over the next five years, our priorities are:\n\n– building 40,000 homes;\n"
    assert all(c.deadline is None for c in extract(text, delivered_on=last))
    found = extract(text, delivered_on=date(2195, 6, 1))
    assert [c.deadline for c in found] == [date(2200, 6, 1)]


# Inputs that made regexes or loops backtrack or rescan (each took minutes or more at
# these sizes); they run in a child process so that a regression fails instead of
# hanging the suite.
_PATHOLOGICAL = {
    "adverbs": "The Government will " + "only " * 60 + ".",
    "spaces after set": "We set" + " " * 4000 + "goals.",
    "spaces in a deadline": "We will finish during" + " " * 4000 + "x.",
    "spaces between clauses": "We will build" + " " * 4000 + "x by 2030.",
    "abbreviations": _fill("Mr. Smith ", 2**17),
    "hard-wrapped lines": _fill("word\n", 2**17),
    "a run of full stops": "." * 2**17,
    "digits": "1" * 2**17,
    "items under one lead-in": "Our tasks are:\n"
    + _fill("- the Government will build 10 schools by 2030;\n", 2**17),
    "planning periods": _fill(
        "During the 2026-2030 period, we will build 10 schools. ", 2**17
    ),
    "dated clauses": _fill("by 2030 and by 2031 and ", 2**17),
}
_CHILD = """
import json, sys, time
from datetime import date
from commitments.extraction import extract
text = sys.stdin.read()
started = time.process_time()
found = extract(text, delivered_on=date(2024, 1, 1))
print(json.dumps([time.process_time() - started, len(found)]))
"""


@pytest.mark.parametrize("name", sorted(_PATHOLOGICAL))
def test_pathological_inputs_do_not_hang_extraction(name: str) -> None:
    # A guard against backtracking, not a speed target (that is `make bench`): each
    # takes about a second, where the regressions it catches took minutes or hours.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _CHILD],
        input=_PATHOLOGICAL[name],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    _, count = json.loads(result.stdout)
    assert count <= MAX_CANDIDATES


_WORDS = [
    "The Government will", "build", "20 hospitals", "schools", "by 2030", "and",
    "next year", "within 999 decades", "within three years", "in 2199", "tomorrow",
    "in the first quarter", "over the next decade", "I instruct", "the Ministry",
    "to adopt", "a new Code", "we must", "1000", "7,000 quotas", "25%", "$1.5 billion",
    "only", "Mr.", "e.g.", "FY24", "2025-26", "from July 1", "while", "whereas",
    "as well as", "during the 2026-2030 period", "1" * 40, " " * 30,
]  # fmt: skip
_PUNCTUATION = [" ", " ", " ", ", ", "; ", ": ", " – ", "\n", "\n\n", ". ", "? "]
# Long texts of words, numbers, deadline phrases and punctuation drawn at random to
# 2,500-40,000 characters; half of them one line without a full stop, so that they
# must be cut into pieces. (Drawn from a seed: lists drawn item by item come out
# short and alike.)
_ONE_LINE = str.maketrans({".": " ", "?": " ", "\n": " "})


def _random_text(seed: int, length: int, one_line: bool) -> str:
    chooser = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < length:
        part = chooser.choice(_WORDS) + chooser.choice(_PUNCTUATION)
        parts.append(part)
        size += len(part)
    text = "".join(parts)[:length]
    return text.translate(_ONE_LINE) if one_line else text


_LONG_TEXT = st.builds(
    _random_text,
    st.integers(0, 2**32),
    st.sampled_from([2_500, 4_500, 9_000, 20_000, 40_000]),
    st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(
    text=_LONG_TEXT,
    delivered_on=st.dates(),
    kind=st.sampled_from(["address", "interview"]),
    last_year=st.integers(1900, 2300),
)
def test_extraction_of_long_random_sentences_stays_within_its_bounds(
    text: str, delivered_on: date, kind: str, last_year: int
) -> None:
    years = (1900, last_year)
    candidates = extract(text, delivered_on=delivered_on, kind=kind, years=years)
    _check_bounds(text, candidates)
    for candidate in candidates:
        if candidate.deadline is not None:
            assert 1900 <= candidate.deadline.year <= last_year


def _peak_bytes(text: str) -> int:
    """Peak memory of extracting from `text` and writing the result as JSON."""
    extract(text, delivered_on=D)  # warm the regex and area caches
    tracemalloc.start()
    try:
        found = extract(text, delivered_on=D)
        json.dumps([dataclasses.asdict(c) for c in found], default=str)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "unit",
    [
        "We will build 10 schools by 2030 and 20 hospitals by 2031; ",
        "The Government will build 20 hospitals by 2030. ",
        "- the Government will build 10 schools by 2030;\n",
    ],
)
def test_peak_memory_grows_linearly(unit: str) -> None:
    small = _peak_bytes(_fill(unit, 20_000))
    large = _peak_bytes(_fill(unit, 40_000))
    assert large <= 3 * small, (small, large)
