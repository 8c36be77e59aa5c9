"""`manage.py send_reminders [--now ISO] [--dry-run] [--retry-undeliverable]`: the
sweep, printed. What happens to failed emails over time is in
test_reminders_failures.py."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tests.factories import CommitmentFactory, ReminderFactory, UserFactory
from tracking.models import Reminder

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SLOT = dt.datetime(2026, 3, 2, 8, tzinfo=ALMATY)  # the day's reminder hour


class RefusingBackend(locmem.EmailBackend):
    """Refuses mail to broken.example, delivers the rest to `mail.outbox`."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if any(address.endswith("@broken.example") for address in message.to):
                raise ConnectionRefusedError("mailbox unavailable")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.UADE_REMINDER_HOUR = 8


def send_reminders(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def due() -> dict[str, Any]:
    """Two reminders due for ana at the slot, one for bob."""
    ana = UserFactory(username="ana")
    bob = UserFactory(username="bob")
    commitment = CommitmentFactory()
    ReminderFactory(commitment=commitment, recipient=ana, kind="due_today", due_at=SLOT)
    ReminderFactory(commitment=commitment, recipient=ana, kind="due_soon", due_at=SLOT)
    ReminderFactory(commitment=commitment, recipient=bob, kind="overdue", due_at=SLOT)
    return {"ana": ana, "bob": bob, "commitment": commitment}


@pytest.mark.django_db
def test_send_reminders_prints_one_line_per_email_sent(due):
    stdout, stderr = send_reminders("--now", "2026-03-02T08:00")

    ana_line, bob_line = stdout.splitlines()
    assert (
        ana_line
        == "sent      ana <ana@example.org>: 2 reminders (1 due_soon, 1 due_today)"
    )
    assert bob_line.startswith("sent      bob <bob@example.org>: 1 reminder")
    assert bob_line.endswith(" (1 overdue)")
    assert stderr == ""
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "bob@example.org",
    ]
    assert not Reminder.objects.unsent().filter(due_at=SLOT).exists()


@pytest.mark.django_db
def test_send_reminders_dry_run_prints_what_would_be_sent_and_sends_nothing(due):
    stdout, _ = send_reminders("--now", "2026-03-02T08:00", "--dry-run")

    assert stdout.splitlines()[0] == (
        "would send ana <ana@example.org>: 2 reminders (1 due_soon, 1 due_today)"
    )
    assert len(stdout.splitlines()) == 2
    assert mail.outbox == []
    assert Reminder.objects.unsent().filter(due_at=SLOT).count() == 3


@pytest.mark.django_db
def test_send_reminders_reads_a_naive_now_in_the_local_time_zone(due):
    stdout, _ = send_reminders("--now", "2026-03-02T07:59")

    assert stdout == "No reminders due at 2026-03-02 07:59 +05.\n"
    assert mail.outbox == []


@pytest.mark.django_db
def test_send_reminders_takes_a_now_with_an_offset(due):
    # 03:00 UTC is 08:00 in Almaty: the slot.
    stdout, _ = send_reminders("--now", "2026-03-02T03:00:00+00:00")

    assert len(stdout.splitlines()) == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_send_reminders_says_when_no_reminders_are_due():
    stdout, stderr = send_reminders("--now", "2026-03-02T10:00")

    assert stdout == "No reminders due at 2026-03-02 10:00 +05.\n"
    assert stderr == ""


@pytest.mark.django_db
def test_send_reminders_takes_now_from_the_clock(due):
    with time_machine.travel(SLOT + dt.timedelta(minutes=5), tick=False):
        stdout, _ = send_reminders()

    assert len(stdout.splitlines()) == 2
    assert Reminder.objects.filter(sent_at=SLOT + dt.timedelta(minutes=5)).count() == 3


def test_send_reminders_refuses_a_now_that_is_not_iso_8601():
    with pytest.raises(CommandError) as refused:
        send_reminders("--now", "tomorrow")

    assert refused.value.returncode == 2
    assert str(refused.value) == (
        'The --now "tomorrow" is not an ISO 8601 date and time; give it as '
        "YYYY-MM-DDTHH:MM, e.g. 2025-01-02T09:00."
    )


def test_send_reminders_exits_2_with_a_one_line_message_for_a_bad_now(capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            ["manage.py", "send_reminders", "--skip-checks", "--now", "2026-13-01"]
        )

    out, err = capsys.readouterr()
    assert exited.value.code == 2
    assert out == ""
    assert err == (
        'CommandError: The --now "2026-13-01" is not an ISO 8601 date and time; '
        "give it as YYYY-MM-DDTHH:MM, e.g. 2025-01-02T09:00.\n"
    )


def test_send_reminders_exits_2_for_a_now_past_the_accepted_years(capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(
            [
                "manage.py",
                "send_reminders",
                "--skip-checks",
                "--now",
                "9999-12-31T23:00",
            ]
        )

    out, err = capsys.readouterr()
    assert exited.value.code == 2
    assert out == ""
    assert err == (
        'CommandError: The --now "9999-12-31T23:00" is outside the years 1900–2200 '
        "that Uade accepts.\n"
    )


@pytest.mark.django_db
def test_send_reminders_reports_a_failed_email_and_exits_with_an_error(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    ana = UserFactory(username="ana", email="ana@broken.example")
    bob = UserFactory(username="bob")
    commitment = CommitmentFactory()
    ReminderFactory(commitment=commitment, recipient=ana, due_at=SLOT)
    ReminderFactory(commitment=commitment, recipient=bob, due_at=SLOT)
    stdout, stderr = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "send_reminders", "--now", "2026-03-02T08:00", stdout=stdout, stderr=stderr
        )

    assert str(failed.value) == (
        "1 email failed (connection refused); its 1 reminder will be retried from "
        "08:05."
    )
    assert failed.value.returncode == 1
    assert stderr.getvalue() == (
        "failed    ana <ana@broken.example>: 1 reminder (1 due_soon): connection "
        "refused (mailbox unavailable); retrying from 08:05\n"
    )
    assert stdout.getvalue().startswith("sent      bob <bob@example.org>: 1 reminder")
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
