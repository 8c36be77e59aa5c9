"""A commitment's field history as people read it: "Status: Not yet rated → In
progress", by one name per person, with one date format.

`Commitment.changes()` gives the raw values (codes, ids, dates); this turns them
into labels and words for the analysts' commitment page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import dateformat, timezone
from django.utils.text import capfirst

from commitments.models import Commitment, FieldChange

EMPTY = "—"
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
# Where a column's own name reads badly to an analyst.
FIELD_LABELS = {
    "actor": "Responsible",
    "assignee": "Assigned to",
    "deadline_text": "Deadline in words",
    "first_made_on": "First made on",
    "is_published": "Published",
}
# Bookkeeping that moves with another field (the status's own change is shown).
HIDDEN_FIELDS = frozenset({"status_changed_at"})


@dataclass(frozen=True)
class ReadableChange:
    changed_at: dt.datetime
    when: str
    person: str
    field: str
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


def person_name(user: Any) -> str:
    """How the workspace names a person everywhere: full name, else username."""
    if user is None:
        return EMPTY
    full_name: str = user.get_full_name().strip()
    return full_name or str(user.get_username())


def format_when(value: dt.datetime | dt.date | None) -> str:
    """Dates and times in the workspace's one format ("5 Dec 2026, 14:05")."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, DATETIME_FORMAT)
    return dateformat.format(value, DATE_FORMAT)


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    field = Commitment._meta.get_field(name)
    return capfirst(str(getattr(field, "verbose_name", name)))


def readable_changes(commitment: Commitment) -> list[ReadableChange]:
    """The commitment's field changes, newest first, in words (two queries)."""
    return describe(commitment.changes())[::-1]


def describe(changes: Sequence[FieldChange]) -> list[ReadableChange]:
    """Word each change, in the order given; assignees are named in one query."""
    shown = [change for change in changes if change.field not in HIDDEN_FIELDS]
    people = _people(
        value
        for change in shown
        if change.field == "assignee"
        for value in (change.old, change.new)
    )
    return [
        ReadableChange(
            changed_at=change.changed_at,
            when=format_when(change.changed_at),
            person=person_name(change.user),
            field=change.field,
            label=field_label(change.field),
            old=_value(change.field, change.old, people),
            new=_value(change.field, change.new, people),
        )
        for change in shown
    ]


def _people(ids: Iterable[Any]) -> dict[int, str]:
    wanted = {int(pk) for pk in ids if pk not in (None, "")}
    if not wanted:
        return {}
    return {
        user.pk: person_name(user)
        for user in get_user_model().objects.filter(pk__in=wanted)
    }


def _value(name: str, value: Any, people: dict[int, str]) -> str:
    if value is None or value == "":
        return EMPTY
    field = Commitment._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return people.get(int(value), f"#{value}")
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date | dt.datetime):
        return format_when(value)
    return str(value)
