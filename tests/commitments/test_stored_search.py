"""The stored full-text document (PostgreSQL): kept by triggers as the commitment
and its mentions change, and what `search()` reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from commitments import services
from commitments.models import Commitment
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LATER = "Later address\n\nThe irrigation canals will be rebuilt in every region.\n"


def found(text: str) -> set[int]:
    return set(Commitment.objects.search(text).values_list("pk", flat=True))


def test_a_new_commitment_is_searchable_by_title_and_quote():
    commitment = CommitmentFactory(changes={"title": "Modernise the railways"})

    assert found("railway") == {commitment.pk}  # stemmed
    assert found("schools") == {commitment.pk}  # from its quote
    assert found("railways submarines") == set()  # every word must match


def test_an_edit_refreshes_the_document():
    commitment = CommitmentFactory(changes={"title": "Modernise the railways"})

    Commitment.objects.filter(pk=commitment.pk).update(title="Plant forests")

    assert found("railways") == set()
    assert found("forest") == {commitment.pk}


def test_a_merged_mention_adds_its_quote():
    commitment = CommitmentFactory()
    later = AddressFactory(text=LATER, delivered_on=dt.date(2024, 1, 1))
    candidate = CandidateFactory(
        address=later,
        quote="The irrigation canals will be rebuilt in every region.",
    )
    assert found("irrigation canals") == set()

    services.merge_candidate(candidate.pk, commitment.pk, reviewer=UserFactory())

    assert found("irrigation canals") == {commitment.pk}


def test_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["commitment_search_idx"],
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
