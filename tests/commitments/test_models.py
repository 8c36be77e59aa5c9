"""commitments.models: QuerySet predicates, derived properties and constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from commitments.models import Area, Candidate, Commitment, Mention, Status
from tests.factories import CandidateFactory, CommitmentFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 1)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def commitment(title: str, *, deadline: dt.date | None = None, **row) -> Commitment:
    return CommitmentFactory(changes={"title": title, "deadline": deadline}, **row)


def test_published_keeps_only_published_commitments():
    commitment("public", is_published=True)
    commitment("draft", is_published=False)

    assert titles(Commitment.objects.published()) == {"public"}


def test_open_excludes_every_final_status():
    for status in Status.values:
        commitment(status, status=status)

    assert titles(Commitment.objects.open()) == {
        "not_rated",
        "in_progress",
        "stalled",
    }
    assert Status.final() == {
        "achieved",
        "partially_achieved",
        "broken",
        "unverifiable",
    }


@pytest.mark.parametrize(
    ("deadline", "status", "is_overdue"),
    [
        pytest.param(YESTERDAY, "not_rated", True, id="past, not rated"),
        pytest.param(YESTERDAY, "in_progress", True, id="past, in progress"),
        pytest.param(YESTERDAY, "stalled", True, id="past, stalled"),
        pytest.param(YESTERDAY, "achieved", False, id="past, achieved"),
        pytest.param(YESTERDAY, "partially_achieved", False, id="past, partial"),
        pytest.param(YESTERDAY, "broken", False, id="past, broken"),
        pytest.param(YESTERDAY, "unverifiable", False, id="past, unverifiable"),
        pytest.param(TODAY, "in_progress", False, id="due today"),
        pytest.param(TOMORROW, "in_progress", False, id="future"),
        pytest.param(None, "in_progress", False, id="no deadline"),
    ],
)
def test_overdue_is_a_past_deadline_with_a_status_that_is_not_final(
    deadline, status, is_overdue
):
    made = commitment("c", deadline=deadline, status=status)

    assert Commitment.objects.overdue(TODAY).filter(pk=made.pk).exists() == is_overdue
    assert made.is_overdue(TODAY) == is_overdue


def test_overdue_chains_with_published():
    commitment("public late", deadline=YESTERDAY, is_published=True)
    commitment("draft late", deadline=YESTERDAY)
    commitment("public on time", deadline=TOMORROW, is_published=True)

    assert titles(Commitment.objects.published().overdue(TODAY)) == {"public late"}


def test_is_final_follows_the_status_scale():
    assert commitment("a", status="achieved").is_final
    assert not commitment("b", status="stalled").is_final


def test_area_from_extraction_maps_words_to_values():
    assert Area.from_extraction("public administration") == "public_administration"
    assert Area.from_extraction("Anti-corruption") == "anti_corruption"
    assert Area.from_extraction("astrology") == ""
    assert Area.from_extraction(None) == ""


def test_linking_text_joins_the_commitments_words_and_quotes():
    made = CommitmentFactory(
        changes={"title": "Schools", "target": "100 schools", "actor": "Government"}
    )
    quote = made.mentions.get().quote

    assert made.linking_text() == f"Schools\n{quote}\n100 schools\nGovernment"


def test_commitment_without_a_title_is_refused_by_the_database():
    made = CommitmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=made.pk).update(title="")


def test_commitment_has_only_one_original_mention():
    made = CommitmentFactory()
    original = made.mentions.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(
            commitment=made,
            address=original.address,
            start=0,
            end=5,
            quote=original.address.text[0:5],
            kind="original",
        )


def test_accepted_candidate_must_point_at_its_commitment():
    candidate = CandidateFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(state="accepted")


def test_candidate_pending_and_reviewed_split_the_candidates():
    pending = CandidateFactory()
    accepted = CommitmentFactory().candidates.get()

    assert list(Candidate.objects.pending()) == [pending]
    assert list(Candidate.objects.reviewed()) == [accepted]
