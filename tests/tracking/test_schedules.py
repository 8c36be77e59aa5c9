"""The pure reminder policy: what is planned, and when."""

from __future__ import annotations

import datetime as dt

import pytest

from tracking.models import ReminderKind as ModelReminderKind
from tracking.schedules import PlannedReminder, ReminderKind, ReminderPolicy, plan

POLICY = ReminderPolicy()
D = dt.date


def kinds_and_days(planned: list[PlannedReminder]) -> list[tuple[str, dt.date]]:
    return [(reminder.kind.value, reminder.due_on) for reminder in planned]


def test_plan_reminds_30_7_and_1_days_before_on_the_day_and_the_day_after():
    planned = plan(
        today=D(2026, 1, 1),
        deadline=D(2026, 6, 30),
        last_activity_on=D(2026, 1, 1),
        is_final=False,
        policy=POLICY,
    )

    assert kinds_and_days(planned) == [
        ("stale", D(2026, 4, 1)),
        ("due_soon", D(2026, 5, 31)),
        ("due_soon", D(2026, 6, 23)),
        ("due_soon", D(2026, 6, 29)),
        ("due_today", D(2026, 6, 30)),
        ("overdue", D(2026, 7, 1)),
    ]
    assert not any(reminder.is_late for reminder in planned)


def test_plan_skips_due_soon_reminders_whose_day_has_passed():
    planned = plan(
        today=D(2026, 6, 25),
        deadline=D(2026, 6, 30),
        last_activity_on=D(2026, 6, 1),
        is_final=False,
        policy=POLICY,
    )

    assert ("due_soon", D(2026, 6, 29)) in kinds_and_days(planned)
    assert ("due_soon", D(2026, 6, 23)) not in kinds_and_days(planned)
    assert ("due_soon", D(2026, 5, 31)) not in kinds_and_days(planned)


def test_plan_gives_a_final_commitment_no_reminders():
    assert (
        plan(
            today=D(2026, 1, 1),
            deadline=D(2026, 6, 30),
            last_activity_on=D(2025, 1, 1),
            is_final=True,
            policy=POLICY,
        )
        == []
    )


def test_plan_without_deadline_only_watches_for_silence():
    planned = plan(
        today=D(2026, 1, 1),
        deadline=None,
        last_activity_on=D(2025, 12, 1),
        is_final=False,
        policy=POLICY,
    )

    assert kinds_and_days(planned) == [("stale", D(2026, 3, 1))]


def test_plan_sends_an_overdue_reminder_at_once_when_none_was_sent():
    planned = plan(
        today=D(2026, 11, 23),
        deadline=D(2020, 12, 31),
        last_activity_on=D(2026, 11, 1),
        is_final=False,
        policy=POLICY,
    )

    overdue = [
        reminder for reminder in planned if reminder.kind == ReminderKind.OVERDUE
    ]
    assert overdue == [PlannedReminder(D(2026, 11, 23), ReminderKind.OVERDUE, True)]


def test_plan_repeats_overdue_weekly_after_the_last_one_sent():
    planned = plan(
        today=D(2026, 7, 2),
        deadline=D(2026, 6, 30),
        last_activity_on=D(2026, 6, 1),
        is_final=False,
        policy=POLICY,
        last_overdue_on=D(2026, 7, 1),
    )

    assert ("overdue", D(2026, 7, 8)) in kinds_and_days(planned)


def test_plan_repeats_stale_after_each_silent_period():
    planned = plan(
        today=D(2026, 4, 2),
        deadline=None,
        last_activity_on=D(2026, 1, 1),
        is_final=False,
        policy=POLICY,
        last_stale_on=D(2026, 4, 1),
    )

    assert kinds_and_days(planned) == [("stale", D(2026, 6, 30))]


def test_plan_follows_the_numbers_in_the_policy():
    planned = plan(
        today=D(2026, 1, 1),
        deadline=D(2026, 3, 1),
        last_activity_on=D(2026, 1, 1),
        is_final=False,
        policy=ReminderPolicy(
            due_soon_days=(14,), overdue_first_after_days=2, stale_after_days=10
        ),
    )

    assert kinds_and_days(planned) == [
        ("stale", D(2026, 1, 11)),
        ("due_soon", D(2026, 2, 15)),
        ("due_today", D(2026, 3, 1)),
        ("overdue", D(2026, 3, 3)),
    ]


@pytest.mark.parametrize("today", [D(2026, 6, 30), D(2026, 7, 1), D(2026, 9, 9)])
def test_plan_never_plans_in_the_past(today):
    planned = plan(
        today=today,
        deadline=D(2026, 6, 30),
        last_activity_on=D(2025, 1, 1),
        is_final=False,
        policy=POLICY,
    )
    assert all(reminder.due_on >= today for reminder in planned)


def test_pure_and_model_reminder_kinds_agree():
    assert {kind.value for kind in ReminderKind} == set(ModelReminderKind.values)
