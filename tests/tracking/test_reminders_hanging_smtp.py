"""A mail server that accepts the connection and never answers: the sweep gives up
after EMAIL_TIMEOUT, records the failure, and holds no row lock while it waits.

PostgreSQL, because the point is row locks: the sweep runs in a thread with its own
connection while the test locks the same rows from another.
"""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo
from typing import Any

import pytest
from django.db import connection, transaction

from tests.factories import ReminderFactory, UserFactory
from tests.tracking import mail_servers
from tracking import reminders
from tracking.models import Reminder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SLOT = dt.datetime(2026, 3, 2, 8, tzinfo=ALMATY)
NOW = SLOT + dt.timedelta(minutes=5)


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"
    settings.UADE_REMINDER_HOUR = 8
    settings.UADE_REMINDER_RETRY_MINUTES = 5


def lock_nowait(ids: list[int]) -> list[int]:
    """Lock these reminder rows from this thread's connection, failing at once
    (rather than waiting) if anyone else holds one of them."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM tracking_reminder WHERE id = ANY(%s) ORDER BY id "
            "FOR UPDATE NOWAIT",
            [ids],
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_server_that_never_answers_times_out_and_leaves_the_rows_unlocked(
    settings,
):
    ana = UserFactory(username="ana")
    rows = [ReminderFactory(recipient=ana, due_at=SLOT) for _ in range(2)]
    ids = sorted(row.pk for row in rows)
    results: list[reminders.SweepResult] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            results.append(reminders.send_due_reminders(NOW))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    with mail_servers.SilentServer() as server:
        # Long enough for the checks below to run while the sweep still waits, even
        # on a loaded machine; short enough to keep the test quick.
        mail_servers.use_smtp(settings, server.port, timeout=5)
        sweeping = threading.Thread(target=sweep)
        sweeping.start()
        assert server.accepted.wait(timeout=30), "the sweep never connected"

        # The sweep is waiting for a greeting that never comes. Its rows are
        # claimed, but not locked: another connection locks them at once, and
        # another sweep finds nothing to send (they are leased)...
        locked = lock_nowait(ids)
        meanwhile = reminders.send_due_reminders(NOW)
        # ...while the sweep still waits (it has not closed its connection).
        still_waiting = server.client_is_waiting()
        sweeping.join(timeout=60)

    assert locked == ids
    assert meanwhile.deliveries == []
    assert still_waiting
    assert not sweeping.is_alive()
    assert errors == []
    [result] = results
    [delivery] = result.deliveries
    assert (delivery.recipient, delivery.reminders, delivery.reason) == (
        "ana",
        2,
        "no answer within 5 s",
    )
    assert delivery.retry_at == NOW + dt.timedelta(minutes=5)
    for row in Reminder.objects.all():
        assert (row.sent_at, row.attempts, row.first_failed_at) == (None, 1, NOW)
        assert row.next_attempt_at == NOW + dt.timedelta(minutes=5)
        assert "timed out" in row.last_error
