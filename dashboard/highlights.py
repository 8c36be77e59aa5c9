"""Commitments marked in a speech's paragraphs, as pieces of plain text.

Pure Python, no Django: the speech text is cut into pieces that the template
renders one by one with autoescaping, so no HTML is ever built from speech text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Span(Generic[T]):
    """`text[start:end]` belongs to `item` (a mention, say)."""

    start: int
    end: int
    item: T


@dataclass(frozen=True)
class Piece(Generic[T]):
    """`text[start:end]` of one paragraph, with the spans that cover all of it.

    `marks` is empty for plain text; overlapping spans are all listed, the one
    that starts first (the longest on a tie) first. `tags` are the spans whose
    label follows this piece: each span is labelled once, after its last piece in
    the first paragraph it reaches.
    """

    text: str
    start: int
    end: int
    marks: tuple[T, ...] = ()
    tags: tuple[T, ...] = ()


def _order(span: Span[T]) -> tuple[int, int]:
    return (span.start, -span.end)


def cut(
    text: str,
    start: int,
    end: int,
    spans: Sequence[Span[T]],
    tagged: Sequence[Span[T]] = (),
) -> list[Piece[T]]:
    """`text[start:end]` as pieces covering it exactly once, in order, none empty.

    Spans may overlap each other and reach past either end of the paragraph;
    only their part inside it is marked. Each span in `tagged` that reaches the
    paragraph is labelled after the last piece it covers here.
    """
    inside = sorted(
        (span for span in spans if span.start < end and span.end > start),
        key=_order,
    )
    cuts = {start, end}
    for span in inside:
        cuts.update((max(span.start, start), min(span.end, end)))
    bounds = sorted(cuts)
    labels = sorted(
        (span for span in tagged if span.start < end and span.end > start),
        key=_order,
    )
    pieces = []
    for low, high in itertools.pairwise(bounds):
        pieces.append(
            Piece(
                text=text[low:high],
                start=low,
                end=high,
                marks=tuple(
                    span.item
                    for span in inside
                    if span.start <= low and span.end >= high
                ),
                tags=tuple(span.item for span in labels if min(span.end, end) == high),
            )
        )
    return pieces


def highlight(
    text: str, paragraphs: Sequence[tuple[int, int]], spans: Sequence[Span[T]]
) -> list[list[Piece[T]]]:
    """Each paragraph `(start, end)` of `text`, in the order given, as `cut()` pieces.

    Paragraphs must not overlap. A span is labelled in the first paragraph it
    reaches, so one that crosses a paragraph's end is marked in both but labelled
    once; a span lying wholly between paragraphs is left out. One sweep over both,
    sorted: a long speech with many spans costs no more than its overlaps.
    """
    waiting = sorted(spans, key=_order)
    active: list[Span[T]] = []
    labelled: set[int] = set()
    found: dict[int, tuple[list[Span[T]], list[Span[T]]]] = {}
    next_span = 0
    for index in sorted(range(len(paragraphs)), key=lambda index: paragraphs[index]):
        low, high = paragraphs[index]
        while next_span < len(waiting) and waiting[next_span].start < high:
            active.append(waiting[next_span])
            next_span += 1
        # Later paragraphs start later still: a span ended here is done with.
        active = [span for span in active if span.end > low]
        tagged = [span for span in active if id(span) not in labelled]
        labelled.update(id(span) for span in tagged)
        found[index] = (list(active), tagged)
    return [
        cut(text, low, high, *found[index])
        for index, (low, high) in enumerate(paragraphs)
    ]
