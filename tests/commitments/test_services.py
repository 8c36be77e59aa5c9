"""commitments.services: review of candidates, edits, publishing and assignment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from addresses.models import Address
from addresses.services import AddressInput, ImportRefused
from commitments import services
from commitments.models import (
    Candidate,
    CandidateState,
    Commitment,
    Extraction,
    Mention,
    MentionKind,
)
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
)
from tracking.demo import ensure_groups

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.UTC)
SPEECH = (
    "State of the Nation Address\n"
    "\n"
    "Dear compatriots!\n"
    "\n"
    "In addition, we will build one hundred new schools in rural areas by 2025. "
    "The Government will raise teachers' salaries by 25 percent next year.\n"
)
SCHOOLS = "In addition, we will build one hundred new schools in rural areas by 2025."
SALARIES = "The Government will raise teachers' salaries by 25 percent next year."


def database_state() -> dict[str, Any]:
    """What a refused write must leave exactly as it was."""
    return {
        "commitments": list(Commitment.objects.order_by("pk").values()),
        "history": Commitment.history.count(),
        "mentions": list(Mention.objects.order_by("pk").values()),
        "candidates": list(Candidate.objects.order_by("pk").values()),
    }


@pytest.fixture
def reviewer():
    return UserFactory(username="reviewer")


@pytest.fixture
def address():
    return AddressFactory(text=SPEECH, delivered_on=dt.date(2020, 9, 1))


@pytest.fixture
def candidate(address):
    return CandidateFactory(
        address=address,
        quote=SCHOOLS,
        deadline=dt.date(2025, 12, 31),
        deadline_text="by 2025",
        target="one hundred new schools",
        actor="Government",
        area="education",
        type="outcome",
    )


@pytest.fixture
def editor():
    _, editors = ensure_groups()
    user = UserFactory(username="editor")
    user.groups.add(editors)
    return user


# ---------------------------------------------------------------------- accept


def test_accept_candidate_creates_a_commitment_with_its_original_mention(
    candidate, reviewer
):
    commitment = services.accept_candidate(candidate.pk, reviewer=reviewer)

    mention = commitment.mentions.get()
    assert mention.kind == MentionKind.ORIGINAL
    assert mention.address == candidate.address
    assert (mention.start, mention.end, mention.quote) == (
        candidate.start,
        candidate.end,
        SCHOOLS,
    )
    assert candidate.address.text[mention.start : mention.end] == mention.quote


def test_accept_candidate_copies_the_candidates_fields(candidate, reviewer):
    commitment = services.accept_candidate(candidate.pk, reviewer=reviewer)

    commitment.refresh_from_db()
    assert {
        "title": commitment.title,
        "summary": commitment.summary,
        "area": commitment.area,
        "type": commitment.type,
        "actor": commitment.actor,
        "deadline": commitment.deadline,
        "deadline_text": commitment.deadline_text,
        "target": commitment.target,
        "status": commitment.status,
        "is_published": commitment.is_published,
        "first_made_on": commitment.first_made_on,
        "version": commitment.version,
    } == {
        # The proposed title: the main clause, without "We will".
        "title": "Build one hundred new schools in rural areas by 2025",
        "summary": "",
        "area": "education",
        "type": "outcome",
        "actor": "Government",
        "deadline": dt.date(2025, 12, 31),
        "deadline_text": "by 2025",
        "target": "one hundred new schools",
        "status": "not_rated",
        "is_published": False,
        "first_made_on": dt.date(2020, 9, 1),
        "version": 1,
    }


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        pytest.param(
            {"deadline": dt.date(2026, 6, 30)},
            "deadline",
            dt.date(2026, 6, 30),
            id="date",
        ),
        pytest.param(
            {"deadline": "2026-06-30"}, "deadline", dt.date(2026, 6, 30), id="date text"
        ),
        pytest.param({"deadline": ""}, "deadline", None, id="no deadline"),
        pytest.param(
            {"title": "  100 rural schools  "}, "title", "100 rural schools", id="title"
        ),
        pytest.param({"area": "regions"}, "area", "regions", id="area"),
        pytest.param({"area": None}, "area", "", id="no area"),
        pytest.param({"type": "spending"}, "type", "spending", id="type"),
        pytest.param(
            {"summary": "Schools in villages."},
            "summary",
            "Schools in villages.",
            id="summary",
        ),
        pytest.param({"actor": "Akimats"}, "actor", "Akimats", id="actor"),
        pytest.param({"target": "100 schools"}, "target", "100 schools", id="target"),
        pytest.param(
            {"deadline_text": "within two years"},
            "deadline_text",
            "within two years",
            id="deadline text",
        ),
    ],
)
def test_accept_candidate_changes_override_editable_fields(
    candidate, reviewer, changes, field, expected
):
    commitment = services.accept_candidate(
        candidate.pk, reviewer=reviewer, changes=changes
    )

    commitment.refresh_from_db()
    assert getattr(commitment, field) == expected


@time_machine.travel(NOW, tick=False)
def test_accept_candidate_marks_the_candidate_accepted_by_the_reviewer(
    candidate, reviewer
):
    commitment = services.accept_candidate(candidate.pk, reviewer=reviewer)

    candidate.refresh_from_db()
    assert candidate.state == CandidateState.ACCEPTED
    assert candidate.reviewer == reviewer
    assert candidate.reviewed_at == NOW
    assert candidate.commitment == commitment
    assert commitment.history.get().history_user == reviewer


def test_accept_candidate_twice_is_a_review_conflict_and_writes_nothing(
    candidate, reviewer
):
    services.accept_candidate(candidate.pk, reviewer=reviewer)
    before = database_state()

    with pytest.raises(services.ReviewConflict, match="already accepted"):
        services.accept_candidate(candidate.pk, reviewer=UserFactory())

    assert database_state() == before


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"area": "astrology"}, id="unknown area"),
        pytest.param({"type": "miracle"}, id="unknown type"),
        pytest.param({"title": "   "}, id="empty title"),
        pytest.param({"title": "x" * 301}, id="title too long"),
        pytest.param({"deadline": "next year"}, id="deadline not a date"),
        pytest.param({"status": "achieved"}, id="status is not editable"),
        pytest.param({"colour": "red"}, id="unknown field"),
    ],
)
def test_accept_candidate_refuses_invalid_changes_and_writes_nothing(
    candidate, reviewer, changes
):
    before = database_state()

    with pytest.raises(ValidationError):
        services.accept_candidate(candidate.pk, reviewer=reviewer, changes=changes)

    assert database_state() == before
    candidate.refresh_from_db()
    assert candidate.is_pending


# ----------------------------------------------------------------------- merge


@pytest.fixture
def earlier_commitment(reviewer):
    return CommitmentFactory(reviewer=reviewer)


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [
        pytest.param("speaker", MentionKind.RESTATED, id="speaker restates"),
        pytest.param("interviewer", MentionKind.REPORTED, id="interviewer reports"),
    ],
)
def test_merge_candidate_adds_a_mention_of_the_kind_its_speaker_makes(
    address, earlier_commitment, reviewer, speaker, kind
):
    candidate = CandidateFactory(address=address, quote=SCHOOLS, speaker=speaker)

    mention = services.merge_candidate(
        candidate.pk, earlier_commitment.pk, reviewer=reviewer
    )

    assert mention.kind == kind
    assert mention.commitment == earlier_commitment
    assert (mention.address, mention.start, mention.end, mention.quote) == (
        address,
        candidate.start,
        candidate.end,
        SCHOOLS,
    )
    assert earlier_commitment.mentions.count() == 2


@time_machine.travel(NOW, tick=False)
def test_merge_candidate_marks_the_candidate_merged_into_the_commitment(
    candidate, earlier_commitment, reviewer
):
    services.merge_candidate(candidate.pk, earlier_commitment.pk, reviewer=reviewer)

    candidate.refresh_from_db()
    assert candidate.state == CandidateState.MERGED
    assert candidate.commitment == earlier_commitment
    assert candidate.reviewer == reviewer
    assert candidate.reviewed_at == NOW


def test_merge_candidate_twice_is_a_review_conflict(
    candidate, earlier_commitment, reviewer
):
    services.merge_candidate(candidate.pk, earlier_commitment.pk, reviewer=reviewer)
    before = database_state()

    with pytest.raises(services.ReviewConflict):
        services.merge_candidate(candidate.pk, earlier_commitment.pk, reviewer=reviewer)

    assert database_state() == before


def test_merge_candidate_refuses_a_passage_already_mentioned(
    address, earlier_commitment, reviewer
):
    first = CandidateFactory(address=address, quote=SCHOOLS)
    same_passage = CandidateFactory(address=address, quote=SCHOOLS)
    services.merge_candidate(first.pk, earlier_commitment.pk, reviewer=reviewer)
    before = database_state()

    with pytest.raises(ValidationError, match="already a mention"):
        services.merge_candidate(
            same_passage.pk, earlier_commitment.pk, reviewer=reviewer
        )

    assert database_state() == before
    same_passage.refresh_from_db()
    assert same_passage.is_pending


def test_merge_candidate_refuses_the_passage_the_commitment_was_made_in(reviewer):
    commitment = CommitmentFactory(reviewer=reviewer)
    original = commitment.mentions.get()
    same_passage = CandidateFactory(address=original.address, quote=original.quote)

    with pytest.raises(ValidationError):
        services.merge_candidate(same_passage.pk, commitment.pk, reviewer=reviewer)

    assert commitment.mentions.count() == 1


# ---------------------------------------------------------------------- reject


@time_machine.travel(NOW, tick=False)
def test_reject_candidate_records_the_reason(candidate, reviewer):
    services.reject_candidate(candidate.pk, reviewer=reviewer, reason="  Vague.  ")

    candidate.refresh_from_db()
    assert candidate.state == CandidateState.REJECTED
    assert candidate.rejection_reason == "Vague."
    assert candidate.reviewer == reviewer
    assert candidate.reviewed_at == NOW
    assert candidate.commitment is None


@pytest.mark.parametrize(
    "reason",
    [
        pytest.param("", id="empty"),
        pytest.param("  \n ", id="blank"),
        pytest.param("x" * 301, id="too long"),
    ],
)
def test_reject_candidate_needs_a_reason(candidate, reviewer, reason):
    before = database_state()

    with pytest.raises(ValidationError):
        services.reject_candidate(candidate.pk, reviewer=reviewer, reason=reason)

    assert database_state() == before


def test_reject_candidate_after_acceptance_is_a_review_conflict(candidate, reviewer):
    services.accept_candidate(candidate.pk, reviewer=reviewer)
    before = database_state()

    with pytest.raises(services.ReviewConflict):
        services.reject_candidate(candidate.pk, reviewer=reviewer, reason="Vague.")

    assert database_state() == before


# ------------------------------------------------------------------------ bulk


@pytest.fixture
def batch(address):
    return [
        CandidateFactory(address=address, quote=SCHOOLS),
        CandidateFactory(address=address, quote=SALARIES),
        CandidateFactory(address=address, quote="Dear compatriots!"),
    ]


def test_accept_candidates_accepts_every_candidate(batch, reviewer):
    commitments = services.accept_candidates(
        [candidate.pk for candidate in batch], reviewer=reviewer
    )

    assert len(commitments) == 3
    assert set(Candidate.objects.values_list("state", flat=True)) == {"accepted"}
    assert Mention.objects.filter(kind=MentionKind.ORIGINAL).count() == 3


def test_reject_candidates_rejects_every_candidate_for_the_reason(batch, reviewer):
    services.reject_candidates(
        [candidate.pk for candidate in batch], reviewer=reviewer, reason="Greeting."
    )

    assert set(Candidate.objects.values_list("state", "rejection_reason")) == {
        ("rejected", "Greeting.")
    }


@pytest.mark.parametrize(
    "bulk_review",
    [
        pytest.param(
            lambda ids, reviewer: services.accept_candidates(ids, reviewer=reviewer),
            id="accept",
        ),
        pytest.param(
            lambda ids, reviewer: services.reject_candidates(
                ids, reviewer=reviewer, reason="Not a commitment."
            ),
            id="reject",
        ),
    ],
)
@pytest.mark.parametrize("reviewed_position", [0, 1, 2])
def test_bulk_review_with_one_reviewed_candidate_changes_nothing(
    batch, reviewer, bulk_review, reviewed_position
):
    services.reject_candidate(
        batch[reviewed_position].pk, reviewer=reviewer, reason="Greeting."
    )
    before = database_state()

    with pytest.raises(services.ReviewConflict):
        bulk_review([candidate.pk for candidate in batch], reviewer)

    assert database_state() == before
    assert Candidate.objects.pending().count() == 2


# ------------------------------------------------------------------------ edit


@pytest.fixture
def commitment(candidate, reviewer):
    # Accepted before the edits below, which travel to later days of 2024.
    with time_machine.travel(NOW, tick=False):
        return services.accept_candidate(candidate.pk, reviewer=reviewer)


def test_edit_commitment_saves_the_changes_and_bumps_the_version(commitment):
    edited = services.edit_commitment(
        commitment.pk,
        version=1,
        changes={"title": "100 rural schools", "deadline": "2026-06-30"},
        editor=UserFactory(),
    )

    assert edited.version == 2
    commitment.refresh_from_db()
    assert (commitment.title, commitment.deadline, commitment.version) == (
        "100 rural schools",
        dt.date(2026, 6, 30),
        2,
    )


def test_edit_commitment_with_a_stale_version_is_a_conflict_carrying_current_values(
    commitment,
):
    first_editor, second_editor = UserFactory(), UserFactory()
    services.edit_commitment(
        commitment.pk,
        version=1,
        changes={"title": "First editor's title", "area": "regions"},
        editor=first_editor,
    )
    before = database_state()

    with pytest.raises(services.EditConflict) as conflict:
        services.edit_commitment(
            commitment.pk,
            version=1,
            changes={"title": "Second editor's title", "target": "200 schools"},
            editor=second_editor,
        )

    assert conflict.value.current == {
        "title": "First editor's title",
        "summary": "",
        "area": "regions",
        "type": "outcome",
        "actor": "Government",
        "deadline": dt.date(2025, 12, 31),
        "deadline_text": "by 2025",
        "target": "one hundred new schools",
        "version": 2,
    }
    assert "version 2" in str(conflict.value)
    assert database_state() == before
    assert not any(change.user == second_editor for change in commitment.changes())


def test_edit_commitment_retried_with_the_current_version_succeeds(commitment):
    services.edit_commitment(
        commitment.pk, version=1, changes={"title": "First"}, editor=UserFactory()
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.edit_commitment(
            commitment.pk, version=1, changes={"title": "Second"}, editor=UserFactory()
        )

    edited = services.edit_commitment(
        commitment.pk,
        version=conflict.value.current["version"],
        changes={"title": "Second"},
        editor=UserFactory(),
    )

    assert (edited.title, edited.version) == ("Second", 3)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="nothing"),
        pytest.param(
            {"title": " Build one hundred new schools in rural areas by 2025 "},
            id="same title with spaces",
        ),
        pytest.param({"deadline": "2025-12-31", "area": "education"}, id="same values"),
    ],
)
def test_edit_commitment_that_changes_nothing_keeps_the_version(commitment, changes):
    history = commitment.history.count()

    edited = services.edit_commitment(
        commitment.pk, version=1, changes=changes, editor=UserFactory()
    )

    commitment.refresh_from_db()
    assert edited.version == commitment.version == 1
    assert commitment.history.count() == history


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"area": "astrology"}, id="unknown area"),
        pytest.param({"title": ""}, id="empty title"),
        pytest.param({"status": "achieved"}, id="status"),
        pytest.param({"version": 7}, id="version"),
        pytest.param({"is_published": True}, id="publishing"),
    ],
)
def test_edit_commitment_refuses_invalid_changes_and_writes_nothing(
    commitment, changes
):
    before = database_state()

    with pytest.raises(ValidationError):
        services.edit_commitment(
            commitment.pk, version=1, changes=changes, editor=UserFactory()
        )

    assert database_state() == before


def test_commitment_changes_record_who_when_old_and_new_for_each_field(commitment):
    first_editor, second_editor = UserFactory(), UserFactory()
    first_at = dt.datetime(2024, 6, 2, 8, 0, tzinfo=dt.UTC)
    second_at = dt.datetime(2024, 6, 3, 17, 45, tzinfo=dt.UTC)

    with time_machine.travel(first_at, tick=False):
        services.edit_commitment(
            commitment.pk,
            version=1,
            changes={"title": "100 rural schools", "deadline": "2026-06-30"},
            editor=first_editor,
        )
    with time_machine.travel(second_at, tick=False):
        services.edit_commitment(
            commitment.pk, version=2, changes={"area": "regions"}, editor=second_editor
        )

    changes = sorted(
        (change.changed_at, change.user, change.field, change.old, change.new)
        for change in commitment.changes()
    )
    assert changes == [
        (
            first_at,
            first_editor,
            "deadline",
            dt.date(2025, 12, 31),
            dt.date(2026, 6, 30),
        ),
        (
            first_at,
            first_editor,
            "title",
            "Build one hundred new schools in rural areas by 2025",
            "100 rural schools",
        ),
        (second_at, second_editor, "area", "education", "regions"),
    ]


# ------------------------------------------------------------- publish, assign


def test_publish_by_an_analyst_without_the_permission_is_denied(commitment):
    analysts, _ = ensure_groups()
    analyst = UserFactory()
    analyst.groups.add(analysts)

    with pytest.raises(PermissionDenied):
        services.publish(commitment.pk, editor=analyst)

    commitment.refresh_from_db()
    assert not commitment.is_published
    assert commitment.version == 1


def test_unpublish_by_an_analyst_without_the_permission_is_denied(commitment, editor):
    services.publish(commitment.pk, editor=editor)

    with pytest.raises(PermissionDenied):
        services.unpublish(commitment.pk, editor=UserFactory())

    commitment.refresh_from_db()
    assert commitment.is_published


def test_publish_and_unpublish_by_an_editor_are_recorded_in_the_history(
    commitment, editor
):
    published_at = dt.datetime(2024, 6, 2, 8, 0, tzinfo=dt.UTC)
    unpublished_at = dt.datetime(2024, 6, 3, 8, 0, tzinfo=dt.UTC)

    with time_machine.travel(published_at, tick=False):
        published = services.publish(commitment.pk, editor=editor)
    assert published.is_published
    with time_machine.travel(unpublished_at, tick=False):
        unpublished = services.unpublish(commitment.pk, editor=editor)

    assert not unpublished.is_published
    assert unpublished.version == 3
    assert [
        (change.changed_at, change.user, change.field, change.old, change.new)
        for change in commitment.changes()
    ] == [
        (published_at, editor, "is_published", False, True),
        (unpublished_at, editor, "is_published", True, False),
    ]


def test_publish_with_a_directly_granted_permission_is_allowed(commitment):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="publish_commitment"))

    assert services.publish(commitment.pk, editor=user).is_published


def test_publish_of_a_published_commitment_changes_nothing(commitment, editor):
    services.publish(commitment.pk, editor=editor)

    again = services.publish(commitment.pk, editor=editor)

    assert again.version == 2
    assert len(commitment.changes()) == 1


def test_assign_sets_the_assignee_and_records_who_assigned(commitment):
    lead, assignee = UserFactory(), UserFactory()

    assigned = services.assign(commitment.pk, assignee, by=lead)

    commitment.refresh_from_db()
    assert commitment.assignee == assignee
    assert assigned.version == commitment.version == 2
    [change] = commitment.changes()
    assert (change.user, change.field, change.old, change.new) == (
        lead,
        "assignee",
        None,
        assignee.pk,
    )


def test_assign_nobody_clears_the_assignee(commitment):
    services.assign(commitment.pk, UserFactory(), by=UserFactory())

    services.assign(commitment.pk, None, by=UserFactory())

    commitment.refresh_from_db()
    assert commitment.assignee is None
    assert commitment.version == 3


def test_assign_refuses_an_inactive_user(commitment):
    former = UserFactory(is_active=False)

    with pytest.raises(ValidationError, match="not an active user"):
        services.assign(commitment.pk, former, by=UserFactory())

    commitment.refresh_from_db()
    assert commitment.assignee is None
    assert commitment.version == 1


# ----------------------------------------------------------------------- import


@pytest.fixture
def eager_celery():
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def speech_details(**overrides: Any) -> AddressInput:
    fields: dict[str, Any] = {
        "title": "State of the Nation Address",
        "speaker": "Kassym-Jomart Tokayev",
        "speaker_role": "President",
        "delivered_on": "2020-09-01",
    }
    return AddressInput(**{**fields, **overrides})


@pytest.mark.usefixtures("eager_celery")
def test_import_address_proposes_pending_candidates_once_committed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        address = services.import_address(SPEECH, speech_details())

    assert len(callbacks) == 1
    candidates = list(address.candidates.all())
    assert [candidate.quote for candidate in candidates] == [SCHOOLS, SALARIES]
    assert {candidate.state for candidate in candidates} == {"pending"}
    for candidate in candidates:
        assert address.text[candidate.start : candidate.end] == candidate.quote


@pytest.mark.usefixtures("eager_celery")
def test_import_address_proposes_nothing_before_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.import_address(SPEECH, speech_details())

    assert len(callbacks) == 1
    assert not Candidate.objects.exists()


@pytest.mark.usefixtures("eager_celery")
@pytest.mark.parametrize(
    ("data", "details"),
    [
        pytest.param("   ", speech_details(), id="empty text"),
        pytest.param(SPEECH, speech_details(title=""), id="no title"),
        pytest.param(SPEECH, speech_details(delivered_on="2199-01-01"), id="future"),
        pytest.param(SPEECH, speech_details(delivered_on="0001-01-01"), id="year 1"),
    ],
)
def test_import_address_refused_queues_nothing(
    django_capture_on_commit_callbacks, data, details
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ImportRefused),
    ):
        services.import_address(data, details)

    assert callbacks == []
    assert not Address.objects.exists()
    assert not Candidate.objects.exists()
    assert not Extraction.objects.exists()


@pytest.mark.usefixtures("eager_celery")
def test_import_address_of_a_known_text_queues_nothing(
    django_capture_on_commit_callbacks,
):
    services.import_address(SPEECH, speech_details())

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ImportRefused),
    ):
        services.import_address(SPEECH, speech_details(title="Again"))

    assert callbacks == []


@pytest.mark.usefixtures("eager_celery")
def test_import_manifest_proposes_candidates_for_each_new_speech(
    tmp_path, django_capture_on_commit_callbacks
):
    (tmp_path / "speech.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "addresses.json").write_text(
        '[{"file": "speech.txt", "title": "State of the Nation Address", '
        '"speaker": "Kassym-Jomart Tokayev", "delivered_on": "2020-09-01"}]',
        encoding="utf-8",
    )

    with django_capture_on_commit_callbacks(execute=True):
        [result] = services.import_manifest(tmp_path / "addresses.json")

    assert result.address is not None
    assert result.address.candidates.pending().count() == 2
