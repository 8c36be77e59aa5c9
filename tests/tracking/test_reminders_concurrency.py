"""Two reminder sweeps at once on PostgreSQL: each reminder goes out exactly once.

`send_due_reminders` claims rows with `SELECT … FOR UPDATE SKIP LOCKED` and a lease
on `next_attempt_at`, so two beats (or two workers) sweeping at the same moment split
the recipients between them instead of mailing anyone twice. SQLite has no row locks,
hence PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import zoneinfo
from collections import Counter
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection

from tests.factories import (
    AnalystFactory,
    CommitmentFactory,
    ReminderFactory,
    UserFactory,
)
from tracking import reminders
from tracking.models import Reminder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SITE_URL = "https://uade.example"
SLOT = dt.datetime(2026, 3, 2, 8, tzinfo=ALMATY)
NOW = SLOT + dt.timedelta(minutes=5)
SEND_SECONDS = 0.2  # per message: long enough for the two sweeps to overlap


class SlowBackend(locmem.EmailBackend):
    """Delivers to `mail.outbox` like locmem, but takes a while per message."""

    def send_messages(self, messages: Any) -> int:
        time.sleep(SEND_SECONDS * len(messages))
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def slow_mail(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"
    settings.SITE_URL = SITE_URL
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    settings.UADE_REMINDER_HOUR = 8


def run_two_sweeps_at_once(now: dt.datetime) -> list[reminders.SweepResult]:
    """Start two sweeps together, each in its own thread with its own connection."""
    start = threading.Barrier(2)
    results: list[reminders.SweepResult] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            start.wait()
            results.append(reminders.send_due_reminders(now))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2
    return results


def mailed_reminders() -> Counter[tuple[str, str, int]]:
    """(recipient, group heading, commitment id) for every reminder in the outbox."""
    mailed: Counter[tuple[str, str, int]] = Counter()
    pattern = re.compile(
        rf"Commitment: {re.escape(SITE_URL)}/analyst/commitments/(\d+)/"
    )
    for message in mail.outbox:
        heading = ""
        for line in message.body.splitlines():
            if line and line == line.upper() and not line.startswith(("-", " ")):
                heading = line
            elif found := pattern.search(line):
                mailed[(message.to[0], heading, int(found[1]))] += 1
    return mailed


HEADINGS = {"due_soon": "DUE SOON", "due_today": "DUE TODAY", "overdue": "OVERDUE"}


def expected_mail() -> Counter[tuple[str, str, int]]:
    return Counter(
        (row.recipient.email, HEADINGS[row.kind], row.commitment_id)
        for row in Reminder.objects.select_related("recipient")
    )


def test_two_sweeps_at_once_send_every_reminder_exactly_once():
    recipients = [UserFactory(username=f"analyst{n}") for n in range(4)]
    commitments = [CommitmentFactory() for _ in range(5)]
    for recipient in recipients:
        for commitment in commitments:
            for kind in ("due_soon", "due_today"):
                ReminderFactory(
                    recipient=recipient, commitment=commitment, kind=kind, due_at=SLOT
                )
    assert Reminder.objects.count() == 40

    results = run_two_sweeps_at_once(NOW)

    # Both sweeps did some of the work, so they really ran side by side...
    assert all(result.deliveries for result in results)
    # ...and between them mailed each recipient once and each reminder once.
    delivered = [d.recipient for result in results for d in result.deliveries]
    assert sorted(delivered) == [recipient.username for recipient in recipients]
    assert sorted(message.to[0] for message in mail.outbox) == [
        recipient.email for recipient in recipients
    ]
    assert mailed_reminders() == expected_mail()
    assert set(mailed_reminders().values()) == {1}
    assert Reminder.objects.filter(sent_at=NOW, attempts=1).count() == 40


def test_two_sweeps_at_once_send_each_assignee_their_overdue_reminders_once():
    # Sending an overdue reminder plans the next one, once the sent mark commits.
    recipients = [UserFactory(username=f"analyst{n}") for n in range(3)]
    for recipient in recipients:
        for _ in range(2):
            commitment = CommitmentFactory(
                changes={"deadline": SLOT.date() - dt.timedelta(days=1)},
                assignee=recipient,
            )
            ReminderFactory(
                recipient=recipient, commitment=commitment, kind="overdue", due_at=SLOT
            )
    overdue = expected_mail()

    results = run_two_sweeps_at_once(NOW)

    delivered = [d.recipient for result in results for d in result.deliveries]
    assert sorted(delivered) == [recipient.username for recipient in recipients]
    assert mailed_reminders() == overdue
    assert Reminder.objects.filter(kind="overdue", sent_at=NOW).count() == 6
    next_week = SLOT + dt.timedelta(days=7)
    assert (
        Reminder.objects.unsent().filter(kind="overdue", due_at=next_week).count() == 6
    )


def test_two_sweeps_at_once_send_every_analyst_an_unassigned_overdue_reminder():
    analysts = [AnalystFactory(username=f"analyst{n}") for n in range(3)]
    commitment = CommitmentFactory(
        changes={"deadline": SLOT.date() - dt.timedelta(days=1)}
    )
    reminders.plan_reminders([commitment.pk], now=SLOT - dt.timedelta(hours=1))
    overdue = Counter(
        (row.recipient.email, "OVERDUE", commitment.pk)
        for row in Reminder.objects.filter(kind="overdue", due_at=SLOT)
    )
    assert len(overdue) == len(analysts)

    run_two_sweeps_at_once(NOW)

    assert mailed_reminders() == overdue


def test_a_recipient_being_claimed_is_left_to_that_sweep():
    # Two sweeps once split one recipient's rows (each locked some midway through
    # the same SELECT) and mailed them twice; the recipient's row is the lock now.
    recipient = UserFactory(username="analyst0")
    for _ in range(2):
        ReminderFactory(
            recipient=recipient, commitment=CommitmentFactory(), due_at=SLOT
        )
    holding = threading.Event()
    release = threading.Event()

    def other_sweep_claiming() -> None:
        from django.contrib.auth.models import User
        from django.db import transaction

        try:
            with transaction.atomic():
                User.objects.select_for_update().get(pk=recipient.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_sweep_claiming)
    thread.start()
    assert holding.wait(timeout=30)
    try:
        result = reminders.send_due_reminders(NOW)
    finally:
        release.set()
        thread.join(timeout=30)

    assert result.deliveries == []
    assert mail.outbox == []
    assert Reminder.objects.filter(sent_at__isnull=True, attempts=0).count() == 2
