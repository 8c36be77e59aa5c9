"""Reminder services (`tracking.reminders`): planning rows and sending the due ones.

The pure policy is tested in test_schedules.py; here the rows it becomes, who they go
to, and the sweep that bundles them into one email per recipient.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends import locmem

from commitments.models import Commitment
from tests.factories import (
    AnalystFactory,
    CandidateFactory,
    CommitmentFactory,
    ReminderFactory,
    UserFactory,
)
from tracking import reminders, services, tasks
from tracking.models import (
    EvidenceKind,
    Reminder,
    ReminderFrequency,
    ReminderPreference,
)

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SITE_URL = "https://uade.example"
TODAY = dt.date(2026, 3, 2)  # a Monday
DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)


def at(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in Almaty, the zone the tests pin TIME_ZONE to."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ALMATY)


NOW = at(TODAY, 10)  # after the reminder hour
SLOT = at(TODAY, 8)  # today's reminder hour
NEWS = services.Evidence(kind=EvidenceKind.NEWS_REPORT, url="https://kazinform.kz/1")


class RefusingBackend(locmem.EmailBackend):
    """Refuses every message to an address at broken.example; delivers the rest to
    `mail.outbox`, as one SMTP server with one bad mailbox would."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if any(address.endswith("@broken.example") for address in message.to):
                raise ConnectionRefusedError("mailbox unavailable")
        return super().send_messages(messages)


REFUSING_BACKEND = f"{__name__}.RefusingBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"
    settings.SITE_URL = SITE_URL
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    settings.UADE_REMINDER_DUE_SOON_DAYS = [30, 7, 1]
    settings.UADE_REMINDER_OVERDUE_EVERY_DAYS = 7
    settings.UADE_REMINDER_STALE_AFTER_DAYS = 90
    settings.UADE_REMINDER_HOUR = 8
    settings.UADE_REMINDER_RETRY_MINUTES = 5
    settings.UADE_REMINDER_RETRY_MAX_MINUTES = 240
    settings.UADE_REMINDER_GIVE_UP_AFTER_HOURS = 48


def make_commitment(
    title: str,
    *,
    deadline: dt.date | None,
    created_at: dt.datetime = NOW - 10 * DAY,
    **row: Any,
) -> Commitment:
    """A commitment accepted at `created_at` (which starts its stale clock)."""
    with time_machine.travel(created_at, tick=False):
        return CommitmentFactory(changes={"title": title, "deadline": deadline}, **row)


def planned(**filters: Any) -> set[tuple[str, str, dt.datetime]]:
    """Unsent rows as (recipient, kind, due_at)."""
    return {
        (row.recipient.username, row.kind, row.due_at)
        for row in Reminder.objects.unsent()
        .filter(**filters)
        .select_related("recipient")
    }


def plan_rows(
    recipient: str, deadline: dt.date, *, stale_on: dt.date
) -> set[tuple[str, str, dt.datetime]]:
    """The full set the default policy plans for a deadline well in the future."""
    return {
        (recipient, "stale", at(stale_on, 8)),
        (recipient, "due_soon", at(deadline - 30 * DAY, 8)),
        (recipient, "due_soon", at(deadline - 7 * DAY, 8)),
        (recipient, "due_soon", at(deadline - DAY, 8)),
        (recipient, "due_today", at(deadline, 8)),
        (recipient, "overdue", at(deadline + DAY, 8)),
    }


def reminder_ids() -> list[int]:
    return list(Reminder.objects.order_by("pk").values_list("pk", flat=True))


def outbox_for(username: str) -> list[Any]:
    return [
        message for message in mail.outbox if message.to == [f"{username}@example.org"]
    ]


def text_items(body: str) -> list[tuple[str, str]]:
    """(group heading, title) for each reminder in a text email, in order."""
    items = []
    heading = ""
    for line in body.splitlines():
        if line and line == line.upper() and not line.startswith(("-", " ")):
            heading = line
        elif line.startswith("- "):
            items.append((heading, line[2:]))
    return items


@pytest.fixture
def ana() -> Any:
    return AnalystFactory(username="ana")


