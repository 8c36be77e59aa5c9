"""A mail server that refuses connections: reminders are kept and retried with
back-off for two days, then given up, reported, and sent again when retried.

Mail goes through Django's real SMTP backend to a port on 127.0.0.1 where nothing
listens, so the failure is the one a real outage raises; time moves by the `now`
the sweep is given.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import (
    AnalystFactory,
    CommitmentFactory,
    ReminderFactory,
    UserFactory,
)
from tests.tracking import mail_servers
from tracking import reminders, services
from tracking.models import EvidenceKind, Reminder

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SITE_URL = "https://uade.example"
TODAY = dt.date(2026, 3, 2)
SLOT = dt.datetime(2026, 3, 2, 8, tzinfo=ALMATY)
NOW = dt.datetime(2026, 3, 2, 10, tzinfo=ALMATY)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
UNDELIVERABLE_URL = f"{SITE_URL}/admin/tracking/reminder/?delivery=undeliverable"
# With the first retry after 5 minutes, doubling up to 4 hours a wait, and giving up
# at the first failure more than 48 hours after the first: the waits between tries.
WAITS = [5, 10, 20, 40, 80, 160] + [240] * 11


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"
    settings.SITE_URL = SITE_URL
    settings.UADE_REMINDER_HOUR = 8
    settings.UADE_REMINDER_RETRY_MINUTES = 5
    settings.UADE_REMINDER_RETRY_MAX_MINUTES = 240
    settings.UADE_REMINDER_GIVE_UP_AFTER_HOURS = 48


@pytest.fixture
def refusing_smtp(settings: Any) -> None:
    mail_servers.use_smtp(settings, mail_servers.closed_port())


def server_is_back(settings: Any) -> None:
    settings.EMAIL_BACKEND = LOCMEM_BACKEND


@pytest.fixture
def due() -> list[Reminder]:
    """Three reminders due for ana at the slot, three for bob, each about a
    commitment assigned to them."""
    ana = UserFactory(username="ana")
    bob = UserFactory(username="bob")
    return [
        ReminderFactory(
            recipient=recipient,
            commitment=CommitmentFactory(assignee=recipient),
            due_at=SLOT,
        )
        for recipient in (ana, bob)
        for _ in range(3)
    ]


def send_reminders(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def failing_send_reminders(moment: dt.datetime, *args: str) -> tuple[str, str]:
    """Run the command at `moment`, which must fail; return its message and stderr."""
    stderr = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "send_reminders",
            "--now",
            f"{moment.astimezone(ALMATY):%Y-%m-%dT%H:%M}",
            *args,
            stdout=io.StringIO(),
            stderr=stderr,
        )
    assert failed.value.returncode == 1
    return str(failed.value), stderr.getvalue()


def next_try(rows: list[Reminder]) -> dt.datetime:
    """When the first of these rows that is still unsent is tried again."""
    pending = Reminder.objects.filter(pk__in=[row.pk for row in rows]).unsent()
    return min(pending.values_list("next_attempt_at", flat=True))


def sweep_until_given_up(start: dt.datetime, rows: list[Reminder]) -> list[dt.datetime]:
    """Sweep at `start` and then whenever these rows are due again, until none is
    left to retry; return the moments swept."""
    pending = Reminder.objects.filter(pk__in=[row.pk for row in rows]).unsent()
    moments = [start]
    reminders.send_due_reminders(start)
    while pending.exists():
        assert len(moments) < 100, "never given up"
        moments.append(next_try(rows))
        reminders.send_due_reminders(moments[-1])
    return moments


def rows_now(rows: list[Reminder]) -> list[Reminder]:
    return list(Reminder.objects.filter(pk__in=[row.pk for row in rows]))


def minutes_between(moments: list[dt.datetime]) -> list[int]:
    return [
        int((later - earlier) / MINUTE)
        for earlier, later in itertools.pairwise(moments)
    ]


# ------------------------------------------------------------------ retry, give up


def test_a_refused_connection_keeps_the_reminders_and_retries_them_for_two_days(
    refusing_smtp, due, caplog
):
    outcomes: list[str] = []
    moments = [NOW]
    while True:
        message, _ = failing_send_reminders(moments[-1])
        outcomes.append(message)
        if not Reminder.objects.unsent().exists():
            break
        assert len(moments) < 100, "never given up"
        moments.append(next_try(due))

    # Retried with doubling waits of at most four hours...
    assert minutes_between(moments) == WAITS
    # ...through the first day and the second, and given up at the first failure
    # after 48 hours, not before.
    assert moments[-2] - NOW < 48 * HOUR < moments[-1] - NOW
    assert outcomes[0] == (
        "2 emails failed (connection refused); "
        "their 6 reminders will be retried from 10:05."
    )
    assert outcomes[1] == (
        "2 emails failed (connection refused); "
        "their 6 reminders will be retried from 10:15."
    )
    assert outcomes[8] == (
        "2 emails failed (connection refused); "
        "their 6 reminders will be retried from 2026-03-03 03:15."
    )
    assert all("will be retried" in outcome for outcome in outcomes[:-1])
    assert outcomes[-1] == (
        "2 emails failed (connection refused); their 6 reminders were given up "
        f"after 48 hours of failures; see {UNDELIVERABLE_URL}"
    )
    rows = Reminder.objects.all()
    assert {
        (row.attempts, row.first_failed_at, row.gave_up_at, row.sent_at) for row in rows
    } == {(len(moments), NOW, moments[-1], None)}
    assert all(row.last_error.startswith("ConnectionRefusedError: ") for row in rows)
    assert set(Reminder.objects.undeliverable()) == set(due)
    # Given up loudly: one error per recipient, saying who and since when.
    given_up = [
        record.getMessage()
        for record in caplog.records
        if record.name == "tracking.reminders" and record.levelno == logging.ERROR
    ]
    assert len(given_up) == 2
    assert given_up[0].startswith(
        "Gave up on 3 reminders to ana <ana@example.org> after 48 hours of "
        "failures (since 2026-03-02 10:00 +05): ConnectionRefusedError: "
    )
    assert given_up[0].endswith(
        f". Retry them from {UNDELIVERABLE_URL} or with send_reminders "
        "--retry-undeliverable."
    )
    assert given_up[1].startswith("Gave up on 3 reminders to bob <bob@example.org>")
    assert mail.outbox == []


def test_the_command_reports_each_failed_email_and_when_it_is_retried(
    refusing_smtp, due
):
    message, stderr = failing_send_reminders(NOW)

    ana_line, bob_line = stderr.splitlines()
    assert ana_line.startswith(
        "failed    ana <ana@example.org>: 3 reminders (3 due_soon): "
        "connection refused ("
    )
    assert ana_line.endswith("); retrying from 10:05")
    assert bob_line.startswith("failed    bob <bob@example.org>: 3 reminders")
    assert message.endswith("will be retried from 10:05.")


def test_a_reminder_that_joins_a_failing_one_is_given_up_on_its_own_clock(
    refusing_smtp, due
):
    ana = due[0].recipient
    for moment in (NOW, NOW + 5 * MINUTE, NOW + 15 * MINUTE):
        reminders.send_due_reminders(moment)
    late: Any = ReminderFactory(
        recipient=ana, commitment=due[0].commitment, due_at=NOW + 30 * MINUTE
    )

    sweep_until_given_up(next_try([*due, late]), [*due, late])

    late.refresh_from_db()
    due[0].refresh_from_db()
    assert (late.first_failed_at, due[0].first_failed_at) == (
        NOW + 30 * MINUTE,
        NOW,
    )
    assert late.gave_up_at - late.first_failed_at > 48 * HOUR
    assert due[0].gave_up_at < late.gave_up_at


# ------------------------------------------------------------------------- retry


def test_send_reminders_retry_undeliverable_sends_the_given_up_reminders_again(
    refusing_smtp, settings, due
):
    given_up_at = sweep_until_given_up(NOW, due)[-1]
    later = given_up_at + DAY

    # Retried while the server still refuses: kept for retry again, not given up at
    # once, since the failures start over.
    message, _ = failing_send_reminders(later, "--retry-undeliverable")
    assert message == (
        "2 emails failed (connection refused); "
        "their 6 reminders will be retried from 11:20."
    )
    assert not Reminder.objects.undeliverable().exists()
    assert {(row.attempts, row.first_failed_at) for row in rows_now(due)} == {
        (1, later)
    }

    sweep_until_given_up(later + 5 * MINUTE, due)
    server_is_back(settings)
    stdout, stderr = send_reminders(
        "--now", "2026-03-09T09:00", "--retry-undeliverable"
    )

    assert stdout.splitlines() == [
        "Retrying 6 undeliverable reminders.",
        "sent      ana <ana@example.org>: 3 reminders (3 due_soon)",
        "sent      bob <bob@example.org>: 3 reminders (3 due_soon)",
    ]
    assert stderr == ""
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "bob@example.org",
    ]
    sent_at = dt.datetime(2026, 3, 9, 9, tzinfo=ALMATY)
    assert {(row.sent_at, row.gave_up_at) for row in rows_now(due)} == {(sent_at, None)}


def test_send_reminders_retry_undeliverable_says_when_there_is_nothing_to_retry(due):
    stdout, _ = send_reminders("--now", "2026-03-02T07:00", "--retry-undeliverable")

    assert stdout == (
        "No undeliverable reminders to retry.\n"
        "No reminders due at 2026-03-02 07:00 +05.\n"
    )


def test_send_reminders_refuses_to_retry_in_a_dry_run():
    with pytest.raises(CommandError) as refused:
        send_reminders("--dry-run", "--retry-undeliverable")

    assert refused.value.returncode == 2
    assert str(refused.value) == (
        "--retry-undeliverable changes reminders, so it cannot be combined with "
        "--dry-run; run it without --dry-run."
    )


def test_a_given_up_due_soon_reminder_is_sent_once_retried_and_never_planned_twice(
    refusing_smtp, settings
):
    # A one-shot reminder: its key (commitment, recipient, kind, due_at) can exist
    # only once, so planning cannot replace it with a fresh row.
    ana = AnalystFactory(username="ana")
    commitment = CommitmentFactory(
        changes={"title": "Water Code", "deadline": TODAY + 7 * DAY}, assignee=ana
    )
    reminders.plan_reminders([commitment.pk], now=SLOT - HOUR)
    [due_soon] = Reminder.objects.due(NOW)
    assert (due_soon.kind, due_soon.due_at) == ("due_soon", SLOT)
    given_up_at = sweep_until_given_up(NOW, [due_soon])[-1]

    # Re-planning keeps the given-up row as it is and adds no duplicate of it.
    rows_before = list(Reminder.objects.order_by("pk").values())
    reminders.plan_all_reminders(now=given_up_at + HOUR)
    assert list(Reminder.objects.order_by("pk").values()) == rows_before

    retried = reminders.retry_undeliverable(now=given_up_at + 2 * HOUR)
    server_is_back(settings)
    first = reminders.send_due_reminders(given_up_at + 2 * HOUR)
    second = reminders.send_due_reminders(given_up_at + 3 * HOUR)
    reminders.plan_all_reminders(now=given_up_at + 4 * HOUR)

    assert retried == reminders.Retried(count=1, dropped=0)
    assert [(d.recipient, d.kinds) for d in first.deliveries] == [
        ("ana", {"due_soon": 1})
    ]
    assert second.deliveries == []
    due_soon.refresh_from_db()
    assert due_soon.sent_at == given_up_at + 2 * HOUR
    assert Reminder.objects.filter(kind="due_soon", due_at=SLOT).count() == 1


def test_retrying_drops_a_given_up_reminder_no_longer_wanted(refusing_smtp, settings):
    ana = AnalystFactory(username="ana")
    achieved = CommitmentFactory(changes={"deadline": TODAY + 7 * DAY}, assignee=ana)
    open_one = CommitmentFactory(changes={"deadline": TODAY + 7 * DAY}, assignee=ana)
    reminders.plan_reminders([achieved.pk, open_one.pk], now=SLOT - HOUR)
    given_up_at = sweep_until_given_up(NOW, list(Reminder.objects.due(NOW)))[-1]
    services.record_progress_update(
        achieved.pk,
        author=ana,
        status="achieved",
        evidence=services.Evidence(
            kind=EvidenceKind.NEWS_REPORT, url="https://kazinform.kz/1"
        ),
        today=TODAY,
    )
    assert Reminder.objects.undeliverable().filter(commitment=achieved).exists()

    retried = reminders.retry_undeliverable(now=given_up_at + HOUR)
    server_is_back(settings)
    result = reminders.send_due_reminders(given_up_at + HOUR)

    assert retried == reminders.Retried(count=1, dropped=1)
    assert [(d.recipient, d.reminders) for d in result.deliveries] == [("ana", 1)]
    assert not Reminder.objects.filter(commitment=achieved, sent_at__isnull=True)
    assert Reminder.objects.get(commitment=open_one, due_at=SLOT).sent_at == (
        given_up_at + HOUR
    )


def test_a_retried_overdue_reminder_and_a_newer_one_make_one_item_in_one_email(
    refusing_smtp, settings
):
    # Overdue reminders repeat: while the first one was failing and then given up,
    # the nightly re-plan added a newer one for the same commitment.
    ana = AnalystFactory(username="ana")
    commitment = CommitmentFactory(
        changes={"title": "Water Code", "deadline": TODAY - DAY}, assignee=ana
    )
    reminders.plan_reminders([commitment.pk], now=SLOT - HOUR)
    [first] = Reminder.objects.due(NOW)
    given_up_at = sweep_until_given_up(NOW, [first])[-1]
    next_night = given_up_at + DAY
    reminders.plan_all_reminders(now=next_night)
    newer = Reminder.objects.unsent().get(kind="overdue")
    assert newer.due_at < next_night

    server_is_back(settings)
    reminders.retry_undeliverable(now=next_night)
    result = reminders.send_due_reminders(next_night)

    assert [(d.recipient, d.reminders) for d in result.deliveries] == [("ana", 2)]
    [message] = mail.outbox
    assert message.subject == "Uade: 1 commitment reminder"
    assert message.body.count("- Water Code\n") == 1
    assert {
        row.sent_at for row in Reminder.objects.filter(pk__in=[first.pk, newer.pk])
    } == {next_night}


# --------------------------------------------------------------------- settings


def test_email_timeout_from_the_environment_reaches_the_smtp_backend_of_email_url():
    code = (
        "import django; django.setup()\n"
        "from django.core.mail import get_connection\n"
        "connection = get_connection()\n"
        "print(type(connection).__module__, connection.host, connection.port,"
        " connection.use_tls, connection.timeout)\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "EMAIL_URL": "smtp+tls://uade:secret@mail.example.org:587",
        "EMAIL_TIMEOUT": "7",
    }

    printed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert printed.split() == [
        "django.core.mail.backends.smtp",
        "mail.example.org",
        "587",
        "True",
        "7",
    ]
