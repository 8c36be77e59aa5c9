"""The deadline calendar: published commitments by the month they fall due, and the
same deadlines as an iCalendar feed that newsrooms subscribe to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from commitments.models import Commitment, CommitmentQuerySet
from dashboard.links import commitment_url
from dashboard.wording import deadline_status


def deadline_years() -> list[int]:
    """The years in which at least one published commitment falls due, ascending."""
    return list(
        Commitment.objects.published()
        .filter(deadline__isnull=False)
        .annotate(year=ExtractYear("deadline"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )


def due_in(year: int, today: dt.date) -> CommitmentQuerySet:
    """Published commitments due in `year`, by deadline, with `is_overdue_today`."""
    return (
        Commitment.objects.published()
        .filter(deadline__year=year)
        .with_overdue(today)
        .only("id", "title", "status", "deadline", "deadline_text", "actor")
        .order_by("deadline", "id")
    )


@dataclass(frozen=True)
class Due:
    commitment: Commitment
    relative: str  # "3 months left", "2 years overdue", "met"


@dataclass
class Month:
    first_day: dt.date
    items: list[Due] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.first_day:%Y-%m}"


def by_month(commitments: Iterable[Commitment], today: dt.date) -> list[Month]:
    """Commitments (each with a deadline, given in deadline order) grouped by the
    month of their deadline, each with its deadline relative to `today`; months in
    which nothing falls due are left out."""
    months: list[Month] = []
    for commitment in commitments:
        assert commitment.deadline is not None  # noqa: S101 (due_in() filters)
        first_day = commitment.deadline.replace(day=1)
        if not months or months[-1].first_day != first_day:
            months.append(Month(first_day))
        relative = deadline_status(commitment.deadline, commitment.status, today)
        months[-1].items.append(Due(commitment, relative))
    return months


def _event(commitment: Commitment, host: str) -> icalendar.Event:
    assert commitment.deadline is not None  # noqa: S101 (ics() filters)
    url = f"{settings.SITE_URL}{commitment_url(commitment)}"
    event = icalendar.Event()
    # The same UID on every fetch, so that calendars update the event in place
    # when a deadline or a status changes, instead of adding a second one.
    event.add("uid", f"commitment-{commitment.pk}@{host}")
    # A new rating changes the description, so it counts as a modification.
    modified = max(
        commitment.updated_at, commitment.status_changed_at or commitment.updated_at
    )
    event.add("dtstamp", modified)
    event.add("last-modified", modified)
    # An all-day event: DTEND is exclusive, the day after.
    event.add("dtstart", commitment.deadline)
    event.add("dtend", commitment.deadline + dt.timedelta(days=1))
    event.add("summary", _("Due: %(title)s") % {"title": commitment.title})
    lines = [_("Status: %(status)s") % {"status": commitment.get_status_display()}]
    if commitment.deadline_text:
        lines.append(
            _("Deadline as stated: “%(words)s”") % {"words": commitment.deadline_text}
        )
    if commitment.actor:
        lines.append(_("Responsible: %(actor)s") % {"actor": commitment.actor})
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_commitments() -> CommitmentQuerySet:
    """Every published commitment with a deadline, in deadline order."""
    return (
        Commitment.objects.published()
        .filter(deadline__isnull=False)
        .only(
            "id",
            "title",
            "status",
            "status_changed_at",
            "deadline",
            "deadline_text",
            "actor",
            "updated_at",
        )
        .order_by("deadline", "id")
    )


def ics(commitments: Iterable[Commitment]) -> bytes:
    """An iCalendar (RFC 5545) file: one all-day event on each deadline."""
    host = urlsplit(settings.SITE_URL).hostname or "uade"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Uade//Deadlines of published commitments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Uade: commitment deadlines"))
    calendar.add(
        "x-wr-caldesc",
        _(
            "When each published commitment on Uade’s record falls due, with its "
            "status."
        ),
    )
    # Subscribers re-fetch twice a day: statuses change with new evidence.
    calendar.add(
        "refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT12H")
    for commitment in commitments:
        calendar.add_component(_event(commitment, host))
    return bytes(calendar.to_ical())