@pytest.fixture
def bob() -> Any:
    return AnalystFactory(username="bob")


# -------------------------------------------------------------------------- planning


def test_plan_reminders_plans_every_kind_for_each_active_analyst_at_the_hour(ana, bob):
    AnalystFactory(username="ivan", is_active=False)
    ReminderPreference.objects.create(
        user=AnalystFactory(username="mia"), frequency=ReminderFrequency.OFF
    )
    UserFactory(username="ursula")  # not an analyst
    deadline = TODAY + 60 * DAY
    commitment = make_commitment("Water Code", deadline=deadline, created_at=NOW)

    created = reminders.plan_reminders([commitment.pk], now=NOW)

    stale_on = TODAY + 90 * DAY
    expected = plan_rows("ana", deadline, stale_on=stale_on) | plan_rows(
        "bob", deadline, stale_on=stale_on
    )
    assert planned() == expected
    assert created == len(expected) == 12
    assert {
        (row.next_attempt_at == row.due_at, row.attempts, row.last_error)
        for row in Reminder.objects.all()
    } == {(True, 0, "")}


def test_plan_reminders_takes_now_from_the_clock(ana):
    deadline = TODAY + 60 * DAY
    commitment = make_commitment("Water Code", deadline=deadline, created_at=NOW)

    with time_machine.travel(NOW, tick=False):
        reminders.plan_reminders([commitment.pk])

    assert planned() == plan_rows("ana", deadline, stale_on=TODAY + 90 * DAY)


def test_plan_reminders_skips_days_that_have_passed(ana):
    commitment = make_commitment("Water Code", deadline=TODAY + 5 * DAY)

    with time_machine.travel(NOW, tick=False):
        reminders.plan_reminders([commitment.pk])

    assert {kind for _, kind, _ in planned()} == {
        "due_soon",
        "due_today",
        "overdue",
        "stale",
    }
    assert ("ana", "due_soon", at(TODAY + 4 * DAY, 8)) in planned()
    assert not planned(kind="due_soon", due_at__lt=SLOT)


def test_plan_reminders_makes_late_reminders_due_at_local_midnight_today(ana):
    commitment = make_commitment(
        "Water Code", deadline=TODAY - 10 * DAY, created_at=NOW - 200 * DAY
    )

    reminders.plan_reminders([commitment.pk], now=NOW)

    # The overdue one fell due 9 days ago and the stale one 110 days ago; neither
    # was sent, so both go out with the next sweep.
    assert planned() == {
        ("ana", "overdue", at(TODAY)),
        ("ana", "stale", at(TODAY)),
    }
    assert reminders.due_at(TODAY, is_late=True) == at(TODAY)
    assert reminders.due_at(TODAY) == at(TODAY, 8)


def test_plan_reminders_plans_nothing_without_a_deadline_but_the_stale_reminder(ana):
    commitment = make_commitment("Water Code", deadline=None, created_at=NOW)

    reminders.plan_reminders([commitment.pk], now=NOW)

    assert planned() == {("ana", "stale", at(TODAY + 90 * DAY, 8))}


def test_plan_reminders_twice_keeps_the_same_rows(ana, bob):
    commitment = make_commitment("Water Code", deadline=TODAY + 60 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)
    before = list(Reminder.objects.order_by("pk").values())

    created = reminders.plan_reminders([commitment.pk], now=NOW + 3 * MINUTE)

    assert created == 0
    assert list(Reminder.objects.order_by("pk").values()) == before


def test_plan_reminders_keeps_the_attempts_of_a_row_being_retried(ana):
    commitment = make_commitment("Water Code", deadline=TODAY + 7 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)
    retrying = Reminder.objects.get(kind="due_soon", due_at=at(TODAY + 6 * DAY, 8))
    Reminder.objects.filter(pk=retrying.pk).update(
        attempts=2, last_error="OSError: boom", next_attempt_at=NOW + DAY
    )

    reminders.plan_reminders([commitment.pk], now=NOW + DAY)

    retrying.refresh_from_db()
    assert (retrying.attempts, retrying.last_error, retrying.next_attempt_at) == (
        2,
        "OSError: boom",
        NOW + DAY,
    )


