"""Geometry of the scoreboard's inline SVG charts (pure; no Django).

The templates draw what these return; every chart also has a table beside it, so
the figures never live in the drawing alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# A segment narrower than this (in % of the bar) has no room for its text; its
# <title>, the legend and the table still give its figures.
MIN_LABELLED_SHARE = 7.0


@dataclass(frozen=True)
class Segment:
    key: str
    count: int
    x: float  # % of the bar's width
    width: float  # % of the bar's width
    share: int  # % of the whole, rounded

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def has_room(self) -> bool:
        return self.width >= MIN_LABELLED_SHARE


def stacked_bar(parts: Sequence[tuple[str, int]], scale: int = 0) -> list[Segment]:
    """Side-by-side segments of one bar, in the order given, empty parts left out.

    The bar fills the width when `scale` is 0 (shares of a whole); otherwise it is
    drawn as `total / scale` of the width, so bars of several rows compare.
    """
    total = sum(count for _, count in parts)
    if total == 0:
        return []
    width = 100.0 * total / max(scale, total) if scale else 100.0
    segments, x = [], 0.0
    for key, count in parts:
        if count:
            size = width * count / total
            segments.append(
                Segment(
                    key=key,
                    count=count,
                    x=round(x, 3),
                    width=round(size, 3),
                    share=round(100 * count / total),
                )
            )
            x += size
    return segments


@dataclass(frozen=True)
class Tick:
    position: float  # in the chart's own units (see LineChart)
    label: str


@dataclass(frozen=True)
class Line:
    key: str
    points: str  # for <polyline points="…">
    last_value: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int  # the y of the x axis
    right: int  # the x where the plot ends
    top: int
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]


def _nice_step(maximum: int, most_ticks: int = 5) -> int:
    """A step of 1, 2 or 5 × 10ⁿ giving at most `most_ticks` steps up to `maximum`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if maximum / (step * factor) <= most_ticks:
                return step * factor
        step *= 10


def line_chart(
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[int]]],
    width: int = 640,
    height: int = 260,
) -> LineChart:
    """Lines of monthly values on one scale: x one step per month, y from 0.

    The x axis is labelled at each January (and the first month); the y axis at
    round numbers up to the highest value. A single month is a flat line across.
    """
    left, right, top, bottom = 44, width - 12, 12, height - 28
    highest = max((max(values, default=0) for _, values in series), default=0)
    step = _nice_step(max(highest, 1))
    ceiling = step * -(-max(highest, 1) // step)
    span = max(len(months) - 1, 1)

    def x_of(index: int) -> float:
        return round(left + (right - left) * index / span, 2)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / ceiling, 2)

    lines = []
    for key, values in series:
        points = [(x_of(index), y_of(value)) for index, value in enumerate(values)]
        if len(points) == 1:
            points.append((float(right), points[0][1]))
        lines.append(
            Line(
                key=key,
                points=" ".join(f"{x},{y}" for x, y in points),
                last_value=values[-1] if values else 0,
            )
        )
    x_ticks = [
        Tick(position=x_of(index), label=str(month.year))
        for index, month in enumerate(months)
        if month.month == 1 or index == 0
    ]
    # The first month's label is dropped when a January follows too closely.
    if len(x_ticks) > 1 and x_ticks[1].position - x_ticks[0].position < 36:
        x_ticks.pop(0)
    y_ticks = [
        Tick(position=y_of(value), label=str(value))
        for value in range(0, ceiling + 1, step)
    ]
    return LineChart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        right=right,
        top=top,
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )
