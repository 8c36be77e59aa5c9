"""The CSV of a commitment list: flat columns, streamed row by row."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from commitments.models import Commitment
from config.spreadsheets import csv_stream, safe_cell
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


def _cell(value: object) -> str:
    return safe_cell("" if value is None else str(value))


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
    return csv_stream(COLUMNS, (_row(commitment) for commitment in commitments))