def test_plan_reminders_never_touches_sent_rows(ana):
    editor = UserFactory()
    deadline = TODAY + 7 * DAY
    commitment = make_commitment("Water Code", deadline=deadline)
    reminders.plan_reminders([commitment.pk], now=NOW)
    Reminder.objects.filter(kind="due_soon").update(sent_at=SLOT, attempts=1)
    sent_before = list(Reminder.objects.filter(sent_at__isnull=False).values())

    with time_machine.travel(NOW, tick=False):
        # The deadline moves so that the sent rows are no longer wanted...
        services.edit_commitment(
            commitment.pk,
            version=commitment.version,
            changes={"deadline": deadline + 30 * DAY},
            editor=editor,
        )
        # ...and back, so that the policy wants rows with the very same keys again.
        commitment.refresh_from_db()
        services.edit_commitment(
            commitment.pk,
            version=commitment.version,
            changes={"deadline": deadline},
            editor=editor,
        )

    assert list(Reminder.objects.filter(sent_at__isnull=False).values()) == sent_before
    assert (
        Reminder.objects.filter(
            kind="due_soon", due_at=at(deadline - 7 * DAY, 8)
        ).count()
        == 1
    )


def test_plan_reminders_counts_only_the_rows_it_created(ana):
    commitment = make_commitment("Water Code", deadline=TODAY, assignee=ana)
    reminders.plan_reminders([commitment.pk], now=at(TODAY, 1))
    reminders.send_due_reminders(NOW)  # today's due_today reminder is sent
    before = reminder_ids()

    created = reminders.plan_reminders([commitment.pk], now=NOW + MINUTE)

    assert reminder_ids() == before
    assert created == 0


def test_edit_commitment_moving_the_deadline_replans_the_reminders(ana):
    old_deadline = TODAY + 60 * DAY
    new_deadline = TODAY + 120 * DAY
    commitment = make_commitment("Water Code", deadline=old_deadline, created_at=NOW)
    with time_machine.travel(NOW, tick=False):
        reminders.plan_reminders([commitment.pk])

        services.edit_commitment(
            commitment.pk,
            version=commitment.version,
            changes={"deadline": new_deadline.isoformat()},
            editor=UserFactory(),
        )

    assert planned() == plan_rows("ana", new_deadline, stale_on=TODAY + 90 * DAY)
    assert not planned(kind="due_soon", due_at__lte=at(old_deadline, 8))


def test_edit_commitment_keeps_the_reminders_when_the_deadline_stays(ana):
    commitment = make_commitment("Water Code", deadline=TODAY + 60 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)
    before = reminder_ids()

    services.edit_commitment(
        commitment.pk,
        version=commitment.version,
        changes={"title": "The new Water Code"},
        editor=UserFactory(),
    )

    assert reminder_ids() == before


def test_a_final_status_deletes_the_unsent_reminders_and_keeps_the_sent(ana):
    commitment = make_commitment("Water Code", deadline=TODAY + 7 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)
    sent = Reminder.objects.filter(kind="due_soon").earliest("due_at")
    Reminder.objects.filter(pk=sent.pk).update(sent_at=SLOT)

    with time_machine.travel(NOW, tick=False):
        services.record_progress_update(
            commitment.pk, author=ana, status="achieved", evidence=NEWS
        )

    assert reminder_ids() == [sent.pk]
    assert not Reminder.objects.unsent().exists()


def test_a_progress_update_restarts_the_stale_clock(ana):
    commitment = make_commitment("Water Code", deadline=None, created_at=NOW - 80 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)
    assert planned() == {("ana", "stale", at(TODAY + 10 * DAY, 8))}

    with time_machine.travel(NOW, tick=False):
        services.record_progress_update(
            commitment.pk, author=ana, status="in_progress", evidence=NEWS
        )

    assert planned() == {("ana", "stale", at(TODAY + 90 * DAY, 8))}


