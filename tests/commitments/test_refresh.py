"""commitments.services.refresh_candidates: extraction and linking, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments import services, tasks
from commitments.models import (
    Candidate,
    CandidateState,
    Commitment,
    EvidenceSuggestion,
    RestatementSuggestion,
)
from tests.factories import AddressFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

EARLIER_SPEECH = (
    "State of the Nation Address\n"
    "\n"
    "Dear compatriots!\n"
    "\n"
    "We will build one hundred new schools in rural areas by 2025. "
    "The Government will raise teachers' salaries by 25 percent next year. "
    "It is necessary to digitise all public services by 2026.\n"
)
LATER_SPEECH = (
    "Address to Parliament\n"
    "\n"
    "Dear deputies!\n"
    "\n"
    "One hundred new schools have been built in rural areas. "
    "Teachers' salaries were raised by 25 percent.\n"
    "\n"
    "As I promised, we will build one hundred new schools in rural areas by 2025. "
    "We will also open ten new hospitals in the regions by 2027.\n"
)
RESTATES_SCHOOLS = (
    "As I promised, we will build one hundred new schools in rural areas by 2025."
)
HOSPITALS = "We will also open ten new hospitals in the regions by 2027."
SCHOOLS_BUILT = "One hundred new schools have been built in rural areas."


def proposals(address) -> set[tuple[int, int, str, dt.date | None]]:
    return set(
        address.candidates.pending().values_list("start", "end", "quote", "deadline")
    )


def suggestions(address) -> set[tuple[int, int, str, int, float, int]]:
    return set(
        EvidenceSuggestion.objects.filter(address=address).values_list(
            "start", "end", "quote", "commitment_id", "score", "rank"
        )
    )


def restatements(address) -> set[tuple[str, int, float, int]]:
    return set(
        RestatementSuggestion.objects.filter(candidate__address=address).values_list(
            "candidate__quote", "commitment_id", "score", "rank"
        )
    )


def accept(address, quote: str) -> Commitment:
    candidate = address.candidates.pending().get(quote=quote)
    return services.accept_candidate(candidate.pk, reviewer=UserFactory())


@pytest.fixture
def earlier():
    return AddressFactory(text=EARLIER_SPEECH, delivered_on=dt.date(2020, 9, 1))


@pytest.fixture
def later():
    return AddressFactory(text=LATER_SPEECH, delivered_on=dt.date(2022, 9, 1))


@pytest.fixture
def schools(earlier) -> Commitment:
    """The earlier address's schools pledge, accepted (the others stay pending)."""
    services.refresh_candidates(earlier.pk)
    return accept(
        earlier, "We will build one hundred new schools in rural areas by 2025."
    )


def test_refresh_candidates_proposes_pending_candidates_that_slice_the_text(earlier):
    result = services.refresh_candidates(earlier.pk)

    candidates = list(earlier.candidates.all())
    assert result.candidates == len(candidates) == 3
    assert [candidate.quote for candidate in candidates] == [
        "We will build one hundred new schools in rural areas by 2025.",
        "The Government will raise teachers' salaries by 25 percent next year.",
        "It is necessary to digitise all public services by 2026.",
    ]
    for candidate in candidates:
        assert candidate.state == CandidateState.PENDING
        assert earlier.text[candidate.start : candidate.end] == candidate.quote
    first = candidates[0]
    assert (first.deadline, first.area, first.type, first.speaker, first.tier) == (
        dt.date(2025, 12, 31),
        "education",
        "outcome",
        "speaker",
        "core",
    )
    assert candidates[2].area == "public_administration"


def test_refresh_candidates_twice_gives_the_same_candidates(earlier):
    services.refresh_candidates(earlier.pk)
    first = proposals(earlier)

    result = services.refresh_candidates(earlier.pk)

    assert proposals(earlier) == first
    assert result.candidates == Candidate.objects.count() == len(first) == 3


