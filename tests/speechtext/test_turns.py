"""The interview turn rule, as segmentation, extraction and linking all read it."""

from __future__ import annotations

import pytest

from addresses.segmentation import segment as paragraphs
from speechtext.sentences import segment
from speechtext.turns import (
    INTERVIEWEE,
    INTERVIEWER,
    TurnCounter,
    opens_remarks,
    speaker_of,
    speaker_of_turn,
)


def _speakers(text: str) -> dict[str, str | None]:
    return {
        piece.text: speaker_of_turn(piece.turn)
        for piece in segment(text, interview=True)
    }


def test_turns_alternate_from_the_interviewer() -> None:
    text = (
        "Reported by our correspondent.\n\n"
        "– What will change next year?\n\n"
        "– Pensions will rise by 8 percent.\n\n"
        "They will rise again in 2026.\n\n"
        "– And wages?\n\n"
        "– Wages too."
    )

    assert _speakers(text) == {
        "Reported by our correspondent.": None,
        "What will change next year?": INTERVIEWER,
        "Pensions will rise by 8 percent.": INTERVIEWEE,
        "They will rise again in 2026.": INTERVIEWEE,
        "And wages?": INTERVIEWER,
        "Wages too.": INTERVIEWEE,
    }


def test_a_dashed_list_after_a_colon_stays_in_its_turn() -> None:
    text = (
        "– What are the priorities?\n\n"
        "– There are two:\n"
        "– roads;\n"
        "– schools.\n\n"
        "– Thank you. And the budget?\n\n"
        "– It is balanced."
    )

    speakers = _speakers(text)

    assert speakers["roads"] == speakers["schools"] == INTERVIEWEE
    assert speakers["Thank you."] == INTERVIEWER
    assert speakers["It is balanced."] == INTERVIEWEE


def test_a_dashed_question_after_a_colon_opens_a_turn() -> None:
    text = "– The plan says:\n– Will it be done by 2026?\n– Yes."

    speakers = _speakers(text)

    assert speakers["Will it be done by 2026?"] == INTERVIEWEE
    assert speakers["Yes."] == INTERVIEWER


def test_segmentation_reads_the_same_turns() -> None:
    text = (
        "– What are the priorities?\n\n"
        "– There are two:\n\n"
        "– roads;\n\n"
        "– schools.\n\n"
        "– And the budget?\n\n"
        "– It is balanced."
    )

    spans = paragraphs(text, kind="interview", interviewee="The President")

    assert [(text[s.start : s.end], s.speaker_label) for s in spans] == [
        ("– What are the priorities?", "interviewer"),
        ("– There are two:", "The President"),
        ("– roads;", "The President"),
        ("– schools.", "The President"),
        ("– And the budget?", "interviewer"),
        ("– It is balanced.", "The President"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "President of Russia Vladimir Putin: Good afternoon, colleagues.",
        "Prime Minister Jane Doe: Thank you all for coming.",
        "The Secretary of State: We will begin.",
    ],
)
def test_a_speakers_label_opens_remarks(line: str) -> None:
    assert opens_remarks(line)


@pytest.mark.parametrize(
    "line",
    [
        "December 20, 2018, Moscow",
        "The news conference was broadcast live: on radio and television.",
        "Note: the transcript is abridged.",
        "– Good afternoon.",
    ],
)
def test_other_preamble_lines_open_no_remarks(line: str) -> None:
    assert not opens_remarks(line)


def test_labelled_opening_remarks_are_the_interviewees() -> None:
    text = (
        "Annual news conference\n\n"
        "December 20, Moscow\n\n"
        "Prime Minister Jane Doe: Good afternoon.\n\n"
        "We will cut the deficit by 2027.\n\n"
        "– Thank you. When will taxes fall?\n\n"
        "– Next year."
    )

    assert _speakers(text) == {
        "Annual news conference": None,
        "December 20, Moscow": None,
        "Prime Minister Jane Doe: Good afternoon.": INTERVIEWEE,
        "We will cut the deficit by 2027.": INTERVIEWEE,
        "Thank you.": INTERVIEWER,
        "When will taxes fall?": INTERVIEWER,
        "Next year.": INTERVIEWEE,
    }
    kinds = [
        span.kind for span in paragraphs(text, kind="interview", interviewee="Doe")
    ]
    assert kinds == ["heading", "heading", "answer", "answer", "question", "answer"]


def test_a_label_after_the_first_turn_changes_nothing() -> None:
    counter = TurnCounter()
    counter.read("– A question?")
    counter.read("Jane Doe: an aside.")

    assert counter.turn == 0


def test_speaker_of_names_the_address_speaker_outside_interviews() -> None:
    class Piece:
        turn = -1

    assert speaker_of(Piece(), False) == "speaker"
    assert speaker_of(Piece(), True) is None
    Piece.turn = 3
    assert speaker_of(Piece(), True) == "speaker"
    Piece.turn = 2
    assert speaker_of(Piece(), True) == "interviewer"