def test_assign_moves_the_reminders_to_the_assignee_and_back(ana, bob):
    carol = UserFactory(username="carol")  # need not be an analyst
    deadline = TODAY + 60 * DAY
    commitment = make_commitment("Water Code", deadline=deadline, created_at=NOW)

    with time_machine.travel(NOW, tick=False):
        reminders.plan_reminders([commitment.pk])
        services.assign(commitment.pk, carol, by=ana)
        to_carol = planned()
        services.assign(commitment.pk, None, by=ana)

    stale_on = TODAY + 90 * DAY
    assert to_carol == plan_rows("carol", deadline, stale_on=stale_on)
    assert planned() == plan_rows("ana", deadline, stale_on=stale_on) | plan_rows(
        "bob", deadline, stale_on=stale_on
    )


def test_accepting_candidates_through_tracking_services_plans_their_reminders(ana):
    reviewer = UserFactory()
    one = CandidateFactory(deadline=TODAY + 60 * DAY)
    two = CandidateFactory(deadline=None)
    three = CandidateFactory(deadline=None)

    with time_machine.travel(NOW, tick=False):
        first = services.accept_candidate(one.pk, reviewer=reviewer)
        others = services.accept_candidates([two.pk, three.pk], reviewer=reviewer)

    assert Reminder.objects.filter(commitment=first).count() == 6
    assert {
        (row.commitment_id, row.kind)
        for row in Reminder.objects.exclude(commitment=first)
    } == {(commitment.pk, "stale") for commitment in others}


def test_plan_reminders_drops_an_analyst_who_left_the_group(ana, bob):
    commitment = make_commitment("Water Code", deadline=TODAY + 60 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)

    bob.groups.remove(Group.objects.get(name="Analysts"))
    reminders.plan_all_reminders(now=NOW)

    assert {username for username, _, _ in planned()} == {"ana"}


def test_turning_reminders_off_removes_the_unsent_rows_and_plans_none(ana, bob):
    commitment = make_commitment("Water Code", deadline=TODAY + 60 * DAY)
    reminders.plan_reminders([commitment.pk], now=NOW)
    Reminder.objects.filter(recipient=ana, kind="stale").update(sent_at=SLOT)

    with time_machine.travel(NOW, tick=False):
        reminders.set_reminder_frequency(ana, ReminderFrequency.OFF)
        reminders.plan_all_reminders()

    assert {username for username, _, _ in planned()} == {"bob"}
    assert Reminder.objects.filter(recipient=ana).count() == 1  # the sent one

    with time_machine.travel(NOW, tick=False):
        reminders.set_reminder_frequency(ana, ReminderFrequency.DAILY)

    assert {username for username, _, _ in planned()} == {"ana", "bob"}


def test_set_reminder_frequency_refuses_an_unknown_frequency(ana):
    with pytest.raises(ValueError, match="hourly"):
        reminders.set_reminder_frequency(ana, "hourly")

    assert not ReminderPreference.objects.exists()


def test_the_nightly_task_plans_every_commitment(ana):
    first = make_commitment("Water Code", deadline=TODAY + 60 * DAY)
    second = make_commitment("Roads", deadline=None)

    with time_machine.travel(NOW, tick=False):
        created = tasks.plan_all_reminders.delay().get()

    assert created == 7
    assert {row.commitment_id for row in Reminder.objects.all()} == {
        first.pk,
        second.pk,
    }


def test_the_beat_schedule_runs_the_reminder_tasks(settings):
    from config.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    reminder_tasks = {
        "tracking.tasks.send_due_reminders",
        "tracking.tasks.plan_all_reminders",
    }
    assert reminder_tasks <= scheduled
    assert reminder_tasks <= set(app.tasks)


# --------------------------------------------------------------------------- sending


@pytest.fixture
def ana_and_bob_due(ana, bob) -> dict[str, Commitment]:
    """Three reminders due for ana at today's slot, one for bob."""
    commitments = {
        "roads": make_commitment("Roads", deadline=TODAY + 7 * DAY, assignee=ana),
        "water": make_commitment("Water Code", deadline=TODAY, assignee=ana),
        "schools": make_commitment("Schools", deadline=TODAY + DAY, assignee=ana),
        "clinics": make_commitment("Clinics", deadline=TODAY + 30 * DAY, assignee=bob),
    }
    reminders.plan_reminders(
        [commitment.pk for commitment in commitments.values()], now=at(TODAY, 1)
    )
    return commitments


