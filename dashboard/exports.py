"""The CSV of a commitment list: flat columns, streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.conf import settings

from commitments.models import Commitment
from dashboard.links import commitment_url

# The columns, in order; documented in the README ("The public record").
COLUMNS = (
    "id",
    "title",
    "status",
    "deadline",
    "overdue",
    "area",
    "type",
    "actor",
    "target",
    "first_made_on",
    "speech",
    "url",
)
# Spreadsheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


class _Echo:
    """A file whose write() hands the line back, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _row(commitment: Commitment) -> list[str]:
    originals = getattr(commitment, "originals", [])
    return [
        _cell(value)
        for value in (
            commitment.pk,
            commitment.title,
            commitment.status,
            commitment.deadline.isoformat() if commitment.deadline else "",
            "yes" if getattr(commitment, "is_overdue_today", False) else "no",
            commitment.area,
            commitment.type,
            commitment.actor,
            commitment.target,
            commitment.first_made_on.isoformat(),
            originals[0].address.slug if originals else "",
            f"{settings.SITE_URL}{commitment_url(commitment)}",
        )
    ]


def csv_lines(commitments: Iterator[Commitment]) -> Iterator[str]:
    """The header, then one line per commitment, as they come."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for commitment in commitments:
        yield writer.writerow(_row(commitment))
