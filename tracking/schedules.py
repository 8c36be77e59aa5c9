"""When to remind analysts about a commitment (pure; no Django).

The policy is data: `ReminderPolicy` holds every number, and `plan()` turns one
commitment's deadline, last activity and state into the reminders still to come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class ReminderKind(StrEnum):
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    STALE = "stale"


@dataclass(frozen=True)
class ReminderPolicy:
    due_soon_days: tuple[int, ...] = (30, 7, 1)
    overdue_first_after_days: int = 1
    overdue_every_days: int = 7
    stale_after_days: int = 90


@dataclass(frozen=True, order=True)
class PlannedReminder:
    due_on: dt.date
    kind: ReminderKind
    is_late: bool = False  # fell due before today while none was sent: send at once


def plan(
    *,
    today: dt.date,
    deadline: dt.date | None,
    last_activity_on: dt.date,
    is_final: bool,
    policy: ReminderPolicy,
    last_overdue_on: dt.date | None = None,
    last_stale_on: dt.date | None = None,
) -> list[PlannedReminder]:
    """The reminders still to send for one commitment, in date order.

    A final commitment gets none. Due-soon and due-today reminders whose day has
    passed are skipped. Overdue and stale reminders repeat, so only the next one is
    planned, counted from the last one sent (`last_overdue_on`, `last_stale_on`);
    one that fell due while none was sent is due `today`, so nothing is missed.
    `last_activity_on` is the date of the latest progress update, or of the
    commitment's creation.
    """
    if is_final:
        return []
    planned: list[PlannedReminder] = []
    if deadline is not None:
        planned += [
            PlannedReminder(deadline - dt.timedelta(days=days), ReminderKind.DUE_SOON)
            for days in policy.due_soon_days
        ]
        planned.append(PlannedReminder(deadline, ReminderKind.DUE_TODAY))
        planned = [reminder for reminder in planned if reminder.due_on >= today]
        overdue_on = deadline + dt.timedelta(days=policy.overdue_first_after_days)
        if last_overdue_on is not None and last_overdue_on >= overdue_on:
            overdue_on = last_overdue_on + dt.timedelta(days=policy.overdue_every_days)
        planned.append(_no_earlier_than(today, overdue_on, ReminderKind.OVERDUE))
    silent_since = max(last_activity_on, last_stale_on or last_activity_on)
    stale_on = silent_since + dt.timedelta(days=policy.stale_after_days)
    planned.append(_no_earlier_than(today, stale_on, ReminderKind.STALE))
    return sorted(planned)


def _no_earlier_than(
    today: dt.date, due_on: dt.date, kind: ReminderKind
) -> PlannedReminder:
    if due_on < today:
        return PlannedReminder(today, kind, is_late=True)
    return PlannedReminder(due_on, kind)
