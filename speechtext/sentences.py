"""Split a speech text into sentences and list items with exact character offsets.

Every `Segment` satisfies `text[segment.start:segment.end] == segment.text`. Lines are
the first unit (sources put paragraphs, list items and sometimes single sentences on
lines of their own); a line without closing punctuation followed by a line that starts
in lower case is a hard wrap and is joined with it.

A segment is at most `MAX_SENTENCE_CHARS` long: a longer "sentence" (a line with no
full stop, a list item that never ends) is cut into pieces at clause boundaries, so
that the work and memory spent on any text stay linear in its length. Every step here
is linear in the text: no scan starts again from the beginning of a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from speechtext.turns import TurnCounter, starts_with_dash

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

# The longest segment. The longest real sentence in the corpus and the seeds is 1,333
# characters (a Russian presidential instruction), so a cap of 4,000 never cuts a
# real one; a longer run is cut after a ";", ":" or "," or at a space (`_pieces`).
MAX_SENTENCE_CHARS = 4000

# Line openers that mark a list item (or, in an interview, a new turn).
_BULLET = re.compile(r"(?:[–—•·▪*]|-(?=\s)|\(?\d{1,2}[.)](?=\s)|\(?[a-z][.)](?=\s))\s*")
# Punctuation that may close a sentence, possibly followed by closing quotes/brackets.
# A run of marks is tried from its first mark only (the lookbehind): a run that does
# not end a sentence would otherwise be scanned again from each of its marks.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[\"”’»)\]]*(?=\s)")
_OPENER = re.compile(r"[\"“‘«(\[–—]?\s*[A-ZА-ЯЁ0-9]")
_LINE_END = re.compile(r"[.!?:;…\"”’»)]\s*$")
_LINE_END_MARKS = frozenset('.!?:;…"”’»)')
_SPACES = re.compile(r"\s*")
# The token before a full stop, read from at most this many characters back (longer
# than any abbreviation, so a longer token is not one either).
_TOKEN_BEFORE_DOT = re.compile(r"([\w.]+)\.$")
_TOKEN_WINDOW = 16
# The last whitespace before a limit (see `_pieces`).
_LAST_SPACE = re.compile(r"(?s:.*)\s")


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


def _raw_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, paragraph) of each non-blank line, hard wraps joined."""
    last: tuple[int, int, int] | None = None
    paragraph = 0
    position = 0
    blank = True
    size = len(text)
    while position <= size:
        newline = text.find("\n", position)
        stop = size if newline < 0 else newline
        line = text[position:stop]
        stripped = line.strip()
        begin = position + (len(line) - len(line.lstrip()))
        end = begin + len(stripped)
        position = stop + 1
        if not stripped:
            blank = True
            continue
        # Join hard-wrapped lines: no closing punctuation, and a lower-case start.
        # (The line so far ends in a non-space: its last character decides.)
        if (
            last is not None
            and not blank
            and text[last[1] - 1] not in _LINE_END_MARKS
            and stripped[0].islower()
        ):
            last = (last[0], end, last[2])
            continue
        if blank:
            paragraph += 1
        blank = False
        if last is not None:
            yield last
        last = (begin, end, paragraph)
    if last is not None:
        yield last


def _lines(text: str) -> Iterator[_Line]:
    for begin, end, par in _raw_lines(text):
        chunk = text[begin:end]
        bullet = _BULLET.match(chunk)
        body = begin
        if bullet and bullet.end() < len(chunk):
            body = begin + bullet.end()
        yield _Line(begin, end, body, bullet is not None, starts_with_dash(chunk), par)


def _skip_spaces(text: str, position: int, end: int) -> int:
    """Return the first position from `position` (up to `end`) that is no space."""
    spaces = _SPACES.match(text, position, end)
    return spaces.end() if spaces else position


def _is_abbreviation(chunk: str, dot: int) -> bool:
    """Tell whether the full stop at `dot` ends an abbreviation or an initial."""
    match = _TOKEN_BEFORE_DOT.search(chunk, max(0, dot - _TOKEN_WINDOW), dot + 1)
    if not match:
        return False
    token = match.group(1)
    if len(token) == 1 and token.isupper():
        return True  # an initial, as in "J. Smith"
    return token.lower() in ABBREVIATIONS


