"""Split a speech text into sentences and list items with exact character offsets.

Every `Segment` satisfies `text[segment.start:segment.end] == segment.text`. Lines are
the first unit (sources put paragraphs, list items and sometimes single sentences on
lines of their own); a line without closing punctuation followed by a line that starts
in lower case is a hard wrap and is joined with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that end in a full stop without ending a sentence. Lower-cased, without the
# final dot; single capital letters (initials) are handled separately.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt",
        "capt", "gov", "sen", "rep", "hon", "rt", "messrs", "no", "nos", "art", "arts",
        "para", "sec", "ch", "vol", "pp", "p", "fig", "approx", "est", "etc", "vs",
        "cf", "ca", "e.g", "i.e", "inc", "ltd", "co", "corp", "dept", "govt", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mln", "bln", "bn", "trln", "thous", "sq", "km", "u.s", "u.k", "u.n", "a.m",
        "p.m", "op", "cit", "ibid", "al",
    }
)  # fmt: skip

# Line openers that mark a list item (or, in an interview, a new turn).
_BULLET = re.compile(r"(?:[–—•·▪*]|-(?=\s)|\(?\d{1,2}[.)](?=\s)|\(?[a-z][.)](?=\s))\s*")
_DASH_BULLET = re.compile(r"[–—-]\s*")
# Punctuation that may close a sentence, possibly followed by closing quotes/brackets.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s)")
_OPENER = re.compile(r"[\"“‘«(\[–—]?\s*[A-ZА-ЯЁ0-9]")
_LINE_END = re.compile(r"[.!?:;…\"”’»)]\s*$")


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence, list item or heading of the text."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int = 0
    is_item: bool = False
    is_heading: bool = False
    turn: int = -1  # interview turn number; -1 outside interviews


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    body_start: int  # after a bullet or turn dash
    has_bullet: bool
    has_dash: bool
    paragraph: int


def _lines(text: str) -> list[_Line]:
    raw: list[tuple[int, int, int]] = []  # start, end, paragraph
    paragraph = 0
    position = 0
    blank = True
    for line in text.split("\n"):
        stripped = line.strip()
        begin = position + (len(line) - len(line.lstrip()))
        end = begin + len(stripped)
        position += len(line) + 1
        if not stripped:
            blank = True
            continue
        # Join hard-wrapped lines: no closing punctuation, and a lower-case start.
        if (
            raw
            and not blank
            and not _LINE_END.search(text[raw[-1][0] : raw[-1][1]])
            and stripped[0].islower()
        ):
            raw[-1] = (raw[-1][0], end, raw[-1][2])
            continue
        if blank:
            paragraph += 1
        blank = False
        raw.append((begin, end, paragraph))
    result = []
    for begin, end, par in raw:
        chunk = text[begin:end]
        dash = _DASH_BULLET.match(chunk)
        bullet = _BULLET.match(chunk)
        body = begin
        if bullet and bullet.end() < len(chunk):
            body = begin + bullet.end()
        result.append(
            _Line(begin, end, body, bullet is not None, dash is not None, par)
        )
    return result


def _is_abbreviation(chunk: str, dot: int) -> bool:
    """Tell whether the full stop at `dot` ends an abbreviation or an initial."""
    match = re.search(r"([\w.]+)\.$", chunk[: dot + 1])
    if not match:
        return False
    token = match.group(1)
    if len(token) == 1 and token.isupper():
        return True  # an initial, as in "J. Smith"
    return token.lower() in ABBREVIATIONS


def split_sentences(chunk: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of one line of text."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _BOUNDARY.finditer(chunk):
        end = match.end()
        rest = chunk[end:].lstrip()
        if not rest:
            break
        if not _OPENER.match(rest):
            continue
        marks = match.group(0)
        is_single_stop = marks.startswith(".") and len(marks.rstrip('"”’»)]')) == 1
        if is_single_stop and _is_abbreviation(chunk, match.start()):
            continue
        spans.append((begin, end))
        begin = end + (len(chunk[end:]) - len(rest))
    if begin < len(chunk):
        tail = chunk[begin:].rstrip()
        if tail:
            spans.append((begin, begin + len(tail)))
    return spans


def _trim_item(text: str, start: int, end: int) -> tuple[int, int]:
    # A list item's quote leaves out its closing ";" or "," (and "." after ";").
    while end > start and text[end - 1] in ";,. ":
        end -= 1
    return start, end


def segment(text: str, *, interview: bool = False) -> list[Segment]:
    """Split `text` into sentences, list items and headings, in order.

    With `interview`, a line that opens with a dash starts a new turn (turns alternate,
    the interviewer first) unless it continues a list introduced by a colon.
    """
    segments: list[Segment] = []
    turn = -1
    previous: _Line | None = None
    in_list = False
    for line in _lines(text):
        chunk_start = line.start
        is_item = False
        if interview and line.has_dash:
            prev_text = text[previous.start : previous.end] if previous else ""
            continues_list = in_list or prev_text.rstrip().endswith(":")
            if continues_list and not text[line.start : line.end].endswith("?"):
                is_item = True
            else:
                turn += 1
                in_list = False
            chunk_start = line.body_start
        elif (
            line.has_bullet
            and line.body_start > line.start
            and re.search(r"[^\W\d_]", text[line.body_start : line.end])
        ):
            is_item = True
            chunk_start = line.body_start
        in_list = is_item
        previous = line
        turn_value = -1 if interview and turn < 0 else turn if interview else -1
        chunk = text[chunk_start : line.end]
        if is_item:
            start, end = _trim_item(text, chunk_start, line.end)
            if end > start:
                segments.append(
                    Segment(start, end, text[start:end], line.paragraph, 0, True,
                            False, turn_value)
                )  # fmt: skip
            continue
        spans = split_sentences(chunk)
        is_heading = (
            len(spans) == 1 and not _LINE_END.search(chunk) and len(chunk) < 120
        )
        for begin, end in spans:
            start, stop = chunk_start + begin, chunk_start + end
            segments.append(
                Segment(start, stop, text[start:stop], line.paragraph, 0, False,
                        is_heading, turn_value)
            )  # fmt: skip
    return [
        Segment(s.start, s.end, s.text, s.paragraph, i, s.is_item, s.is_heading, s.turn)
        for i, s in enumerate(segments)
    ]
