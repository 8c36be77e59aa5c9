"""Sentence splitting: offsets slice the text, and the usual traps do not split."""

from __future__ import annotations

import pytest

from speechtext.sentences import segment


def _texts(text: str, *, interview: bool = False) -> list[str]:
    segments = segment(text, interview=interview)
    for seg in segments:
        assert text[seg.start : seg.end] == seg.text
    return [seg.text for seg in segments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Aid reached 42,500 tenge ($1.1billion). Output grew 1.5 times.",
            ["Aid reached 42,500 tenge ($1.1billion).", "Output grew 1.5 times."],
        ),
        (
            "Mr. Smith met Dr. Jones at 5 p.m. today. They agreed.",
            ["Mr. Smith met Dr. Jones at 5 p.m. today.", "They agreed."],
        ),
        (
            "J. F. Kennedy said so, e.g. in 1961. It stands.",
            ["J. F. Kennedy said so, e.g. in 1961.", "It stands."],
        ),
        (
            "He said: “We will build it.” The work began.",
            ["He said: “We will build it.”", "The work began."],
        ),
        (
            "Is it fair?! We think not. Yes!",
            ["Is it fair?!", "We think not.", "Yes!"],
        ),
        (
            "The plan – bold as it is – will work.",
            ["The plan – bold as it is – will work."],
        ),
    ],
)
def test_split_keeps_abbreviations_decimals_money_and_quotes(
    text: str, expected: list[str]
) -> None:
    assert _texts(text) == expected


def test_list_items_drop_their_dash_and_closing_semicolon() -> None:
    text = (
        "Our main tasks are:\n\n– self-sufficiency in grain;\n\n– doubling exports.\n"
    )
    assert _texts(text) == [
        "Our main tasks are:",
        "self-sufficiency in grain",
        "doubling exports",
    ]
    items = [s for s in segment(text) if s.is_item]
    assert len(items) == 2


def test_numbered_items_and_headings() -> None:
    segments = segment("Economy\n\n1. Fair competition.\n2. Open markets.\n")
    assert segments[0].is_heading
    assert [s.text for s in segments[1:]] == ["Fair competition", "Open markets"]
    assert all(s.is_item for s in segments[1:])


def test_one_sentence_per_line_sources() -> None:
    text = "The fund will be created\nTaxes will fall next year\n"
    assert _texts(text) == ["The fund will be created", "Taxes will fall next year"]


def test_hard_wrapped_lines_are_joined() -> None:
    text = "The Government will build\nnew schools in every district.\n"
    assert _texts(text) == ["The Government will build\nnew schools in every district."]


def test_separator_lines_are_not_list_items() -> None:
    assert not any(s.is_item for s in segment("Done.\n\n* * *\n\nNext part.\n"))


def test_interview_turns_alternate_interviewer_first() -> None:
    text = (
        "Intro by the paper.\n\n– What will you do?\n\n– We will build roads.\n\n"
        "More answer.\n\n– Thank you.\n"
    )
    turns = {s.text: s.turn for s in segment(text, interview=True)}
    assert turns == {
        "Intro by the paper.": -1,
        "What will you do?": 0,
        "We will build roads.": 1,
        "More answer.": 1,
        "Thank you.": 2,
    }
