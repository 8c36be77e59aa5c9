"""The review page's domain services: adding a missed passage, and dismissing or
using an evidence suggestion (commitments), logging progress with one (tracking)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from commitments import services
from commitments.models import Candidate, EvidenceSuggestion
from tests.factories import AddressFactory, UserFactory
from tracking import services as tracking_services
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = pytest.mark.django_db

MISSED = "Dear compatriots!"
EARLIER_SPEECH = (
    "State of the Nation Address\n"
    "\n"
    "Dear compatriots!\n"
    "\n"
    "We will build one hundred new schools in rural areas by 2025. "
    "The Government will raise teachers' salaries by 25 percent next year.\n"
)
SCHOOLS_BUILT = "One hundred new schools have been built in rural areas."
LATER_SPEECH = (
    "Address to Parliament\n"
    "\n"
    "Dear deputies!\n"
    "\n"
    "One hundred new schools have been built in rural areas. "
    "Teachers' salaries were raised by 25 percent.\n"
)


@pytest.fixture
def earlier():
    return AddressFactory(text=EARLIER_SPEECH, delivered_on=dt.date(2020, 9, 1))


@pytest.fixture
def later():
    return AddressFactory(text=LATER_SPEECH, delivered_on=dt.date(2022, 9, 1))


@pytest.fixture
def suggestion(earlier, later) -> EvidenceSuggestion:
    services.refresh_candidates(earlier.pk)
    schools = earlier.candidates.get(
        quote="We will build one hundred new schools in rural areas by 2025."
    )
    services.accept_candidate(schools.pk, reviewer=UserFactory())
    services.refresh_candidates(later.pk)
    return EvidenceSuggestion.objects.filter(address=later, quote=SCHOOLS_BUILT).get(
        rank=1
    )


def test_add_candidate_takes_exactly_the_trimmed_span(earlier):
    start = earlier.text.index(MISSED)
    analyst = UserFactory()

    added = services.add_candidate(
        earlier.pk, start - 1, start + len(MISSED) + 2, by=analyst
    )

    assert (added.start, added.end, added.quote) == (
        start,
        start + len(MISSED),
        MISSED,
    )
    assert added.is_pending
    assert added.added_by == analyst
    assert added.speaker == "speaker"


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 4), (5, 5), (10, 4), (0, 10**6)], ids=str
)
def test_add_candidate_refuses_a_span_outside_the_text(earlier, start, end):
    with pytest.raises(ValidationError, match="must lie in the text"):
        services.add_candidate(earlier.pk, start, end, by=UserFactory())
    assert not Candidate.objects.exists()


def test_add_candidate_refuses_blank_text_and_an_exact_duplicate(earlier):
    blank = earlier.text.index("\n\n")
    start = earlier.text.index(MISSED)
    services.add_candidate(earlier.pk, start, start + len(MISSED), by=UserFactory())

    with pytest.raises(ValidationError, match="no words"):
        services.add_candidate(earlier.pk, blank, blank + 2, by=UserFactory())
    with pytest.raises(ValidationError, match="already a candidate"):
        services.add_candidate(
            earlier.pk, start, start + len(MISSED) + 1, by=UserFactory()
        )
    assert Candidate.objects.count() == 1


def test_refresh_keeps_a_passage_an_analyst_added(earlier):
    start = earlier.text.index(MISSED)
    added = services.add_candidate(
        earlier.pk, start, start + len(MISSED), by=UserFactory()
    )

    services.refresh_candidates(earlier.pk)

    assert Candidate.objects.filter(pk=added.pk).exists()
    assert Candidate.objects.filter(address=earlier, start=start).count() == 1


def test_dismissing_a_suggestion_records_who_and_when_once(suggestion):
    first, second = UserFactory(), UserFactory()

    services.dismiss_evidence_suggestion(suggestion.pk, by=first)
    services.dismiss_evidence_suggestion(suggestion.pk, by=second)

    suggestion.refresh_from_db()
    assert suggestion.is_dismissed
    assert suggestion.dismissed_by == first
    assert suggestion.dismissed_at is not None
    assert suggestion not in EvidenceSuggestion.objects.open()


def test_a_dismissed_suggestion_survives_a_new_extraction_and_is_not_suggested_again(
    suggestion,
):
    services.dismiss_evidence_suggestion(suggestion.pk, by=UserFactory())

    services.refresh_candidates(suggestion.address_id)

    again = EvidenceSuggestion.objects.filter(
        address=suggestion.address_id,
        start=suggestion.start,
        commitment=suggestion.commitment_id,
    )
    assert list(again) == [suggestion]


def test_logging_progress_from_a_suggestion_rests_on_its_passage(suggestion):
    analyst = UserFactory()

    update = tracking_services.log_progress_from_suggestion(
        suggestion.pk, author=analyst, status="in_progress", note="Built."
    )

    assert update.evidence_kind == EvidenceKind.LATER_SPEECH
    assert update.evidence_address_id == suggestion.address_id
    assert (update.evidence_start, update.evidence_end) == (
        suggestion.start,
        suggestion.end,
    )
    assert update.evidence_on == dt.date(2022, 9, 1)
    suggestion.refresh_from_db()
    assert (suggestion.used_by, suggestion.is_open) == (analyst, False)
    with pytest.raises(ValidationError, match="already logged as progress"):
        services.dismiss_evidence_suggestion(suggestion.pk, by=analyst)
    # Used once only.
    with pytest.raises(ValidationError, match="already dismissed or logged"):
        tracking_services.log_progress_from_suggestion(
            suggestion.pk, author=analyst, status="in_progress"
        )
    assert ProgressUpdate.objects.count() == 1


def test_a_refused_update_leaves_the_suggestion_open(suggestion):
    with pytest.raises(ValidationError):
        tracking_services.log_progress_from_suggestion(
            suggestion.pk, author=UserFactory(), status="no_such_status"
        )

    suggestion.refresh_from_db()
    assert suggestion.is_open
    assert not ProgressUpdate.objects.exists()