def test_send_due_reminders_sends_each_recipient_one_email_grouped_by_kind(
    ana, ana_and_bob_due
):
    result = reminders.send_due_reminders(NOW)

    assert (result.sent, result.failed) == (2, 0)
    assert [(d.recipient, d.reminders, d.kinds) for d in result.deliveries] == [
        ("ana", 3, {"due_soon": 2, "due_today": 1}),
        ("bob", 1, {"due_soon": 1}),
    ]
    assert len(mail.outbox) == 2
    [message] = outbox_for("ana")
    assert message.subject == "Uade: 3 commitment reminders"
    assert text_items(message.body) == [
        ("DUE SOON", "Schools"),
        ("DUE SOON", "Roads"),
        ("DUE TODAY", "Water Code"),
    ]
    water = ana_and_bob_due["water"]
    assert (
        "- Water Code\n"
        "  Deadline: 2 March 2026 · Status: Not yet rated\n"
        f"  Commitment: {SITE_URL}/analyst/commitments/{water.pk}/\n"
        f"  Log progress: {SITE_URL}/analyst/commitments/{water.pk}/progress/\n"
    ) in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings == ["Due soon (2)", "Due today (1)"]
    for commitment in ("roads", "water", "schools"):
        pk = ana_and_bob_due[commitment].pk
        assert f'href="{SITE_URL}/analyst/commitments/{pk}/"' in html
        assert f'href="{SITE_URL}/analyst/commitments/{pk}/progress/"' in html
    assert "Clinics" not in message.body + html


def test_every_reminder_email_has_a_one_click_unsubscribe_link(ana, ana_and_bob_due):
    reminders.send_due_reminders(NOW)

    [message] = outbox_for("ana")
    unsubscribe_url = message.extra_headers["List-Unsubscribe"][1:-1]
    token = unsubscribe_url.removeprefix(f"{SITE_URL}/reminders/unsubscribe/")
    assert unsubscribe_url == (
        f"{SITE_URL}/reminders/unsubscribe/{reminders.unsubscribe_token(ana)}/"
    )
    assert reminders.user_for_unsubscribe_token(token.rstrip("/")) == ana
    headers = message.message()
    assert headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop these emails: {unsubscribe_url}" in message.body
    assert f'href="{unsubscribe_url}"' in message.alternatives[0].content
    assert f"{SITE_URL}/analyst/reminders/" in message.body


def test_send_due_reminders_marks_the_rows_sent_and_a_second_sweep_sends_nothing(
    ana_and_bob_due,
):
    due = set(Reminder.objects.due(NOW).values_list("pk", flat=True))

    reminders.send_due_reminders(NOW)
    again = reminders.send_due_reminders(NOW + 5 * MINUTE)

    assert len(due) == 4
    assert (
        set(
            Reminder.objects.filter(sent_at=NOW, attempts=1).values_list(
                "pk", flat=True
            )
        )
        == due
    )
    assert again.deliveries == []
    assert len(mail.outbox) == 2


def test_send_due_reminders_leaves_reminders_that_are_not_due_yet(ana_and_bob_due):
    result = reminders.send_due_reminders(SLOT - MINUTE)

    assert result.deliveries == []
    assert mail.outbox == []
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()


def test_send_due_reminders_takes_now_from_the_clock_in_the_beat_task(
    ana_and_bob_due,
):
    with time_machine.travel(NOW, tick=False):
        outcome = tasks.send_due_reminders.delay().get()

    assert outcome == {"sent": 2, "failed": 0}
    assert Reminder.objects.filter(sent_at=NOW).count() == 4


