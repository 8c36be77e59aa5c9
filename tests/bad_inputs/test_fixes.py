"""What the bad-input corpus found, each pinned at the cheapest level: a deadline
outside the accepted years (reminder planning overflowed on 9999-12-31), a NUL in
the review page's fields (PostgreSQL cannot store one), "²", which `str.isdigit`
calls a digit and `int` refuses, and an id past 2**63, which SQLite cannot be asked
about."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from commitments import services as commitment_services
from commitments.models import Candidate, Commitment
from tests.factories import AnalystFactory, CandidateFactory, CommitmentFactory
from tracking import services as tracking_services
from tracking.demo import ensure_groups
from tracking.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> Any:
    analysts, editors = ensure_groups()
    user = AnalystFactory(username="ana")
    user.groups.add(analysts, editors)
    return user


@pytest.fixture
def analyst_client(analyst: Any) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.mark.parametrize("deadline", [dt.date(9999, 12, 31), dt.date(1899, 12, 31)])
def test_a_deadline_outside_the_accepted_years_is_refused_on_edit(
    analyst: Any, deadline: dt.date
) -> None:
    commitment = CommitmentFactory(assignee=analyst)

    with pytest.raises(ValidationError) as refusal:
        tracking_services.edit_commitment(
            commitment.pk,
            version=commitment.version,
            changes={"deadline": deadline},
            editor=analyst,
        )

    assert "outside the years 1900–2200" in str(refusal.value.message_dict)
    commitment.refresh_from_db()
    assert commitment.deadline is None
    assert commitment.version == 1
    assert not Reminder.objects.exists()


def test_a_deadline_far_ahead_but_within_the_years_is_kept(analyst: Any) -> None:
    commitment = CommitmentFactory(assignee=analyst)

    tracking_services.edit_commitment(
        commitment.pk,
        version=commitment.version,
        changes={"deadline": dt.date(2199, 12, 31)},
        editor=analyst,
    )

    commitment.refresh_from_db()
    assert commitment.deadline == dt.date(2199, 12, 31)


def test_accepting_with_a_deadline_outside_the_years_writes_nothing(
    analyst: Any,
) -> None:
    candidate = CandidateFactory()

    with pytest.raises(ValidationError):
        tracking_services.accept_candidate(
            candidate.pk, reviewer=analyst, changes={"deadline": dt.date(9999, 1, 1)}
        )

    assert Candidate.objects.get(pk=candidate.pk).is_pending
    assert not Commitment.objects.exists()


def test_a_nul_in_a_title_or_a_reason_is_refused_by_the_review_services(
    analyst: Any,
) -> None:
    candidate = CandidateFactory()

    with pytest.raises(ValidationError) as accepting:
        commitment_services.accept_candidate(
            candidate.pk, reviewer=analyst, changes={"title": "Build\x00 schools"}
        )
    with pytest.raises(ValidationError) as rejecting:
        commitment_services.reject_candidate(
            candidate.pk, reviewer=analyst, reason="Vague\x00"
        )

    assert "NUL" in str(accepting.value.message_dict["title"])
    assert "NUL" in str(rejecting.value.message_dict["reason"])
    assert Candidate.objects.get(pk=candidate.pk).is_pending
    assert not Commitment.objects.exists()


def test_the_review_page_says_why_a_nul_is_not_saved(
    analyst_client: Client,
) -> None:
    candidate = CandidateFactory()
    url = f"/analyst/addresses/{candidate.address.slug}/review/{candidate.pk}/"

    response = analyst_client.post(
        url, {"action": "accept", "title": "Build\x00 schools"}, follow=True
    )

    assert response.status_code == 200
    assert "Not saved: It contains a NUL character" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).is_pending


def test_a_superscript_digit_is_no_id_in_the_analysts_urls(
    analyst: Any, analyst_client: Client
) -> None:
    commitment = CommitmentFactory(changes={"title": "Build schools"})

    listed = analyst_client.get("/analyst/commitments/", {"assignee": "²"})
    form = analyst_client.get(
        f"/analyst/commitments/{commitment.pk}/progress/", {"evidence_address": "²"}
    )
    bulk = analyst_client.post(
        "/analyst/commitments/",
        {"action": "assign", "selected": ["²"], "assignee": str(analyst.pk)},
        follow=True,
    )

    assert listed.status_code == 200
    assert "Build schools" not in listed.content.decode()
    assert form.status_code == 200
    assert bulk.status_code == 200
    assert "Select commitments from the list." in bulk.content.decode()
    commitment.refresh_from_db()
    assert commitment.assignee is None


def test_an_id_past_the_largest_is_no_id_on_any_database(
    analyst: Any, analyst_client: Client
) -> None:
    # SQLite raises OverflowError when asked about 2**63; PostgreSQL finds nothing.
    huge = str(2**64)
    commitment = CommitmentFactory(changes={"title": "Build schools"})
    candidate = CandidateFactory()

    listed = analyst_client.get("/analyst/commitments/", {"assignee": huge})
    bulk = analyst_client.post(
        "/analyst/commitments/",
        {"action": "assign", "selected": [huge], "assignee": str(analyst.pk)},
        follow=True,
    )
    reviewed = analyst_client.post(
        f"/analyst/addresses/{candidate.address.slug}/review/bulk/",
        {"action": "accept", "candidate": [huge]},
        follow=True,
    )
    updates = Client().get("/api/v1/updates/", {"commitment": huge})

    assert listed.status_code == 200
    assert "Build schools" not in listed.content.decode()
    assert bulk.status_code == 200
    assert "Select commitments from the list." in bulk.content.decode()
    assert "Tick the candidates to act on first." in reviewed.content.decode()
    assert updates.status_code == 400
    assert set(updates.json()["errors"]) == {"commitment"}
    commitment.refresh_from_db()
    assert commitment.assignee is None
    assert Candidate.objects.get(pk=candidate.pk).is_pending