def test_refresh_candidates_twice_gives_the_same_suggestions(schools, later):
    services.refresh_candidates(later.pk)
    first = (proposals(later), restatements(later), suggestions(later))

    result = services.refresh_candidates(later.pk)

    assert (proposals(later), restatements(later), suggestions(later)) == first
    assert result.restatements == RestatementSuggestion.objects.count()
    assert result.evidence == EvidenceSuggestion.objects.count()
    assert result.evidence > 0


def test_refresh_candidates_never_touches_reviewed_candidates(earlier):
    services.refresh_candidates(earlier.pk)
    accepted = earlier.candidates.get(quote__startswith="We will build")
    rejected = earlier.candidates.get(quote__startswith="The Government")
    services.accept_candidate(accepted.pk, reviewer=UserFactory())
    services.reject_candidate(rejected.pk, reviewer=UserFactory(), reason="Vague.")
    reviewed = list(earlier.candidates.reviewed().order_by("pk").values())

    result = services.refresh_candidates(earlier.pk)

    assert list(earlier.candidates.reviewed().order_by("pk").values()) == reviewed
    assert result.candidates == 1
    assert [candidate.quote for candidate in earlier.candidates.pending()] == [
        "It is necessary to digitise all public services by 2026."
    ]


def test_refresh_candidates_does_not_propose_a_passage_reviewed_with_another_span(
    earlier,
):
    # An analyst's candidate over most of the sentence (as the demo's curated ones).
    quote = "We will build one hundred new schools in rural areas"
    start = earlier.text.index(quote)
    candidate = Candidate.objects.create(
        address=earlier, start=start, end=start + len(quote), quote=quote
    )
    services.reject_candidate(candidate.pk, reviewer=UserFactory(), reason="Vague.")

    services.refresh_candidates(earlier.pk)

    assert not any("schools" in proposal[2] for proposal in proposals(earlier))
    assert len(proposals(earlier)) == 2


def test_refresh_candidates_does_not_propose_a_passage_already_mentioned(
    schools, later
):
    services.refresh_candidates(later.pk)
    restatement = later.candidates.get(quote=RESTATES_SCHOOLS)
    services.merge_candidate(restatement.pk, schools.pk, reviewer=UserFactory())
    # Even if the merged candidate row went away, its mention keeps the passage.
    Candidate.objects.filter(pk=restatement.pk).delete()

    services.refresh_candidates(later.pk)

    assert [quote for _, _, quote, _ in proposals(later)] == [HOSPITALS]


def test_refresh_candidates_suggests_the_earlier_commitment_a_candidate_restates(
    schools, later
):
    services.refresh_candidates(later.pk)

    restatement = later.candidates.get(quote=RESTATES_SCHOOLS)
    [suggestion] = restatement.suggestions.all()
    assert (suggestion.commitment, suggestion.rank) == (schools, 1)
    assert suggestion.score > 0.9


def test_refresh_candidates_ranks_at_most_three_restatements_best_first(later):
    many_schools = AddressFactory(
        text=(
            "Address on Education\n"
            "\n"
            "We will build one hundred new schools in rural areas by 2025. "
            "We will build fifty new schools in rural towns by 2025. "
            "We will renovate two hundred old schools in rural areas by 2025. "
            "We will build ten new schools in rural areas for gifted children by "
            "2025.\n"
        ),
        delivered_on=dt.date(2021, 9, 1),
    )
    services.refresh_candidates(many_schools.pk)
    commitments = services.accept_candidates(
        many_schools.candidates.values_list("pk", flat=True), reviewer=UserFactory()
    )
    assert len(commitments) == 4

    services.refresh_candidates(later.pk)

    ranked = list(
        later.candidates.get(quote=RESTATES_SCHOOLS).suggestions.order_by("rank")
    )
    assert [suggestion.rank for suggestion in ranked] == [1, 2, 3]
    assert ranked[0].commitment == commitments[0]
    scores = [suggestion.score for suggestion in ranked]
    assert scores == sorted(scores, reverse=True)
    assert {suggestion.commitment for suggestion in ranked} <= set(commitments)


