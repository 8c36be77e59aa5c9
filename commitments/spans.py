"""Character spans of quotes (pure; no Django)."""

from __future__ import annotations

Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share at least half of the shorter one.

    The rule the extraction scorer uses to match a proposal with an annotation, and
    Uade uses to tell that two quotes are the same passage.
    """
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])
