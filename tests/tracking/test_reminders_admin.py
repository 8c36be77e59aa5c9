"""Reminders that could not be delivered are shown, not hidden: the Reminder admin
(read-only, filtered by delivery, with a retry action) and the workspace's notice."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from config.permissions import VIEW_COMMITMENTS
from tests.factories import (
    AnalystFactory,
    CommitmentFactory,
    ReminderFactory,
    UserFactory,
)
from tracking.demo import ensure_groups
from tracking.models import Reminder

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SLOT = dt.datetime(2026, 3, 2, 8, tzinfo=ALMATY)
NOW = dt.datetime(2026, 3, 4, 12, tzinfo=ALMATY)
CHANGELIST = "admin:tracking_reminder_changelist"
ERROR = "ConnectionRefusedError: [Errno 111] Connection refused"


@pytest.fixture(autouse=True)
def reminder_settings(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Almaty"


def given_up(**row: Any) -> Reminder:
    return ReminderFactory(
        due_at=SLOT,
        attempts=18,
        first_failed_at=SLOT,
        last_error=ERROR,
        gave_up_at=SLOT + dt.timedelta(hours=49),
        **row,
    )


def failing(**row: Any) -> Reminder:
    return ReminderFactory(
        due_at=SLOT,
        attempts=3,
        first_failed_at=SLOT,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed: timed out",
        next_attempt_at=SLOT + dt.timedelta(minutes=35),
        **row,
    )


def sent(**row: Any) -> Reminder:
    return ReminderFactory(due_at=SLOT, attempts=1, sent_at=SLOT, **row)


@pytest.fixture
def rows() -> dict[str, Any]:
    ana = UserFactory(username="ana", email="ana@broken.example")
    commitment = CommitmentFactory(changes={"title": "A new Water Code"}, assignee=ana)
    return {
        "given_up": given_up(recipient=ana, commitment=commitment),
        "failing": failing(recipient=ana, commitment=commitment, kind="due_today"),
        "sent": sent(commitment=commitment, kind="overdue"),
        "waiting": ReminderFactory(due_at=SLOT + dt.timedelta(days=30)),
    }


def staff(*permissions: str) -> Any:
    """A staff member with these permissions ("app_label.codename") only."""
    user = UserFactory(is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def viewer_client(client: Client) -> Client:
    client.force_login(staff("tracking.view_reminder"))
    return client


@pytest.fixture
def changer_client(client: Client) -> Client:
    client.force_login(staff("tracking.view_reminder", "tracking.change_reminder"))
    return client


def listed(response: Any) -> set[int]:
    return {row.pk for row in response.context["cl"].result_list}


# ---------------------------------------------------------------------- the list


@pytest.mark.parametrize(
    ("delivery", "expected"),
    [
        ("undeliverable", {"given_up"}),
        ("failing", {"failing"}),
        ("sent", {"sent"}),
        (None, {"given_up", "failing", "sent", "waiting"}),
    ],
)
def test_the_reminder_list_filters_by_delivery(viewer_client, rows, delivery, expected):
    query = {"delivery": delivery} if delivery else {}

    response = viewer_client.get(reverse(CHANGELIST), query)

    assert response.status_code == 200
    assert listed(response) == {rows[name].pk for name in expected}


def test_the_reminder_list_shows_the_recipient_and_the_last_error(viewer_client, rows):
    response = viewer_client.get(reverse(CHANGELIST), {"delivery": "undeliverable"})

    html = response.content.decode()
    assert "ana &lt;ana@broken.example&gt;" in html
    assert ERROR in html
    assert "A new Water Code" in html
    assert "Undeliverable since 4 Mar 2026 09:00" in html


def test_the_reminder_list_queries_do_not_grow_with_the_rows(
    viewer_client, django_assert_max_num_queries
):
    for _ in range(10):
        given_up()

    with django_assert_max_num_queries(10):
        response = viewer_client.get(reverse(CHANGELIST))

    assert response.context["cl"].result_count == 10


def test_the_reminder_admin_is_read_only(changer_client, rows):
    reminder = rows["given_up"]
    change_url = reverse("admin:tracking_reminder_change", args=[reminder.pk])

    changelist = changer_client.get(reverse(CHANGELIST)).content.decode()
    add_page = changer_client.get(reverse("admin:tracking_reminder_add"))
    post = changer_client.post(change_url, {"kind": "stale"})
    delete_page = changer_client.post(
        reverse("admin:tracking_reminder_delete", args=[reminder.pk]), {"post": "yes"}
    )

    assert 'value="delete_selected"' not in changelist
    assert (add_page.status_code, post.status_code, delete_page.status_code) == (
        403,
        403,
        403,
    )
    assert changer_client.get(change_url).status_code == 200
    reminder.refresh_from_db()
    assert reminder.kind == "due_soon"


def test_the_reminder_admin_is_hidden_from_staff_without_view_permission(client, rows):
    client.force_login(staff())

    assert client.get(reverse(CHANGELIST)).status_code == 403


# -------------------------------------------------------------------- retry action


def test_the_retry_action_makes_the_selected_undeliverable_reminders_due_now(
    changer_client, rows
):
    selected = [rows["given_up"].pk, rows["failing"].pk, rows["sent"].pk]

    with time_machine.travel(NOW, tick=False):
        response = changer_client.post(
            reverse(CHANGELIST),
            {"action": "retry_undeliverable", "_selected_action": selected},
        )

    assert response.status_code == 302
    retried = Reminder.objects.get(pk=rows["given_up"].pk)
    assert (
        retried.gave_up_at,
        retried.first_failed_at,
        retried.attempts,
        retried.next_attempt_at,
        retried.last_error,
    ) == (None, None, 0, NOW, ERROR)
    # Only undeliverable ones are retried: the failing one keeps its back-off.
    untouched = Reminder.objects.get(pk=rows["failing"].pk)
    assert untouched.next_attempt_at == SLOT + dt.timedelta(minutes=35)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1 reminder will be sent with the next sweep, within 5 minutes."
    ]


def test_the_retry_action_says_when_a_reminder_was_no_longer_wanted(
    changer_client, rows
):
    reminder = rows["given_up"]
    reminder.commitment.status = "achieved"
    reminder.commitment.save(update_fields=["status"])

    with time_machine.travel(NOW, tick=False):
        response = changer_client.post(
            reverse(CHANGELIST),
            {"action": "retry_undeliverable", "_selected_action": [reminder.pk]},
        )

    assert not Reminder.objects.filter(pk=reminder.pk).exists()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "No reminder will be sent: 1 was no longer wanted (its commitment is final "
        "or its recipient no longer follows it) and was removed."
    ]


def test_only_users_who_may_change_reminders_can_retry_them(viewer_client, rows):
    reminder = rows["given_up"]

    changelist = viewer_client.get(reverse(CHANGELIST)).content.decode()
    response = viewer_client.post(
        reverse(CHANGELIST),
        {"action": "retry_undeliverable", "_selected_action": [reminder.pk]},
    )

    assert 'value="retry_undeliverable"' not in changelist
    assert response.status_code in (200, 302)
    assert Reminder.objects.get(pk=reminder.pk).gave_up_at is not None


# ------------------------------------------------------------------ the workspace

NOTICE = "2 reminders could not be delivered"


@pytest.fixture
def two_undeliverable() -> None:
    given_up()
    given_up()
    failing()  # still being retried: not counted


def test_the_workspace_tells_staff_who_may_view_reminders_what_was_not_delivered(
    client, two_undeliverable
):
    client.force_login(staff(VIEW_COMMITMENTS, "tracking.view_reminder"))

    html = client.get("/analyst/").content.decode()

    link = reverse(CHANGELIST) + "?delivery=undeliverable"
    assert f'<a href="{link}">{NOTICE}</a>' in html


def analyst() -> Any:
    """An analyst with the Analysts group's permissions (reminders' included), and
    not staff."""
    ensure_groups()
    return AnalystFactory()


@pytest.mark.parametrize(
    "user",
    [
        # May view reminders but, not being staff, cannot open the admin's list.
        pytest.param(lambda: analyst(), id="analyst"),
        pytest.param(lambda: staff(VIEW_COMMITMENTS), id="staff-without-permission"),
    ],
)
def test_the_workspace_says_nothing_of_reminders_to_those_who_cannot_view_them(
    client, two_undeliverable, user
):
    client.force_login(user())

    response = client.get("/analyst/")

    assert response.status_code == 200
    assert "could not be delivered" not in response.content.decode()


def test_the_workspace_says_nothing_when_every_reminder_was_delivered(client, rows):
    Reminder.objects.undeliverable().delete()
    client.force_login(staff(VIEW_COMMITMENTS, "tracking.view_reminder"))

    html = client.get("/analyst/").content.decode()

    assert "could not be delivered" not in html
