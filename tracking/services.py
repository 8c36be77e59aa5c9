"""Writes to tracking: progress updates, and the commitment changes that move reminders.

Reminder planning and sending live in `tracking.reminders`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from addresses.models import Address
from commitments import services as commitment_services
from commitments.models import Commitment, MentionKind, Status
from tracking import reminders
from tracking.models import EvidenceKind, ProgressUpdate

STALLED_OR_BROKEN = frozenset({Status.STALLED, Status.BROKEN})
# Verdicts a reader must be able to check: they need a link or a later speech's words.
NEEDS_CHECKABLE_EVIDENCE = frozenset(
    {Status.ACHIEVED, Status.PARTIALLY_ACHIEVED, Status.BROKEN}
)
EVIDENCE_URL_MAX = 500  # ProgressUpdate.evidence_url
EVIDENCE_TITLE_MAX = 300  # ProgressUpdate.evidence_title


@dataclass(frozen=True)
class Evidence:
    """What a progress update rests on."""

    kind: str
    url: str = ""
    title: str = ""
    on: dt.date | None = None
    address: Address | None = None
    start: int | None = None
    end: int | None = None


@transaction.atomic
def record_progress_update(
    commitment_id: int,
    *,
    author: User,
    status: str,
    evidence: Evidence,
    note: str = "",
    reason: str = "",
    today: dt.date | None = None,
    rated_at: dt.datetime | None = None,
) -> ProgressUpdate:
    """Append a rated update and set the commitment's status in one transaction.

    `rated_at` is for a record kept elsewhere and loaded later (the demo): when
    the rating was made there. It may not be in the future, before the evidence
    or the promise, or before the commitment's latest update, so the history
    still reads in the order it was known.

    Rules: evidence URLs are http(s); the evidence is not dated in the future,
    nor before the commitment was first made; a reason (one of
    `settings.UADE_STALL_REASONS`) is required for stalled and broken, and only
    for them; achieved, partially achieved and broken need evidence a reader can
    check (a link, or a passage of a later speech, not "other" alone); a speech
    as evidence is delivered after the one the commitment was first made in; the
    note is at most `settings.UADE_NOTE_MAX_CHARS` long; moving a final status
    back to not rated needs a note. Updates are never edited
    afterwards: a correction is a new update. Raises `ValidationError` and writes
    nothing when a rule is broken.
    """
    commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
    note = note.strip()
    _check(commitment, status, evidence, note, reason, today or timezone.localdate())
    if rated_at is not None:
        _check_rated_at(commitment, evidence, rated_at)

    update = ProgressUpdate.objects.create(
        created_at=rated_at or timezone.now(),
        commitment=commitment,
        author=author,
        status=status,
        note=note,
        reason=reason,
        evidence_kind=evidence.kind,
        evidence_url=evidence.url.strip(),
        evidence_title=evidence.title.strip(),
        evidence_on=evidence.on,
        evidence_address=evidence.address,
        evidence_start=evidence.start,
        evidence_end=evidence.end,
    )
    commitment.last_progress_at = update.created_at
    if commitment.status != status:
        commitment.status = status
        commitment.status_changed_at = update.created_at
        commitment.version += 1
        commitment._history_user = author  # type: ignore[attr-defined]
        commitment.save()
    else:
        # News without a new rating: no new version, no history record.
        Commitment.objects.filter(pk=commitment.pk).update(
            last_progress_at=update.created_at
        )
    # A new status may end the reminders; any update restarts the stale clock.
    reminders.plan_reminders([commitment.pk])
    return update


@transaction.atomic
def log_progress_from_suggestion(
    suggestion_id: int,
    *,
    author: User,
    status: str,
    note: str = "",
    reason: str = "",
) -> ProgressUpdate:
    """Record a progress update resting on a suggested passage of a later speech.

    The evidence is that speech and span, dated its delivery date; the
    suggestion is marked used in the same transaction, so a refused update
    (`ValidationError`, by `record_progress_update`'s rules) leaves it open.
    """
    suggestion = commitment_services.use_evidence_suggestion(suggestion_id, by=author)
    address = suggestion.address
    return record_progress_update(
        suggestion.commitment_id,
        author=author,
        status=status,
        note=note,
        reason=reason,
        evidence=Evidence(
            kind=EvidenceKind.LATER_SPEECH,
            title=address.title[:EVIDENCE_TITLE_MAX],
            on=address.delivered_on,
            address=address,
            start=suggestion.start,
            end=suggestion.end,
        ),
    )


def _check_rated_at(
    commitment: Commitment, evidence: Evidence, rated_at: dt.datetime
) -> None:
    rated_on = timezone.localdate(rated_at)
    latest = commitment.last_progress_at
    if rated_at > timezone.now():
        problem = "A rating cannot be dated in the future."
    elif rated_on < commitment.first_made_on:
        problem = "A rating cannot be dated before the promise was made."
    elif evidence.on is not None and rated_on < evidence.on:
        problem = "A rating cannot be dated before its evidence."
    elif latest is not None and rated_at < latest:
        problem = "A rating cannot be dated before the commitment's latest update."
    else:
        return
    raise ValidationError({"rated_at": problem})


def _check(
    commitment: Commitment,
    status: str,
    evidence: Evidence,
    note: str,
    reason: str,
    today: dt.date,
) -> None:
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = f'Unknown status "{status}".'
    elif commitment.is_final and status == Status.NOT_RATED and not note:
        errors["note"] = "Explain in a note why a final rating goes back to not rated."
    if len(note) > settings.UADE_NOTE_MAX_CHARS:
        errors["note"] = (
            f"Keep the note under {settings.UADE_NOTE_MAX_CHARS:,} characters "
            f"(it has {len(note):,})."
        )
    if status in STALLED_OR_BROKEN and not reason:
        errors["reason"] = (
            f"Say why the commitment is {Status(status).label.lower()}: "
            "choose a reason."
        )
    elif reason:
        if status not in STALLED_OR_BROKEN:
            errors["reason"] = "A reason is recorded only for stalled or broken."
        elif reason not in settings.UADE_STALL_REASONS:
            choices = ", ".join(settings.UADE_STALL_REASONS)
            errors["reason"] = f'Unknown reason "{reason}"; use one of: {choices}.'
    if evidence.kind not in EvidenceKind.values:
        errors["evidence_kind"] = "Say what kind of evidence the update rests on."
    if evidence.url.strip():
        try:
            URLValidator(schemes=["http", "https"])(evidence.url.strip())
        except ValidationError:
            errors["evidence_url"] = "The evidence link must be an http(s) URL."
    if evidence.on is not None and evidence.on > today:
        errors["evidence_on"] = "The evidence cannot be dated in the future."
    elif evidence.on is not None and evidence.on < commitment.first_made_on:
        errors["evidence_on"] = (
            "The evidence cannot be dated before the commitment was made "
            f"({commitment.first_made_on:%d %b %Y})."
        )
    if len(evidence.url.strip()) > EVIDENCE_URL_MAX:
        errors["evidence_url"] = f"Keep the link under {EVIDENCE_URL_MAX} characters."
    if len(evidence.title.strip()) > EVIDENCE_TITLE_MAX:
        errors["evidence_title"] = (
            f"Keep the title under {EVIDENCE_TITLE_MAX} characters."
        )
    if evidence.kind == EvidenceKind.LATER_SPEECH and evidence.address is None:
        errors["evidence_address"] = "Choose the speech that is the evidence."
    has_span = evidence.start is not None or evidence.end is not None
    if has_span and evidence.address is None:
        errors["evidence_address"] = "A quoted passage needs the speech it is from."
    elif has_span and evidence.address is not None:
        start = evidence.start if evidence.start is not None else -1
        end = evidence.end if evidence.end is not None else -1
        if not 0 <= start < end <= len(evidence.address.text):
            errors["evidence_address"] = "The quoted passage is not in that speech."
    if evidence.address is not None and "evidence_address" not in errors:
        problem = _later_speech_problem(commitment, evidence.address)
        if problem:
            errors["evidence_address"] = problem
    if status in NEEDS_CHECKABLE_EVIDENCE and not _is_checkable(evidence):
        errors.setdefault(
            "evidence_url",
            f"A rating of “{Status(status).label}” needs evidence a reader can "
            "check: a link to it, or a passage of a later speech.",
        )
    if errors:
        raise ValidationError(errors)


def _is_checkable(evidence: Evidence) -> bool:
    """A link, or a passage (a span) of a speech: what a reader can open and read."""
    has_passage = (
        evidence.address is not None
        and evidence.start is not None
        and evidence.end is not None
    )
    return bool(evidence.url.strip()) or has_passage


def _later_speech_problem(commitment: Commitment, address: Address) -> str:
    """Why `address` cannot be evidence for `commitment` ("" when it can): a speech
    reports progress only after the promise, never in the words that made it."""
    is_original = commitment.mentions.filter(
        address=address, kind=MentionKind.ORIGINAL
    ).exists()
    if is_original:
        return (
            "The evidence must be a later speech, not the one the commitment "
            "was made in."
        )
    if address.delivered_on <= commitment.first_made_on:
        return (
            f"The speech must be delivered after the commitment was made "
            f"({commitment.first_made_on:%d %b %Y}); “{address.title}” was "
            f"delivered on {address.delivered_on:%d %b %Y}."
        )
    return ""


# Changes to a commitment that move its reminders. Interfaces call these rather than
# the commitments services directly, so reminders are re-planned in the same
# transaction (tracking builds on commitments, never the other way round).


@transaction.atomic
def accept_candidate(
    candidate_id: int, *, reviewer: User, changes: Mapping[str, Any] | None = None
) -> Commitment:
    """Accept a candidate (`commitments.services`) and plan the new reminders."""
    commitment = commitment_services.accept_candidate(
        candidate_id, reviewer=reviewer, changes=changes
    )
    reminders.plan_reminders([commitment.pk])
    return commitment


@transaction.atomic
def accept_candidates(
    candidate_ids: Iterable[int], *, reviewer: User
) -> list[Commitment]:
    """`commitments.services.accept_candidates`, then plan their reminders."""
    commitments = commitment_services.accept_candidates(
        candidate_ids, reviewer=reviewer
    )
    reminders.plan_reminders([commitment.pk for commitment in commitments])
    return commitments


@transaction.atomic
def edit_commitment(
    commitment_id: int, *, version: int, changes: Mapping[str, Any], editor: User
) -> Commitment:
    """Edit a commitment (`commitments.services`); re-plan if the deadline moved."""
    commitment = commitment_services.edit_commitment(
        commitment_id, version=version, changes=changes, editor=editor
    )
    if "deadline" in changes:
        reminders.plan_reminders([commitment_id])
    return commitment


@transaction.atomic
def assign(commitment_id: int, assignee: User | None, *, by: User) -> Commitment:
    """`commitments.services.assign`, moving unsent reminders to the new assignee."""
    commitment = commitment_services.assign(commitment_id, assignee, by=by)
    reminders.plan_reminders([commitment_id])
    return commitment


@transaction.atomic
def assign_many(
    commitment_ids: Iterable[int], assignee: User | None, *, by: User
) -> int:
    """Assign several commitments to one analyst (or nobody) in one transaction.

    Each goes through `commitments.services.assign` (its own version and history
    record, unchanged ones untouched); their reminders are re-planned once, at the
    end. Returns how many changed hands.
    """
    ids = sorted(set(commitment_ids))
    target = assignee.pk if assignee else None
    before = dict(
        Commitment.objects.filter(pk__in=ids).values_list("pk", "assignee_id")
    )
    for commitment_id in before:
        commitment_services.assign(commitment_id, assignee, by=by)
    reminders.plan_reminders(list(before))
    return sum(1 for assignee_id in before.values() if assignee_id != target)
