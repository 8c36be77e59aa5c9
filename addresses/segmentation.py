"""Split a normalised speech text into segments (pure; no Django).

A segment is a heading, a paragraph, or, in interviews, a paragraph of a question or
an answer. Segments never overlap, and `text[start:end]` is exactly the segment's
text without surrounding whitespace, so every later quote can point into it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from speechtext.turns import (
    INTERVIEWER,
    SEPARATOR,
    TURN_DASHES,
    TurnCounter,
    is_question,
    starts_with_dash,
)

SegmentKind = Literal["heading", "paragraph", "question", "answer"]

__all__ = ["INTERVIEWER", "SegmentKind", "SegmentSpan", "segment"]

# A line ending in one of these ends a sentence; closing quotes and brackets are
# looked through ("… for Action”" ends with the quote, not with the title's last word).
_SENTENCE_END = ".!?:;…"
_CLOSERS = "\"'”’»)]"
_HEADING_MAX_WORDS = 14
_HEADING_MAX_CHARS = 120
# Words a heading rarely ends on but a wrapped line of prose often does.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "our",
        "their",
        "its",
        "his",
        "her",
        "my",
        "your",
        "we",
        "they",
        "it",
        "not",
    ]
)


@dataclass(frozen=True)
class SegmentSpan:
    start: int
    end: int
    kind: SegmentKind
    speaker_label: str = ""


def segment(
    text: str, *, kind: str = "address", interviewee: str = ""
) -> list[SegmentSpan]:
    """Return the segments of `text` in reading order.

    Paragraphs are separated by blank lines; a block whose lines each end a sentence
    (sources that publish one sentence per line) gives one paragraph per line, while
    hard-wrapped prose stays one paragraph. For `kind="interview"`, paragraphs are
    read as turns by the rule extraction and linking use (`speechtext.turns`): a
    paragraph that starts with a dash opens the next turn (interviewer first, then
    alternating) unless it continues a list, and other paragraphs continue the
    current turn.
    """
    spans: list[SegmentSpan] = []
    turns = TurnCounter()
    for start, end in _paragraphs(text):
        body = text[start:end]
        dashed = starts_with_dash(body)
        if kind == "interview":
            turns.read(body, is_item=not dashed and _is_list_item(body))
        if not dashed and _is_heading(body):
            spans.append(SegmentSpan(start, end, "heading"))
        elif kind == "interview" and turns.turn >= 0:
            question = is_question(turns.turn)
            spans.append(
                SegmentSpan(
                    start,
                    end,
                    "question" if question else "answer",
                    INTERVIEWER if question else interviewee,
                )
            )
        else:
            spans.append(SegmentSpan(start, end, "paragraph"))
    return spans


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each paragraph, trimmed of surrounding whitespace."""
    for block_start, block_end in _blocks(text):
        lines = list(_lines(text, block_start, block_end))
        if len(lines) > 1 and _is_line_per_paragraph(text, lines):
            yield from lines
        else:
            yield lines[0][0], lines[-1][1]


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of runs of non-blank lines."""
    position = 0
    block_start: int | None = None
    block_end = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            if block_start is None:
                block_start = position
            block_end = position + len(line)
        elif block_start is not None:
            yield block_start, block_end
            block_start = None
        position += len(line)
    if block_start is not None:
        yield block_start, block_end


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield trimmed (start, end) of each line between `start` and `end`."""
    position = start
    for line in text[start:end].splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            offset = position + (len(line) - len(line.lstrip()))
            yield offset, offset + len(stripped)
        position += len(line)


def _is_line_per_paragraph(text: str, lines: list[tuple[int, int]]) -> bool:
    # Hard-wrapped prose breaks lines mid-sentence; one-sentence-per-line sources end
    # every line with a sentence, apart from headings and list items.
    return all(
        _ends_sentence(text[s:e])
        or _is_list_item(text[s:e])
        or _is_heading_line(text[s:e], text[next_s:next_e])
        for (s, e), (next_s, next_e) in itertools.pairwise(lines)
    )


def _is_heading_line(line: str, next_line: str) -> bool:
    # A wrapped line of prose also lacks final punctuation; a heading inside a block
    # is capitalised, ends on a content word, and the next line starts afresh.
    last_word = line.rsplit(None, 1)[-1].lower()
    return (
        _is_heading(line)
        and line[:1].isupper()
        and last_word not in _FUNCTION_WORDS
        and not next_line[:1].islower()
    )


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(tuple(_SENTENCE_END))


def _is_list_item(line: str) -> bool:
    return line.startswith((*TURN_DASHES, "•", "*")) or bool(
        re.match(r"\d+[.)]\s", line)
    )


def _is_heading(paragraph: str) -> bool:
    if "\n" in paragraph:
        return False
    if SEPARATOR.match(paragraph):
        return True
    stripped = paragraph.rstrip(_CLOSERS)
    return (
        len(paragraph) <= _HEADING_MAX_CHARS
        and len(paragraph.split()) <= _HEADING_MAX_WORDS
        and not stripped.endswith((*_SENTENCE_END, ","))
    )
