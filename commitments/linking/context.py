"""What an evidence sentence is read with: the sentence it refers back to, and its
coordinated clauses (pure Python)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from commitments.linking.words import content_words
from speechtext.clauses import REPORT_CLAUSE_BREAK, refers_back
from speechtext.sentences import segment

__all__ = ["antecedents", "clauses", "refers_back"]


def antecedents(
    text: str, spans: Iterable[tuple[int, int]], *, interview: bool = False
) -> dict[tuple[int, int], str]:
    """Return, for each span of `text` that refers back, the sentence before it.

    The span is a commitment's quote; the sentence before is the one preceding the
    sentence the quote starts in, headings skipped. Spans that do not refer back, or
    that open the text, are left out.
    """
    pieces = [
        piece for piece in segment(text, interview=interview) if not piece.is_heading
    ]
    starts = [piece.start for piece in pieces]
    found: dict[tuple[int, int], str] = {}
    for start, end in spans:
        here = bisect.bisect_right(starts, start) - 1
        if here >= 1 and refers_back(text[start:end]):
            found[(start, end)] = pieces[here - 1].text
    return found


def clauses(sentence: str) -> list[str]:
    """Split a sentence into its coordinated clauses; [] when there is only one.

    A clause needs two content words to count: "and so on" is no report.
    """
    parts = [
        part
        for part in REPORT_CLAUSE_BREAK.split(sentence)
        if len(content_words(part)) >= 2
    ]
    return parts if len(parts) > 1 else []