def split_sentences(chunk: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of one line of text."""
    return list(_sentence_spans(chunk))


def _sentence_spans(chunk: str) -> Iterator[tuple[int, int]]:
    """Yield the spans `split_sentences` returns, one at a time."""
    begin = 0
    for match in _BOUNDARY.finditer(chunk):
        end = match.end()
        rest = _skip_spaces(chunk, end, len(chunk))  # where the next sentence opens
        if rest == len(chunk):
            break
        if not _OPENER.match(chunk, rest):
            continue
        marks = match.group(0)
        is_single_stop = marks.startswith(".") and len(marks.rstrip('"”’»)]')) == 1
        if is_single_stop and _is_abbreviation(chunk, match.start()):
            continue
        yield begin, end
        begin = rest
    if begin < len(chunk):
        tail = chunk[begin:].rstrip()
        if tail:
            yield begin, begin + len(tail)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut `text[start:end]` into pieces of at most `MAX_SENTENCE_CHARS` characters.

    Each cut is after the last ";", else ":", else ",", else at the last whitespace in
    the second half of the allowed length (so every piece but the last is at least
    half of it, and the work stays linear), else at the limit itself. Pieces keep
    exact offsets and have no whitespace at either end.
    """
    cap = MAX_SENTENCE_CHARS
    while end - start > cap:
        limit, floor = start + cap, start + cap // 2
        cut = next_start = -1
        for mark in ";:,":
            at = text.rfind(mark, floor, limit)
            if at >= 0:
                cut = next_start = at + 1
                break
        if cut < 0:
            space = _LAST_SPACE.match(text, floor, limit)
            if space is not None:
                cut, next_start = space.end() - 1, space.end()
            else:
                cut = next_start = limit
        piece_end = start + len(text[start:cut].rstrip())
        if piece_end > start:
            yield start, piece_end
        start = _skip_spaces(text, next_start, end)
    if end > start:
        yield start, end


def _trim_item(text: str, start: int, end: int) -> tuple[int, int]:
    # A list item's quote leaves out its closing ";" or "," (and "." after ";").
    while end > start and text[end - 1] in ";,. ":
        end -= 1
    return start, end


def segment(text: str, *, interview: bool = False) -> list[Segment]:
    """Split `text` into sentences, list items and headings, in order.

    With `interview`, each segment carries the turn it belongs to (see
    `speechtext.turns`: a dashed line opens the next turn unless it continues a list).
    """
    segments: list[Segment] = []
    turns = TurnCounter()
    for line in _lines(text):
        chunk_start = line.start
        if interview and line.has_dash:
            is_item = not turns.read(text[line.start : line.end])
            chunk_start = line.body_start
        else:
            is_item = (
                line.has_bullet
                and line.body_start > line.start
                and re.search(r"[^\W\d_]", text[line.body_start : line.end]) is not None
            )
            if is_item:
                chunk_start = line.body_start
            if interview:
                turns.read(text[line.start : line.end], is_item=is_item)
        turn_value = turns.turn if interview else -1
        chunk = text[chunk_start : line.end]
        if is_item:
            item_start, item_end = _trim_item(text, chunk_start, line.end)
            for start, end in _pieces(text, item_start, item_end):
                segments.append(
                    Segment(start, end, text[start:end], line.paragraph,
                            len(segments), True, False, turn_value)
                )  # fmt: skip
            continue
        # A heading is short: only a short line's sentences are counted (a list of a
        # long line's would cost memory for nothing).
        is_heading = (
            len(chunk) < 120
            and len(split_sentences(chunk)) == 1
            and not _LINE_END.search(chunk)
        )
        for begin, end in _sentence_spans(chunk):
            for start, stop in _pieces(text, chunk_start + begin, chunk_start + end):
                segments.append(
                    Segment(start, stop, text[start:stop], line.paragraph,
                            len(segments), False, is_heading, turn_value)
                )  # fmt: skip
    return segments