def test_a_sent_overdue_reminder_plans_the_next_one_a_week_later(ana):
    commitment = make_commitment("Water Code", deadline=TODAY - DAY, assignee=ana)
    reminders.plan_reminders([commitment.pk], now=at(TODAY, 1))
    assert planned(kind="overdue") == {("ana", "overdue", SLOT)}

    reminders.send_due_reminders(NOW)

    assert planned(kind="overdue") == {("ana", "overdue", at(TODAY + 7 * DAY, 8))}
    reminders.plan_all_reminders(now=NOW + DAY)  # the nightly re-plan agrees
    assert planned(kind="overdue") == {("ana", "overdue", at(TODAY + 7 * DAY, 8))}
    reminders.send_due_reminders(at(TODAY + 7 * DAY, 8))
    assert [m.subject for m in mail.outbox] == ["Uade: 1 commitment reminder"] * 2
    assert planned(kind="overdue") == {("ana", "overdue", at(TODAY + 14 * DAY, 8))}


def test_a_sent_stale_reminder_plans_the_next_one_after_another_quiet_spell(ana):
    commitment = make_commitment(
        "Water Code", deadline=None, assignee=ana, created_at=NOW - 90 * DAY
    )
    reminders.plan_reminders([commitment.pk], now=at(TODAY, 1))
    assert planned() == {("ana", "stale", SLOT)}

    reminders.send_due_reminders(NOW)

    assert planned() == {("ana", "stale", at(TODAY + 90 * DAY, 8))}
    assert text_items(mail.outbox[0].body) == [("NO PROGRESS LOGGED", "Water Code")]


def test_every_analyst_gets_the_overdue_reminder_of_an_unassigned_commitment(ana, bob):
    commitment = make_commitment("Water Code", deadline=TODAY - DAY)
    reminders.plan_reminders([commitment.pk], now=at(TODAY, 1))
    assert planned(kind="overdue") == {
        ("ana", "overdue", SLOT),
        ("bob", "overdue", SLOT),
    }

    reminders.send_due_reminders(NOW)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "bob@example.org",
    ]
    assert Reminder.objects.filter(kind="overdue", sent_at=NOW).count() == 2


def test_a_recipient_without_an_email_address_is_written_to_at_localhost():
    nomad = UserFactory(username="nomad", email="")
    ReminderFactory(recipient=nomad, due_at=SLOT)

    reminders.send_due_reminders(NOW)

    assert [message.to for message in mail.outbox] == [["nomad@localhost"]]


# --------------------------------------------------------------------------- failure


@pytest.fixture
def refusing_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = REFUSING_BACKEND


def test_a_failed_send_records_the_error_and_backs_off_without_holding_up_others(
    refusing_mail,
):
    broken = UserFactory(username="ana", email="ana@broken.example")
    fine = UserFactory(username="bob")
    commitment = make_commitment("Water Code", deadline=None)
    failing = ReminderFactory(commitment=commitment, recipient=broken, due_at=SLOT)
    other = ReminderFactory(commitment=commitment, recipient=fine, due_at=SLOT)

    result = reminders.send_due_reminders(NOW)

    assert (result.sent, result.failed) == (1, 1)
    assert [(d.recipient, d.error) for d in result.deliveries] == [
        ("ana", "mailbox unavailable"),
        ("bob", ""),
    ]
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    failing.refresh_from_db()
    assert {
        "attempts": failing.attempts,
        "last_error": failing.last_error,
        "next_attempt_at": failing.next_attempt_at,
        "sent_at": failing.sent_at,
        "gave_up_at": failing.gave_up_at,
    } == {
        "attempts": 1,
        "last_error": "ConnectionRefusedError: mailbox unavailable",
        "next_attempt_at": NOW + 5 * MINUTE,
        "sent_at": None,
        "gave_up_at": None,
    }
    other.refresh_from_db()
    assert (other.sent_at, other.attempts) == (NOW, 1)


