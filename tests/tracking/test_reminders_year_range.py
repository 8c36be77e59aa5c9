"""Reminders at the edge of the accepted years, and errors after an email went out:
a reminder that was sent is never sent again."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import Commitment
from tests.factories import AnalystFactory, CommitmentFactory, ReminderFactory
from tracking import reminders
from tracking.models import Reminder

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
DAY = dt.timedelta(days=1)
LAST_DAY = dt.date(2200, 12, 31)  # the last day of the last accepted year


def at(day: dt.date, hour: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.UADE_REMINDER_HOUR = 8
    settings.UADE_REMINDER_OVERDUE_EVERY_DAYS = 7
    settings.UADE_REMINDER_STALE_AFTER_DAYS = 90
    settings.UADE_REMINDER_DUE_SOON_DAYS = [30, 7, 1]
    settings.UADE_MIN_YEAR = 1900
    settings.UADE_MAX_YEAR = 2200


@pytest.fixture
def ana() -> Any:
    return AnalystFactory(username="ana")


def commitment_due(ana: Any, deadline: dt.date) -> Commitment:
    with time_machine.travel(at(deadline - 10 * DAY, 9), tick=False):
        return CommitmentFactory(
            changes={"title": "Water Code", "deadline": deadline}, assignee=ana
        )


def send_reminders(*args: str) -> str:
    stdout = io.StringIO()
    call_command("send_reminders", *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_send_reminders_refuses_a_now_past_the_accepted_years_and_sends_nothing(ana):
    due = ReminderFactory(recipient=ana, due_at=at(dt.date(2026, 3, 2), 8))

    with pytest.raises(CommandError) as refused:
        send_reminders("--now", "9999-12-31T23:00")

    assert refused.value.returncode == 2
    assert str(refused.value) == (
        'The --now "9999-12-31T23:00" is outside the years 1900–2200 that Uade accepts.'
    )
    assert mail.outbox == []
    due.refresh_from_db()
    assert (due.sent_at, due.attempts, due.next_attempt_at) == (None, 0, due.due_at)


def test_a_sweep_on_the_last_accepted_day_sends_once_and_plans_nothing_past_it(ana):
    commitment = commitment_due(ana, LAST_DAY - 2 * DAY)
    reminders.plan_reminders([commitment.pk], now=at(LAST_DAY, 1))
    assert list(Reminder.objects.values_list("kind", "due_at")) == [
        ("overdue", at(LAST_DAY))
    ]

    first = send_reminders("--now", "2200-12-31T23:00")
    second = send_reminders("--now", "2200-12-31T23:05")

    assert first == "sent      ana <ana@example.org>: 1 reminder (1 overdue)\n"
    assert second == "No reminders due at 2200-12-31 23:05 +05.\n"
    assert len(mail.outbox) == 1
    # The next overdue reminder would fall in 2201: it is not planned.
    assert list(Reminder.objects.values_list("kind", "sent_at")) == [
        ("overdue", at(LAST_DAY, 23))
    ]


def test_planning_near_the_end_of_the_accepted_years_writes_no_row_past_them(ana):
    # Overdue from 2201-01-01, and silent for 90 days in 2201.
    commitment = commitment_due(ana, LAST_DAY)

    reminders.plan_reminders([commitment.pk], now=at(LAST_DAY - 5 * DAY, 9))

    assert sorted(Reminder.objects.values_list("kind", "due_at")) == [
        ("due_soon", at(LAST_DAY - DAY, 8)),
        ("due_today", at(LAST_DAY, 8)),
    ]


def test_an_error_after_the_send_does_not_send_the_reminder_again(
    ana, monkeypatch, caplog
):
    commitment = commitment_due(ana, dt.date(2026, 3, 1))
    reminders.plan_reminders([commitment.pk], now=at(dt.date(2026, 3, 2), 1))
    now = at(dt.date(2026, 3, 2), 9)

    def broken_insert(rows: Any) -> int:
        raise RuntimeError("the database went away")

    # Planning the next overdue reminder is the last step after the email went out.
    monkeypatch.setattr(reminders, "_insert", broken_insert)
    first = reminders.send_due_reminders(now)
    again = reminders.send_due_reminders(now + dt.timedelta(minutes=5))
    later = reminders.send_due_reminders(now + DAY)
    monkeypatch.undo()

    assert [(d.recipient, d.error) for d in first.deliveries] == [("ana", "")]
    assert (again.deliveries, later.deliveries) == ([], [])
    assert len(mail.outbox) == 1
    [row] = Reminder.objects.filter(kind="overdue")
    assert (row.sent_at, row.attempts) == (now, 1)
    [logged] = [
        record
        for record in caplog.records
        if record.name == "tracking.reminders" and record.levelno == logging.ERROR
    ]
    assert logged.getMessage() == (
        "Sent 1 reminder to ana but could not plan the next ones; the nightly "
        "re-plan will: RuntimeError: the database went away"
    )
    # The nightly re-plan plans the next overdue reminder that was missed.
    reminders.plan_all_reminders(now=now + DAY)
    [following] = Reminder.objects.unsent().filter(kind="overdue")
    assert following.due_at == at(dt.date(2026, 3, 9), 8)
