"""Readers' submissions: taking them in (`submit`) and moderating them once."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.models import Commitment
from tests.dashboard.helpers import published
from tests.factories import AnalystFactory
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

LINK = "https://adilet.zan.kz/rus/docs/Z2300000001"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def commitment() -> Commitment:
    return published("Build 100 new schools")


@pytest.fixture
def analyst() -> Any:
    ensure_groups()
    return AnalystFactory(username="ana")


def send(commitment: Commitment, **fields: Any) -> submissions.Submitted:
    arguments: dict[str, Any] = {
        "note": "The law was adopted in March.",
        "url": LINK,
        "client_address": "198.51.100.7",
    }
    return submissions.submit(commitment.pk, **{**arguments, **fields})


def pending(commitment: Commitment, **fields: Any) -> ReaderSubmission:
    submission = send(commitment, **fields).submission
    assert submission is not None
    return submission


# ----------------------------------------------------------------- taking them in


def test_submit_stores_a_pending_submission_without_the_raw_address(commitment):
    submitted = send(commitment, email=" reader@example.org ", note="  Adopted.  ")

    stored = ReaderSubmission.objects.get()
    assert submitted.submission == stored
    assert (stored.commitment, stored.url, stored.note, stored.email) == (
        commitment,
        LINK,
        "Adopted.",
        "reader@example.org",
    )
    assert stored.state == SubmissionState.PENDING
    assert stored.moderated_by is None
    assert stored.progress_update is None
    assert "198.51.100.7" not in stored.client_hash
    assert len(stored.client_hash) == 64


def test_the_client_hash_is_keyed_and_stable(settings):
    first = submissions.client_hash("198.51.100.7")

    assert first == submissions.client_hash("198.51.100.7")
    assert first != submissions.client_hash("198.51.100.8")
    settings.SECRET_KEY = "another key entirely, so the hash cannot be guessed"
    assert submissions.client_hash("198.51.100.7") != first


def test_a_note_alone_is_enough(commitment):
    submission = pending(commitment, url="")

    assert submission.url == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"note": ""}, "note", id="no note"),
        pytest.param({"note": " \n\t "}, "note", id="blank note"),
        pytest.param({"note": "x" * 2001}, "note", id="note too long"),
        pytest.param({"url": "not a link"}, "url", id="not a url"),
        pytest.param({"url": "javascript:alert(1)"}, "url", id="javascript url"),
        pytest.param({"url": "ftp://example.org/file"}, "url", id="not http"),
        pytest.param(
            {"url": "https://example.org/" + "a" * 500}, "url", id="url too long"
        ),
        pytest.param({"email": "not-an-email"}, "email", id="bad email"),
    ],
)
def test_submit_refuses_bad_input_and_writes_nothing(commitment, fields, field):
    with pytest.raises(ValidationError) as refused:
        send(commitment, **fields)

    assert field in refused.value.message_dict
    assert not ReaderSubmission.objects.exists()


def test_submit_accepts_a_note_of_exactly_the_limit(commitment):
    assert len(pending(commitment, note="x" * 2000).note) == 2000


def test_only_published_commitments_take_submissions():
    hidden = published("A hidden promise", is_published=False)

    with pytest.raises(Commitment.DoesNotExist):
        send(hidden)
    with pytest.raises(Commitment.DoesNotExist):
        submissions.submit(hidden.pk + 1000, note="x", client_address="192.0.2.1")
    assert not ReaderSubmission.objects.exists()


def test_a_filled_honeypot_stores_nothing_and_reports_no_error(commitment):
    submitted = send(commitment, honeypot="http://spam.example")

    assert submitted.submission is None
    assert not ReaderSubmission.objects.exists()


def test_a_client_is_limited_per_hour_and_allowed_again_after_it(settings, commitment):
    settings.UADE_SUBMISSIONS_PER_HOUR = 3
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            pending(commitment)
    with (
        time_machine.travel(NOW + dt.timedelta(minutes=59), tick=False),
        pytest.raises(submissions.RateLimited) as limited,
    ):
        send(commitment)
    # Another client is not held back by this one.
    with time_machine.travel(NOW + dt.timedelta(minutes=59), tick=False):
        pending(commitment, client_address="203.0.113.9")
    with time_machine.travel(NOW + dt.timedelta(hours=1, seconds=1), tick=False):
        pending(commitment)

    assert limited.value.limit == 3
    assert limited.value.retry_at == NOW + dt.timedelta(hours=1)
    assert ReaderSubmission.objects.count() == 5


def test_the_limit_counts_submissions_on_every_commitment(settings, commitment):
    settings.UADE_SUBMISSIONS_PER_HOUR = 2
    other = published("Another promise")
    pending(commitment)
    pending(other)

    with pytest.raises(submissions.RateLimited):
        send(commitment)


def test_refused_input_does_not_count_against_the_limit(settings, commitment):
    settings.UADE_SUBMISSIONS_PER_HOUR = 1
    for _ in range(3):
        with pytest.raises(ValidationError):
            send(commitment, note="")

    pending(commitment)


# ------------------------------------------------------------------- moderation


def test_accepting_logs_one_progress_update_with_the_link_as_evidence(
    commitment, analyst
):
    submission = pending(commitment, note="The reader's own words.")

    update = submissions.accept_submission(
        submission.pk,
        by=analyst,
        status="achieved",
        evidence_kind=EvidenceKind.LAW_OR_DECREE,
        evidence_title="Law on schools",
        note="The law is in force.",
    )

    assert ProgressUpdate.objects.get() == update
    assert (update.evidence_url, update.evidence_kind, update.author) == (
        LINK,
        EvidenceKind.LAW_OR_DECREE,
        analyst,
    )
    assert update.note == "The law is in force."
    submission.refresh_from_db()
    assert submission.state == SubmissionState.ACCEPTED
    assert submission.progress_update == update
    assert submission.moderated_by == analyst
    assert submission.moderated_at == update.created_at
    commitment.refresh_from_db()
    assert commitment.status == "achieved"


def test_an_analyst_may_tidy_the_link_when_accepting(commitment, analyst):
    submission = pending(commitment, url=f"{LINK}?utm_source=x")

    update = submissions.accept_submission(
        submission.pk,
        by=analyst,
        status="in_progress",
        evidence_kind=EvidenceKind.NEWS_REPORT,
        evidence_url=LINK,
    )

    assert update.evidence_url == LINK


def test_accepting_against_the_progress_rules_writes_nothing(commitment, analyst):
    submission = pending(commitment)

    with pytest.raises(ValidationError) as refused:
        submissions.accept_submission(
            submission.pk,
            by=analyst,
            status="in_progress",
            evidence_kind=EvidenceKind.NEWS_REPORT,
            reason="no_funding",  # only for stalled or broken
        )

    assert "reason" in refused.value.message_dict
    assert not ProgressUpdate.objects.exists()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING


def test_dismissing_keeps_the_reason_and_note(commitment, analyst):
    submission = pending(commitment)

    submissions.dismiss_submission(
        submission.pk, by=analyst, reason=DismissReason.UNRELIABLE, note=" A blog. "
    )

    submission.refresh_from_db()
    assert submission.state == SubmissionState.DISMISSED
    assert (submission.dismiss_reason, submission.dismiss_note) == (
        DismissReason.UNRELIABLE,
        "A blog.",
    )
    assert submission.moderated_by == analyst
    assert submission.moderated_at is not None
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("", "", "reason"), ("rude", "", "reason"), ("other", " ", "note")],
)
def test_dismissing_needs_a_known_reason_and_a_note_for_other(
    commitment, analyst, reason, note, field
):
    submission = pending(commitment)

    with pytest.raises(ValidationError) as refused:
        submissions.dismiss_submission(
            submission.pk, by=analyst, reason=reason, note=note
        )

    assert field in refused.value.message_dict
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING


def accept(submission: ReaderSubmission, by: Any) -> ProgressUpdate:
    return submissions.accept_submission(
        submission.pk, by=by, status="in_progress", evidence_kind=EvidenceKind.OTHER
    )


def dismiss(submission: ReaderSubmission, by: Any) -> ReaderSubmission:
    return submissions.dismiss_submission(
        submission.pk, by=by, reason=DismissReason.SPAM
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [(accept, accept), (accept, dismiss), (dismiss, accept), (dismiss, dismiss)],
    ids=["accept twice", "dismiss accepted", "accept dismissed", "dismiss twice"],
)
def test_a_submission_is_moderated_only_once(commitment, analyst, first, second):
    submission = pending(commitment)
    first(submission, analyst)
    before = ReaderSubmission.objects.values().get()

    with pytest.raises(submissions.AlreadyModerated) as refused:
        second(submission, AnalystFactory(username="bo"))

    assert "already moderated" in str(refused.value)
    assert "ana" in str(refused.value)
    assert ReaderSubmission.objects.values().get() == before
    assert ProgressUpdate.objects.count() == (1 if first is accept else 0)


# ------------------------------------------------------------ the database's rules


@pytest.mark.parametrize(
    "row",
    [
        pytest.param({"note": ""}, id="no note"),
        pytest.param({"state": "lost"}, id="unknown state"),
        pytest.param({"moderated_at": NOW}, id="pending yet moderated"),
        pytest.param(
            {"state": "dismissed", "moderated_at": NOW, "with_moderator": True},
            id="dismissed without a reason",
        ),
        pytest.param(
            {"state": "accepted", "moderated_at": NOW, "with_moderator": True},
            id="accepted without its update",
        ),
        pytest.param(
            {
                "state": "pending",
                "dismiss_reason": "spam",
            },
            id="pending with a reason",
        ),
        pytest.param({"dismiss_reason": "rude"}, id="unknown reason"),
    ],
)
def test_the_database_refuses_inconsistent_states(commitment, analyst, row):
    fields = {"note": "A note.", **row}
    if fields.pop("with_moderator", False):
        fields["moderated_by"] = analyst

    with pytest.raises(IntegrityError), transaction.atomic():
        ReaderSubmission.objects.create(
            commitment=commitment, client_hash="0" * 64, **fields
        )


def test_the_analysts_group_may_moderate(analyst):
    assert analyst.has_perm("tracking.moderate_readersubmission")


def test_the_migration_lets_an_existing_analysts_group_moderate():
    migration = importlib.import_module("tracking.migrations.0006_reader_submissions")
    group = Group.objects.create(name="Analysts")

    migration.grant_moderation_to_analysts(django_apps, None)

    assert list(group.permissions.values_list("codename", flat=True)) == [
        "moderate_readersubmission"
    ]


def test_pending_lists_only_those_waiting(commitment, analyst):
    waiting = pending(commitment)
    dismiss(pending(commitment), analyst)

    assert list(ReaderSubmission.objects.pending()) == [waiting]


def test_the_queue_lists_pending_oldest_first_then_latest_moderated(
    commitment, analyst
):
    with time_machine.travel(NOW, tick=False):
        old, older_moderated, newer_moderated, young = (
            pending(commitment) for _ in range(4)
        )
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        dismiss(older_moderated, analyst)
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        dismiss(newer_moderated, analyst)
    ReaderSubmission.objects.filter(pk=young.pk).update(
        created_at=timezone.now() + dt.timedelta(seconds=1)
    )

    assert list(ReaderSubmission.objects.queue_order()) == [
        old,
        young,
        newer_moderated,
        older_moderated,
    ]
