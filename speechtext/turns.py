"""Who speaks each turn of an interview laid out as Uade expects.

In the interview layout every turn opens with a dash ("– "), the interviewer's
first, and turns alternate: turn 0, 2, 4 … are the interviewer's, 1, 3, 5 … the
interviewee's. What comes before the first turn is the preamble (the reporter's
introduction, turn -1), unless a line of it opens with a speaker's label ("President
of Russia Vladimir Putin: Good afternoon"): a transcript that keeps the
interviewee's opening remarks in its header, before the first question. The layout
gives every interviewer's turn a dash, so a labelled speaker without one is the
interviewee. From the label to the first dash is the interviewee's turn 1 (turn 0, a
question, is absent), so that the alternation after it is unchanged.

A dashed line is not always a turn: a list inside an answer may use dashes too.
"""

from __future__ import annotations

import re
from typing import Literal, Protocol

Speaker = Literal["interviewer", "interviewee"]
INTERVIEWER: Speaker = "interviewer"
INTERVIEWEE: Speaker = "interviewee"

PREAMBLE = -1
# The turn number of the interviewee's opening remarks, before anyone asks.
OPENING_REMARKS = 1

TURN_DASHES = ("–", "—", "-")
# A line of dashes, stars or bullets alone separates sections; it opens no turn.
SEPARATOR = re.compile(r"^[*•·\-–—_=~\s]{3,}$")
# A transcript's speaker label: two to eight capitalised words (small particles such
# as "of" between them), then a colon ("President of Russia Vladimir Putin: …").
_LABEL = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+)(?:(?:of|the|de|da|van|von|[A-Z][\w.’'-]*)\s+){0,6}"
    r"[A-Z][\w.’'-]*:\s+\S"
)


class Turned(Protocol):
    """Anything that knows its turn (a sentence of `speechtext.sentences`)."""

    @property
    def turn(self) -> int: ...


def starts_with_dash(line: str) -> bool:
    """Tell whether a trimmed line opens with a turn dash (and is no separator)."""
    return line.startswith(TURN_DASHES) and not SEPARATOR.match(line)


def opens_turn(line: str, previous: str, previous_is_item: bool) -> bool:
    """Tell whether a trimmed line opens the next turn of an interview.

    A line that starts with a dash opens a turn, unless it continues a list (the line
    before is a list item or ends with a colon) and asks no question.
    """
    if not starts_with_dash(line):
        return False
    continues_list = previous_is_item or previous.rstrip().endswith(":")
    return not continues_list or line.rstrip().endswith("?")


def opens_remarks(line: str) -> bool:
    """Tell whether a trimmed line of the preamble opens the interviewee's remarks."""
    return _LABEL.match(line) is not None


class TurnCounter:
    """Number the turns of an interview, one line (or paragraph) at a time."""

    def __init__(self) -> None:
        self.turn = PREAMBLE
        self._previous = ""
        self._previous_is_item = False

    def read(self, line: str, *, is_item: bool = False) -> bool:
        """Read the next trimmed line and return whether it opened a turn.

        `is_item` tells that the line is a list item of another kind (a bullet), so
        that a dashed line after it continues the list. The turn the line belongs to
        is `self.turn` afterwards.
        """
        opened = opens_turn(line, self._previous, self._previous_is_item)
        if opened:
            self.turn += 1
        elif self.turn == PREAMBLE and opens_remarks(line):
            self.turn = OPENING_REMARKS
        self._previous = line
        self._previous_is_item = is_item or (starts_with_dash(line) and not opened)
        return opened


def is_question(turn: int) -> bool:
    """Tell whether an interview turn is the interviewer's."""
    return turn >= 0 and turn % 2 == 0


def speaker_of_turn(turn: int) -> Speaker | None:
    """Return who speaks an interview turn; None for the preamble."""
    if turn < 0:
        return None
    return INTERVIEWER if turn % 2 == 0 else INTERVIEWEE


def speaker_of(piece: Turned, is_interview: bool) -> str | None:
    """Return who says a sentence: "speaker" (the address's speaker, or the
    interviewee), "interviewer", or None for an interview's preamble."""
    if not is_interview:
        return "speaker"
    speaker = speaker_of_turn(piece.turn)
    return "speaker" if speaker == INTERVIEWEE else speaker