def test_a_failed_send_is_retried_with_capped_doubling_back_off_then_given_up(
    refusing_mail, settings
):
    # Short figures, so that giving up comes within a few sweeps; the defaults are
    # tested against a real SMTP port in test_reminders_failures.py.
    settings.UADE_REMINDER_RETRY_MAX_MINUTES = 20
    settings.UADE_REMINDER_GIVE_UP_AFTER_HOURS = 1
    broken = UserFactory(username="ana", email="ana@broken.example")
    failing = ReminderFactory(recipient=broken, due_at=SLOT)

    def sweep(moment: dt.datetime) -> tuple[int, dt.datetime, Any, Any]:
        reminders.send_due_reminders(moment)
        failing.refresh_from_db()
        return (
            failing.attempts,
            failing.next_attempt_at,
            failing.gave_up_at,
            failing.sent_at,
        )

    first = NOW
    second = first + 5 * MINUTE
    third = second + 10 * MINUTE
    fourth = third + 20 * MINUTE
    fifth = fourth + 20 * MINUTE  # at most 20 minutes a wait
    sixth = fifth + 20 * MINUTE
    assert sweep(first) == (1, second, None, None)
    assert sweep(second - MINUTE) == (1, second, None, None)  # still backing off
    assert sweep(second) == (2, third, None, None)
    assert sweep(third - MINUTE) == (2, third, None, None)
    assert sweep(third) == (3, fourth, None, None)
    assert sweep(fourth) == (4, fifth, None, None)
    assert sweep(fifth) == (5, sixth, None, None)  # failing for 55 minutes: kept
    assert sweep(sixth) == (6, sixth + 20 * MINUTE, sixth, None)  # 75: given up
    assert failing.first_failed_at == first

    settings.EMAIL_BACKEND = LOCMEM_BACKEND  # the server is back, too late
    assert sweep(sixth + DAY) == (6, sixth + 20 * MINUTE, sixth, None)
    assert mail.outbox == []
    assert not Reminder.objects.unsent().exists()
    assert list(Reminder.objects.undeliverable()) == [failing]


def test_a_retry_that_succeeds_marks_the_row_sent(refusing_mail, settings):
    broken = UserFactory(username="ana", email="ana@broken.example")
    failing = ReminderFactory(recipient=broken, due_at=SLOT)
    reminders.send_due_reminders(NOW)

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    result = reminders.send_due_reminders(NOW + 5 * MINUTE)

    failing.refresh_from_db()
    assert (result.sent, failing.sent_at, failing.attempts) == (
        1,
        NOW + 5 * MINUTE,
        2,
    )
    assert failing.last_error == "ConnectionRefusedError: mailbox unavailable"


# --------------------------------------------------------------------------- digests


@pytest.fixture
def water(ana) -> Commitment:
    return make_commitment("Water Code", deadline=None, assignee=ana)


def due_for(user: Any, commitment: Commitment, *moments: dt.datetime) -> None:
    kinds = ["due_soon", "due_today"]
    for index, moment in enumerate(moments):
        ReminderFactory(
            recipient=user,
            commitment=commitment,
            kind=kinds[index % 2],
            due_at=moment,
        )


def sweep_counts(*moments: dt.datetime) -> list[int]:
    """How many reminders the sweep sent at each moment."""
    return [
        sum(d.reminders for d in reminders.send_due_reminders(moment).deliveries)
        for moment in moments
    ]


def test_a_daily_digest_goes_out_once_a_day_at_the_reminder_hour(ana, water):
    preference = ReminderPreference.objects.create(
        user=ana,
        frequency=ReminderFrequency.DAILY,
        last_digest_at=at(TODAY - DAY, 8),
    )
    due_for(ana, water, at(TODAY), at(TODAY, 8))

    assert sweep_counts(at(TODAY, 0, 5), SLOT - MINUTE, SLOT) == [0, 0, 2]
    due_for(ana, water, at(TODAY, 9), at(TODAY, 9, 30))
    assert sweep_counts(at(TODAY, 12), at(TODAY + DAY, 7, 59), at(TODAY + DAY, 8)) == [
        0,
        0,
        2,
    ]
    assert len(mail.outbox) == 2
    preference.refresh_from_db()
    assert preference.last_digest_at == at(TODAY + DAY, 8)


def test_a_weekly_digest_goes_out_on_monday_at_the_reminder_hour(ana, water):
    ReminderPreference.objects.create(
        user=ana, frequency=ReminderFrequency.WEEKLY, last_digest_at=SLOT
    )
    due_for(ana, water, at(TODAY + DAY, 8), at(TODAY + 2 * DAY, 8))

    week = [at(TODAY + days * DAY, 8) for days in range(1, 7)]  # Tuesday to Sunday
    monday = at(TODAY + 7 * DAY, 8)
    assert sweep_counts(*week, monday - MINUTE, monday, monday + DAY) == [
        *[0] * 6,
        0,
        2,
        0,
    ]
    [message] = mail.outbox
    assert message.subject == "Uade: 2 commitment reminders"


