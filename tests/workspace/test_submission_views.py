"""Moderating readers' submissions: the analysts' queue, its actions, and the admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment
from tests.dashboard.helpers import published
from tests.factories import AnalystFactory, UserFactory
from tracking import submissions
from tracking.demo import ensure_groups
from tracking.models import (
    DismissReason,
    EvidenceKind,
    ProgressUpdate,
    ReaderSubmission,
    SubmissionState,
)

pytestmark = pytest.mark.django_db

QUEUE = "/analyst/submissions/"
LINK = "https://stat.gov.kz/en/schools-2025"
NOTE = "Statistics show 40 schools opened in 2025."
EMAIL = "reader@example.org"


def accept_url(submission: ReaderSubmission) -> str:
    return f"/analyst/submissions/{submission.pk}/log/"


def dismiss_url(submission: ReaderSubmission) -> str:
    return f"/analyst/submissions/{submission.pk}/dismiss/"


def messages_in(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def analyst() -> Any:
    ensure_groups()
    return AnalystFactory(username="ana")


@pytest.fixture
def analyst_client(client: Client, analyst: Any) -> Client:
    client.force_login(analyst)
    return client


@pytest.fixture
def commitment() -> Commitment:
    return published("Build 100 new schools")


def send(commitment: Commitment, note: str = NOTE, **fields: Any) -> ReaderSubmission:
    submission = submissions.submit(
        commitment.pk,
        note=note,
        url=fields.pop("url", LINK),
        email=fields.pop("email", EMAIL),
        client_address=fields.pop("client_address", "198.51.100.7"),
    ).submission
    assert submission is not None
    return submission


# ----------------------------------------------------------------- who may see it


@pytest.mark.parametrize("path", [QUEUE, "/analyst/submissions/1/log/"])
def test_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


def test_signed_in_users_without_the_permission_get_403(client, commitment):
    submission = send(commitment)
    client.force_login(UserFactory(is_staff=True))

    for path in (QUEUE, accept_url(submission), dismiss_url(submission)):
        assert client.get(path).status_code == 403, path
    assert client.post(dismiss_url(submission), {"reason": "spam"}).status_code == 403
    submission.refresh_from_db()
    assert submission.is_pending


def test_logging_progress_from_a_submission_needs_that_permission(client, commitment):
    ensure_groups()
    moderator = AnalystFactory()
    moderator.groups.clear()
    moderator.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_commitment", "moderate_readersubmission"]
        )
    )
    client.force_login(moderator)
    submission = send(commitment)

    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert accept_url(submission) not in queue.content.decode()
    assert client.get(accept_url(submission)).status_code == 403
    assert client.get(dismiss_url(submission)).status_code == 200


# ------------------------------------------------------------------- the queue


def test_the_queue_shows_each_submission_for_analysts_only(analyst_client, commitment):
    submission = send(commitment)

    response = analyst_client.get(QUEUE)

    html = response.content.decode()
    text = text_of(html)
    assert "1 submission waits for moderation" in text
    assert commitment.title in text
    assert f'href="{LINK}"' in html
    assert NOTE in text
    assert EMAIL in text
    assert accept_url(submission) in html
    assert f'action="{dismiss_url(submission)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_queue_lists_pending_first_and_pages(analyst_client, analyst, commitment):
    moderated = send(commitment, note="Moderated already.")
    submissions.dismiss_submission(moderated.pk, by=analyst, reason=DismissReason.SPAM)
    waiting = [
        send(commitment, note=f"Waiting {n}.", client_address=f"192.0.2.{n}")
        for n in range(20)
    ]

    first = analyst_client.get(QUEUE)
    second = analyst_client.get(QUEUE, {"page": 2})

    assert list(first.context["submissions"]) == waiting
    assert list(second.context["submissions"]) == [moderated]
    assert "Spam or abuse" in text_of(second.content.decode())


def test_the_queue_makes_as_many_queries_for_30_submissions_as_for_3(
    analyst_client, analyst, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for n in range(count):
            commitment = published(f"Promise {ReaderSubmission.objects.count()}")
            submission = send(commitment, client_address=f"192.0.2.{n}")
            if n % 3 == 1:
                submissions.dismiss_submission(
                    submission.pk, by=analyst, reason=DismissReason.OTHER, note="Odd."
                )
            elif n % 3 == 2:
                submissions.accept_submission(
                    submission.pk,
                    by=analyst,
                    status="in_progress",
                    evidence_kind=EvidenceKind.OTHER,
                )

    add(3)
    with CaptureQueriesContext(connection) as few:
        analyst_client.get(QUEUE)
    add(27)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = analyst_client.get(QUEUE)

    assert len(response.context["submissions"]) == 20


def test_the_workspace_links_to_the_queue_with_the_pending_count(
    analyst_client, commitment
):
    send(commitment)
    send(commitment)

    html = analyst_client.get("/analyst/").content.decode()

    assert f'href="{QUEUE}"' in html
    assert "Readers’ submissions (2 pending)" in text_of(html)


# ------------------------------------------------------------------ logging one


def test_the_log_form_comes_prefilled_with_the_link_and_current_status(
    analyst_client, commitment
):
    submission = send(commitment)

    response = analyst_client.get(accept_url(submission))

    form = response.context["form"]
    assert form.initial == {"status": "not_rated", "evidence_url": LINK}
    assert "evidence_address" not in form.fields
    assert EvidenceKind.LATER_SPEECH not in dict(form.fields["evidence_kind"].choices)
    assert NOTE in response.content.decode()


def test_logging_a_submission_records_one_update_and_closes_it(
    analyst_client, analyst, commitment
):
    submission = send(commitment)

    response = analyst_client.post(
        accept_url(submission),
        {
            "status": "in_progress",
            "evidence_kind": EvidenceKind.BUDGET_OR_STATISTICS,
            "evidence_url": LINK,
            "evidence_title": "Schools in 2025",
            "note": "40 of 100 schools are open.",
        },
        follow=True,
    )

    update = ProgressUpdate.objects.get()
    assert (update.evidence_url, update.status, update.author) == (
        LINK,
        "in_progress",
        analyst,
    )
    submission.refresh_from_db()
    assert submission.state == SubmissionState.ACCEPTED
    assert submission.progress_update == update
    assert response.redirect_chain == [(QUEUE, 302)]
    assert messages_in(response) == [
        f"Logged as a progress update on “{commitment.title}”."
    ]


def test_a_refused_update_shows_its_errors_and_leaves_the_submission_pending(
    analyst_client, commitment
):
    submission = send(commitment)

    response = analyst_client.post(
        accept_url(submission),
        {"status": "achieved", "evidence_kind": "", "evidence_url": LINK},
    )

    assert response.status_code == 200
    assert "evidence_kind" in response.context["form"].errors
    assert not ProgressUpdate.objects.exists()
    submission.refresh_from_db()
    assert submission.is_pending


# ---------------------------------------------------------------- dismissing one


def test_dismissing_from_the_queue_keeps_the_reason(
    analyst_client, analyst, commitment
):
    submission = send(commitment)

    response = analyst_client.post(
        dismiss_url(submission),
        {"reason": DismissReason.NOT_RELEVANT, "note": "About hospitals."},
        follow=True,
    )

    submission.refresh_from_db()
    assert submission.state == SubmissionState.DISMISSED
    assert submission.dismiss_reason == DismissReason.NOT_RELEVANT
    assert submission.dismiss_note == "About hospitals."
    assert submission.moderated_by == analyst
    assert response.redirect_chain == [(QUEUE, 302)]
    assert messages_in(response) == [
        f"Dismissed the submission on “{commitment.title}”."
    ]


def test_dismissing_as_other_without_a_note_is_refused(analyst_client, commitment):
    submission = send(commitment)

    response = analyst_client.post(dismiss_url(submission), {"reason": "other"})

    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    submission.refresh_from_db()
    assert submission.is_pending


@pytest.mark.parametrize("action", ["log", "dismiss"])
def test_a_second_moderation_is_refused_with_a_clear_message(
    analyst_client, analyst, commitment, action
):
    submission = send(commitment)
    submissions.dismiss_submission(submission.pk, by=analyst, reason=DismissReason.SPAM)
    url = accept_url(submission) if action == "log" else dismiss_url(submission)

    response = analyst_client.post(
        url,
        {
            "status": "achieved",
            "evidence_kind": EvidenceKind.OTHER,
            "reason": DismissReason.UNRELIABLE,
        },
        follow=True,
    )

    assert response.redirect_chain == [(QUEUE, 302)]
    [message] = messages_in(response)
    assert "already moderated" in message
    assert "ana" in message
    assert not ProgressUpdate.objects.exists()
    submission.refresh_from_db()
    assert submission.dismiss_reason == DismissReason.SPAM


# --------------------------------------------------------------------- the admin


CHANGELIST = "admin:tracking_readersubmission_changelist"


@pytest.fixture
def staff_analyst_client(client: Client) -> Client:
    ensure_groups()
    client.force_login(AnalystFactory(username="ana", is_staff=True))
    return client


def test_the_admin_lists_submissions_by_state(staff_analyst_client, commitment):
    send(commitment, note="Still waiting.")
    dismissed = send(commitment, note="Thrown out.")
    submissions.dismiss_submission(
        dismissed.pk, by=AnalystFactory(), reason=DismissReason.SPAM
    )

    pending_page = staff_analyst_client.get(
        reverse(CHANGELIST), {"state__exact": "pending"}
    )

    text = text_of(pending_page.content.decode())
    assert "Still waiting." in text
    assert "Thrown out." not in text


def test_the_admin_shows_a_submission_read_only(staff_analyst_client, commitment):
    submission = send(commitment)
    url = reverse("admin:tracking_readersubmission_change", args=[submission.pk])

    page = staff_analyst_client.get(url).content.decode()

    assert NOTE in page
    assert EMAIL in page
    assert 'name="note"' not in page
    assert submission.client_hash not in page
    staff_analyst_client.post(url, {"note": "Rewritten."})
    submission.refresh_from_db()
    assert submission.note == NOTE


def test_the_admin_action_dismisses_pending_ones_and_skips_the_rest(
    staff_analyst_client, commitment
):
    waiting = send(commitment)
    accepted = send(commitment)
    submissions.accept_submission(
        accepted.pk,
        by=AnalystFactory(),
        status="in_progress",
        evidence_kind=EvidenceKind.OTHER,
    )

    response = staff_analyst_client.post(
        reverse(CHANGELIST),
        {"action": "dismiss_spam", "_selected_action": [waiting.pk, accepted.pk]},
        follow=True,
    )

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.state == SubmissionState.DISMISSED
    assert waiting.dismiss_reason == DismissReason.SPAM
    assert accepted.state == SubmissionState.ACCEPTED
    assert messages_in(response) == [
        "Dismissed 1 submission (Spam or abuse).",
        "1 was moderated already and was left as it was.",
    ]
