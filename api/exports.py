"""CSV of API lists: flat columns, streamed row by row, every matching row.

Columns are documented in the quick start (`templates/api/quickstart.html`). A cell
that would start with `=`, `+`, `@`, a tab or a carriage return gets a leading `'`,
so spreadsheets do not run it as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

from api.serializers import address_html_url, commitment_html_url
from commitments.models import Commitment, MentionKind
from config.spreadsheets import csv_stream, safe_cell

CHUNK_SIZE = 500


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)  # as the JSON gives it
    return safe_cell(value.isoformat() if hasattr(value, "isoformat") else str(value))


Column = tuple[str, Callable[[Any], object]]


def _original_speech(commitment: Commitment) -> str:
    for mention in getattr(commitment, "visible_mentions", []):
        if mention.kind == MentionKind.ORIGINAL:
            return str(mention.address.slug)
    return ""


COMMITMENT_COLUMNS: Sequence[Column] = (
    ("id", lambda row: row.pk),
    ("title", lambda row: row.title),
    ("status", lambda row: row.status),
    ("deadline", lambda row: row.deadline),
    ("overdue", lambda row: bool(getattr(row, "is_overdue_today", False))),
    ("area", lambda row: row.area),
    ("type", lambda row: row.type),
    ("actor", lambda row: row.actor),
    ("target", lambda row: row.target),
    ("first_made_on", lambda row: row.first_made_on),
    ("speech", _original_speech),
    ("last_updated_at", lambda row: getattr(row, "last_updated_at", None)),
    ("url", lambda row: commitment_html_url(row.pk)),
)

UPDATE_COLUMNS: Sequence[Column] = (
    ("id", lambda row: row.pk),
    ("commitment", lambda row: row.commitment_id),
    ("status", lambda row: row.status),
    ("created_at", lambda row: row.created_at),
    ("evidence_kind", lambda row: row.evidence_kind),
    ("evidence_title", lambda row: row.evidence_title),
    ("evidence_url", lambda row: row.evidence_url),
    ("evidence_on", lambda row: row.evidence_on),
    (
        "evidence_speech",
        lambda row: row.evidence_address.slug if row.evidence_address_id else "",
    ),
    ("reason", lambda row: row.reason),
    ("note", lambda row: row.note),
    ("commitment_url", lambda row: commitment_html_url(row.commitment_id)),
)

SPEAKER_COLUMNS: Sequence[Column] = (
    ("slug", lambda row: row.slug),
    ("name", lambda row: row.name),
    ("role", lambda row: row.role),
)

ADDRESS_COLUMNS: Sequence[Column] = (
    ("slug", lambda row: row.slug),
    ("title", lambda row: row.title),
    ("speaker", lambda row: row.speaker.slug),
    ("kind", lambda row: row.kind),
    ("delivered_on", lambda row: row.delivered_on),
    ("venue", lambda row: row.venue),
    ("language", lambda row: row.language),
    ("source_url", lambda row: row.source_url),
    ("url", lambda row: address_html_url(row.slug)),
)


def column_names(columns: Sequence[Column]) -> str:
    """The columns in words, for the documentation: `id`, `title`, …"""
    return ", ".join(f"`{name}`" for name, _ in columns)


def csv_lines(rows: Iterable[Any], columns: Sequence[Column]) -> Iterator[str]:
    """The header, then one line per row, as the rows come."""
    return csv_stream(
        [name for name, _ in columns],
        ([_cell(value(row)) for _, value in columns] for row in rows),
    )


def streaming_csv(
    rows: Iterable[Any], columns: Sequence[Column], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(rows, columns), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