def test_a_first_daily_digest_waits_for_the_reminder_hour(ana, water):
    ReminderPreference.objects.create(user=ana, frequency=ReminderFrequency.DAILY)
    due_for(ana, water, at(TODAY), SLOT)

    assert sweep_counts(at(TODAY, 0, 5), SLOT) == [0, 2]


def test_a_weekly_digest_bundles_reminders_that_fell_due_during_the_week(ana):
    ReminderPreference.objects.create(
        user=ana, frequency=ReminderFrequency.WEEKLY, last_digest_at=SLOT
    )
    # Due soon on Wednesday (7 days ahead), due today the next Wednesday.
    commitment = make_commitment(
        "Water Code", deadline=TODAY + 9 * DAY, assignee=ana, created_at=NOW
    )
    reminders.plan_reminders([commitment.pk], now=NOW)
    assert ("ana", "due_soon", at(TODAY + 2 * DAY, 8)) in planned()

    reminders.plan_all_reminders(now=at(TODAY + 3 * DAY, 3, 17))  # Thursday night
    result = reminders.send_due_reminders(at(TODAY + 7 * DAY, 8))  # Monday

    assert [(d.recipient, d.kinds) for d in result.deliveries] == [
        ("ana", {"due_soon": 1})
    ]


def test_reminders_turned_off_are_not_sent(ana, water):
    due_for(ana, water, SLOT)
    ReminderPreference.objects.create(user=ana, frequency=ReminderFrequency.OFF)

    result = reminders.send_due_reminders(NOW)

    assert result.deliveries == []
    assert mail.outbox == []
    assert Reminder.objects.unsent().count() == 1


# --------------------------------------------------------------------------- dry run


def test_a_dry_run_reports_what_would_be_sent_and_sends_and_marks_nothing(
    ana, ana_and_bob_due
):
    ReminderPreference.objects.create(user=ana, frequency=ReminderFrequency.DAILY)
    before = list(Reminder.objects.order_by("pk").values())

    result = reminders.send_due_reminders(NOW, dry_run=True)

    assert [
        (d.recipient, d.email, d.reminders, d.kinds) for d in result.deliveries
    ] == [
        ("ana", "ana@example.org", 3, {"due_soon": 2, "due_today": 1}),
        ("bob", "bob@example.org", 1, {"due_soon": 1}),
    ]
    assert mail.outbox == []
    assert list(Reminder.objects.order_by("pk").values()) == before
    assert ReminderPreference.objects.get(user=ana).last_digest_at is None


# --------------------------------------------------------------------------- horizon


def test_plan_reminders_writes_rows_only_within_the_horizon(ana, settings):
    settings.UADE_REMINDER_HORIZON_DAYS = 35
    near = make_commitment("Near", deadline=TODAY + 40 * DAY, created_at=NOW)
    far = make_commitment("Far", deadline=TODAY + 400 * DAY, created_at=NOW)

    reminders.plan_reminders([near.pk, far.pk], now=NOW)

    assert planned(commitment=near) == {
        ("ana", "due_soon", at(TODAY + 10 * DAY, 8)),
        ("ana", "due_soon", at(TODAY + 33 * DAY, 8)),
    }
    assert planned(commitment=far) == set()


def test_the_nightly_plan_moves_the_horizon_on(ana, settings):
    settings.UADE_REMINDER_HORIZON_DAYS = 35
    commitment = make_commitment("Later", deadline=TODAY + 70 * DAY, created_at=NOW)
    reminders.plan_reminders([commitment.pk], now=NOW)
    assert planned(commitment=commitment) == set()

    reminders.plan_all_reminders(now=NOW + 30 * DAY)

    assert planned(commitment=commitment) == {
        ("ana", "due_soon", at(TODAY + 40 * DAY, 8)),
        ("ana", "due_soon", at(TODAY + 63 * DAY, 8)),
    }
