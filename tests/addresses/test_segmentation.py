"""addresses.segmentation: headings, paragraphs, interview turns (pure; no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addresses.segmentation import INTERVIEWER, SegmentSpan, segment
from addresses.text import decode_text

INTERVIEW_SEED = "002_14ce51083ba6dd0f.txt"
ADDRESS_SEED = "000_c6f83971ef7d8c01.txt"
TOKAYEV = "Kassym-Jomart Tokayev"


def texts(text: str, spans: list[SegmentSpan]) -> list[str]:
    return [text[span.start : span.end] for span in spans]


def kinds(spans: list[SegmentSpan]) -> list[str]:
    return [span.kind for span in spans]


def assert_spans_slice_exactly(text: str, spans: list[SegmentSpan]) -> None:
    """Ordered, non-overlapping, trimmed, and covering every non-blank line."""
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        body = text[span.start : span.end]
        assert body == body.strip()
        previous_end = span.end
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            line_start = position + len(line) - len(line.lstrip())
            line_end = line_start + len(line.strip())
            assert any(
                span.start <= line_start and line_end <= span.end for span in spans
            ), f"line not covered: {line!r}"
        position += len(line)


@pytest.fixture
def seed_text(seed_bytes):
    return lambda name: decode_text(seed_bytes(name))


@pytest.mark.parametrize(
    ("name", "kind"), [(ADDRESS_SEED, "address"), (INTERVIEW_SEED, "interview")]
)
def test_segment_offsets_slice_each_seed_exactly(seed_text, name, kind):
    text = seed_text(name)

    spans = segment(text, kind=kind, interviewee=TOKAYEV)

    assert len(spans) > 100
    assert_spans_slice_exactly(text, spans)


def test_segment_interview_seed_opens_with_the_interviewers_turn(seed_text):
    text = seed_text(INTERVIEW_SEED)

    spans = segment(text, kind="interview", interviewee=TOKAYEV)

    turns = [span for span in spans if span.kind in ("question", "answer")]
    assert texts(text, turns[:2]) == [
        "– Thank you, Kasym-Jomart Kemelevich, for finding time in your busy schedule "
        "for an interview with the newspaper Egemen Qazaqstan. The Kazakh press has "
        "been waiting for your opinion on issues of concern to our society. Therefore, "
        "today I would like to talk to you frankly on these topics.",
        "What was memorable for you last year?",
    ]
    assert [(span.kind, span.speaker_label) for span in turns[:2]] == [
        ("question", INTERVIEWER),
        ("question", INTERVIEWER),
    ]


def test_segment_interview_seed_gives_the_answer_to_the_interviewee(seed_text):
    text = seed_text(INTERVIEW_SEED)

    spans = segment(text, kind="interview", interviewee=TOKAYEV)

    (answer,) = [
        span
        for span in spans
        if text[span.start :].startswith("– I would like to take this opportunity")
    ]
    assert (answer.kind, answer.speaker_label) == ("answer", TOKAYEV)


def test_segment_interview_dashes_alternate_turns_and_undashed_paragraphs_continue():
    text = (
        "– What will you build?\n\n"
        "And when?\n\n"
        "– Schools.\n\n"
        "Many of them, by 2025.\n\n"
        "– Thank you.\n\n"
        "— Thank you too."
    )

    spans = segment(text, kind="interview", interviewee="Tokayev")

    assert [(span.kind, span.speaker_label) for span in spans] == [
        ("question", INTERVIEWER),
        ("question", INTERVIEWER),
        ("answer", "Tokayev"),
        ("answer", "Tokayev"),
        ("question", INTERVIEWER),
        ("answer", "Tokayev"),
    ]


def test_segment_interview_text_before_the_first_dash_is_plain_paragraphs():
    text = "3 January 2024\n\nThe newspaper spoke to the president.\n\n– A question?"

    spans = segment(text, kind="interview", interviewee="Tokayev")

    assert kinds(spans) == ["heading", "paragraph", "question"]


def test_segment_address_ignores_dashes():
    text = "– We will act.\n\n– We will build."

    assert kinds(segment(text)) == ["paragraph", "paragraph"]


def test_segment_one_sentence_per_line_gives_one_paragraph_per_line():
    text = (
        "The session begins at a challenging time.\n"
        "Our country continues to confront the pandemic!\n"
        "Did we rally together?\n"
        "We did: as one people…\n"
        "“This is our strength.”\n"
    )

    spans = segment(text)

    assert kinds(spans) == ["paragraph"] * 5
    assert texts(text, spans) == text.splitlines()


def test_segment_hard_wrapped_prose_with_long_lines_stays_one_paragraph():
    # Lines of more than 14 words, or ending mid-sentence with a comma.
    text = (
        "The fight against coronavirus was conducted thanks to the essential features "
        "of our\n"
        "people, and it showed the importance of mutual assistance, compassion and a "
        "new readiness to\n"
        "confront an unprecedented disaster together,\n"
        "as one people.\n"
        "\n"
        "Next paragraph."
    )

    spans = segment(text)

    assert kinds(spans) == ["paragraph", "paragraph"]
    assert texts(text, spans)[0] == text.split("\n\n")[0]


def test_segment_hard_wrapped_prose_stays_one_paragraph():
    # Wrapped at 72 columns, as plain-text sources usually are.
    text = (
        "The work of the next session of Parliament begins at a challenging\n"
        "time. Our country continues to confront the pandemic that threatens\n"
        "the entire global community.\n"
    )

    spans = segment(text)

    assert kinds(spans) == ["paragraph"]
    assert texts(text, spans) == [text.strip()]


def test_segment_heading_then_sentences_in_one_block():
    text = "Economic Policy\nWe will grow.\nWe will build."

    spans = segment(text)

    assert kinds(spans) == ["heading", "paragraph", "paragraph"]
    assert texts(text, spans) == ["Economic Policy", "We will grow.", "We will build."]


def test_segment_list_items_stay_separate_lines():
    text = (
        "We set three tasks:\n1. Build schools;\n2. Build hospitals;\n3. Build roads."
    )

    spans = segment(text)

    assert texts(text, spans) == text.splitlines()


@pytest.mark.parametrize(
    "line",
    [
        "Economic Policy",
        "I. A New Model of Public Administration",
        "President’s Address ”Kazakhstan in a New Reality: Time for Action”",
        "* * *",
        "***",
        "— — —",
    ],
)
def test_segment_short_lines_without_final_punctuation_and_separators_are_headings(
    line,
):
    text = f"Opening sentence.\n\n{line}\n\nClosing sentence."

    spans = segment(text)

    assert kinds(spans) == ["paragraph", "heading", "paragraph"]
    assert texts(text, spans)[1] == line


@pytest.mark.parametrize(
    "line",
    [
        "We will act.",
        "Will we act?",
        "Dear compatriots,",
        "The three tasks are:",
        "“We will act.”",
        "Twenty one words " * 5 + "without any final punctuation at all",
    ],
)
def test_segment_lines_ending_a_sentence_or_too_long_are_paragraphs(line):
    assert kinds(segment(line)) == ["paragraph"]


def test_segment_separator_inside_an_interview_does_not_open_a_turn():
    text = "– Question?\n\n– Answer.\n\n* * *\n\n– - -\n\nMore of the answer."

    spans = segment(text, kind="interview", interviewee="Tokayev")

    assert kinds(spans)[:3] == ["question", "answer", "heading"]
    assert spans[-1].kind == "answer"


def test_segment_of_blank_text_is_empty():
    assert segment("") == []
    assert segment(" \n\n\t\n") == []


def test_segment_trims_indentation_and_trailing_spaces():
    text = "\n\n   Indented sentence.   \n\n\tTabbed sentence.\t\n"

    spans = segment(text)

    assert texts(text, spans) == ["Indented sentence.", "Tabbed sentence."]


lines = st.lists(
    st.one_of(
        st.just(""),
        st.sampled_from(["   ", "\t", "* * *", "– ", "— Question?", "Heading"]),
        st.text(
            alphabet=st.characters(
                blacklist_categories=["Cs"], blacklist_characters="\r"
            ),
            max_size=40,
        ),
    ),
    max_size=30,
)


@given(lines=lines, kind=st.sampled_from(["address", "interview"]))
def test_segment_spans_are_ordered_trimmed_and_slice_exactly(lines, kind):
    text = "\n".join(lines)

    spans = segment(text, kind=kind, interviewee="Tokayev")

    assert_spans_slice_exactly(text, spans)