def test_refresh_candidates_links_only_to_commitments_from_earlier_addresses(
    earlier, later
):
    # The same pledges made in the address itself and in a newer one.
    services.refresh_candidates(later.pk)
    accept(later, RESTATES_SCHOOLS)
    newer = AddressFactory(
        text=EARLIER_SPEECH.replace("2025", "2028"), delivered_on=dt.date(2023, 9, 1)
    )
    services.refresh_candidates(newer.pk)
    for candidate in newer.candidates.all():
        services.accept_candidate(candidate.pk, reviewer=UserFactory())

    result = services.refresh_candidates(later.pk)

    assert result.restatements == result.evidence == 0
    assert not RestatementSuggestion.objects.filter(candidate__address=later).exists()
    assert not EvidenceSuggestion.objects.filter(address=later).exists()


def test_refresh_candidates_suggests_evidence_that_slices_the_text(schools, later):
    result = services.refresh_candidates(later.pk)

    found = list(EvidenceSuggestion.objects.filter(address=later))
    assert result.evidence == len(found)
    for suggestion in found:
        assert later.text[suggestion.start : suggestion.end] == suggestion.quote
        assert suggestion.commitment == schools
        assert suggestion.rank == 1
    assert SCHOOLS_BUILT in {suggestion.quote for suggestion in found}


def test_refresh_candidates_keeps_dismissed_evidence_and_does_not_suggest_it_again(
    schools, later
):
    services.refresh_candidates(later.pk)
    built = EvidenceSuggestion.objects.get(address=later, quote=SCHOOLS_BUILT)
    EvidenceSuggestion.objects.filter(pk=built.pk).update(is_dismissed=True)

    services.refresh_candidates(later.pk)

    assert list(
        EvidenceSuggestion.objects.filter(
            address=later, quote=SCHOOLS_BUILT
        ).values_list("pk", "is_dismissed")
    ) == [(built.pk, True)]


def test_refresh_candidates_still_links_an_earlier_commitment_restated_here(
    schools, later
):
    services.refresh_candidates(later.pk)
    restatement = later.candidates.get(quote=RESTATES_SCHOOLS)
    services.merge_candidate(restatement.pk, schools.pk, reviewer=UserFactory())

    services.refresh_candidates(later.pk)

    assert EvidenceSuggestion.objects.filter(
        address=later, quote=SCHOOLS_BUILT, commitment=schools
    ).exists()


def test_extract_candidates_task_refreshes_and_reports_counts(schools, later):
    counts = tasks.extract_candidates(later.pk)

    assert counts == {
        "candidates": later.candidates.pending().count(),
        "restatements": RestatementSuggestion.objects.filter(
            candidate__address=later
        ).count(),
        "evidence": EvidenceSuggestion.objects.filter(address=later).count(),
    }
    assert counts["candidates"] == 2


def test_the_end_of_the_speakers_term_dates_what_is_promised_before_it():
    text = (
        "Address to Parliament\n\nDear deputies!\n\n"
        "Before the end of my term, we will build a new airport in every region.\n"
    )
    known = AddressFactory(
        text=text,
        delivered_on=dt.date(2024, 3, 1),
        speaker=SpeakerFactory(term_ends_on=dt.date(2029, 11, 20)),
    )
    unknown = AddressFactory(
        text=text.replace("Parliament", "the Nation"), delivered_on=dt.date(2024, 3, 1)
    )

    services.refresh_candidates(known.pk)
    services.refresh_candidates(unknown.pk)

    assert {deadline for *_, deadline in proposals(known)} == {dt.date(2029, 11, 20)}
    assert {deadline for *_, deadline in proposals(unknown)} == {None}
