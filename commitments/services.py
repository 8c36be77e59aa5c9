"""Writes to commitments: review of candidates, edits, publishing and assignment.

Views, the API, the admin, commands and tasks call these; nothing else writes
commitments. Every function that touches several rows is one transaction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from addresses import services as address_services
from addresses.dates import DateRefused, parse_iso_date
from addresses.models import Address, Segment
from commitments.extraction import Candidate as Proposal
from commitments.extraction import extract
from commitments.models import (
    Area,
    Candidate,
    CandidateState,
    Commitment,
    CommitmentType,
    EvidenceSuggestion,
    Extraction,
    ExtractionState,
    Mention,
    MentionKind,
    RestatementSuggestion,
)
from commitments.spans import overlaps
from commitments.titles import propose_title

# Fields an analyst may set when accepting a candidate or editing a commitment.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "area",
    "type",
    "actor",
    "deadline",
    "deadline_text",
    "target",
)
PUBLISH_PERMISSION = "commitments.publish_commitment"

logger = logging.getLogger(__name__)


class ReviewConflict(Exception):
    """The candidate was already reviewed (by someone else, or earlier)."""


class EditConflict(Exception):
    """The commitment changed since the editor loaded it.

    `current` holds the values now stored (with the current `version`), so the
    editor can compare, merge and retry; nothing was written.
    """

    def __init__(self, commitment: Commitment) -> None:
        self.current: dict[str, Any] = {
            field: getattr(commitment, field) for field in (*EDITABLE_FIELDS, "version")
        }
        super().__init__(
            f"This commitment was changed by someone else (now version "
            f"{commitment.version}); review the current values and try again."
        )


# ---------------------------------------------------------------- import and extraction


def import_address(
    data: bytes | str,
    details: address_services.AddressInput,
    *,
    created_by: User | None = None,
) -> Address:
    """Import a speech and queue the extraction of its candidates once it commits.

    The speech and its `Extraction` row (pending) are one transaction, so a speech
    is never stored without the record that it still needs extracting. Queueing
    happens after the commit; if the broker is unreachable the import still
    succeeds and the extraction stays pending until the periodic job (or
    `manage.py refresh_candidates --pending`) queues it. Raises
    `addresses.services.ImportRefused` (writing nothing) on bad input.
    """
    with transaction.atomic():
        address = address_services.import_address(data, details, created_by=created_by)
        Extraction.objects.create(address=address)
        transaction.on_commit(
            lambda: queue_extraction(address.pk, skip_while_unreachable=True)
        )
    return address


def import_manifest(
    manifest_path: Path, *, created_by: User | None = None
) -> list[address_services.ManifestResult]:
    """Import a manifest's speeches, queueing extraction for each new one."""
    return address_services.import_manifest(
        manifest_path, created_by=created_by, importer=import_address
    )


# After a failed send, further sends in this process wait this long before trying the
# broker again (a hung Redis would otherwise hold every import for its timeouts).
QUEUE_BACKOFF_SECONDS = 5.0
_queue_unreachable_until = 0.0


def queue_extraction(address_id: int, *, skip_while_unreachable: bool = False) -> bool:
    """Send the extraction task for an address; return whether the broker took it.

    Never raises for a broker failure: the extraction stays `pending` (the outbox
    row says so) and is queued again later. Safe to call twice: the task is
    idempotent and serialised per address. With `skip_while_unreachable` (imports,
    which someone waits for), a send that failed in this process in the last
    QUEUE_BACKOFF_SECONDS leaves it pending without trying the broker again.
    """
    from commitments import tasks  # here: tasks import this module

    global _queue_unreachable_until
    if skip_while_unreachable and time.monotonic() < _queue_unreachable_until:
        # The broker failed a send moments ago: the next one would wait out the
        # same timeouts, so this import answers at once and the requeue job sends it.
        Extraction.objects.update_or_create(
            address_id=address_id,
            defaults={
                "state": ExtractionState.PENDING,
                "error": "Could not queue: the task queue was unreachable moments ago.",
            },
        )
        return False
    # Marked queued before sending: a fast worker may already be running it when
    # `delay` returns, and its state must not be overwritten.
    Extraction.objects.update_or_create(
        address_id=address_id,
        defaults={
            "state": ExtractionState.QUEUED,
            "queued_at": timezone.now(),
            "error": "",
        },
    )
    try:
        tasks.extract_candidates.delay(address_id)
    # Whatever the broker raises (connection refused, timeout, authentication), the
    # outbox row keeps the work, so an import never fails for it.
    except Exception as error:
        _queue_unreachable_until = time.monotonic() + QUEUE_BACKOFF_SECONDS
        Extraction.objects.filter(pk=address_id, state=ExtractionState.QUEUED).update(
            state=ExtractionState.PENDING, error=f"Could not queue: {_describe(error)}"
        )
        logger.warning(
            "Extraction of address %s stays pending: the task queue is unreachable "
            "(%s).",
            address_id,
            _describe(error),
        )
        return False
    return True


def extraction_status(address_id: int) -> str:
    """Say in a line where the extraction of an address stands ("" if untracked)."""
    extraction = Extraction.objects.filter(pk=address_id).first()
    if extraction is None:
        return ""
    if extraction.state == ExtractionState.DONE:
        return f"extraction done: {extraction.candidates} candidate(s) proposed"
    if extraction.state == ExtractionState.FAILED:
        return f"extraction failed: {extraction.error}"
    if extraction.state == ExtractionState.PENDING:
        return (
            "extraction pending: the task queue is unreachable; it is queued "
            "automatically once it is back (or run `manage.py refresh_candidates "
            "--pending`)"
        )
    return "extraction queued"


@dataclass(frozen=True)
class QueueResult:
    queued: int
    failed: int


def queue_unfinished_extractions(
    *, now: dt.datetime | None = None, stale: dt.timedelta | None = None
) -> QueueResult:
    """Queue every extraction still pending, and those queued or running for longer
    than `stale` (default UADE_EXTRACTION_STALE_MINUTES) with no outcome.

    The periodic half of the outbox: whatever an import could not queue, or a lost
    message or worker left behind, is sent again here.
    """
    now = now or timezone.now()
    stale = stale or dt.timedelta(minutes=settings.UADE_EXTRACTION_STALE_MINUTES)
    ids = list(
        Extraction.objects.needs_queueing(now, stale)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    queued = sum(queue_extraction(pk) for pk in ids)
    return QueueResult(queued=queued, failed=len(ids) - queued)


class ExtractionGaveUp(Exception):
    """The extraction of an address failed for good; the reason is on its row."""


def run_extraction(address_id: int) -> RefreshResult | None:
    """Refresh an address's candidates, recording the run on its `Extraction` row.

    Returns None (after recording why) when the extraction fails for good: the
    address is gone, the run was started `UADE_EXTRACTION_MAX_RUNS` times without
    finishing (a worker killed each time, say by the out-of-memory killer), or the
    extractor raised. Transient database errors propagate, with the row put back to
    `queued`, so the task can retry them.
    """
    if not Address.objects.filter(pk=address_id).exists():
        logger.warning("Address %s no longer exists; nothing to extract.", address_id)
        return None
    extraction, _ = Extraction.objects.get_or_create(address_id=address_id)
    if (
        extraction.state == ExtractionState.RUNNING
        and extraction.runs >= settings.UADE_EXTRACTION_MAX_RUNS
    ):
        _fail(
            address_id,
            f"Stopped without finishing {extraction.runs} times (the worker was "
            "lost, perhaps out of memory); split the speech or run "
            "`manage.py refresh_candidates` on it to try again.",
        )
        return None
    Extraction.objects.filter(pk=address_id).update(
        state=ExtractionState.RUNNING,
        started_at=timezone.now(),
        runs=F("runs") + 1,
        error="",
    )
    try:
        result = refresh_candidates(address_id)
    except TRANSIENT_ERRORS:
        Extraction.objects.filter(pk=address_id).update(state=ExtractionState.QUEUED)
        raise
    except Exception as error:
        logger.exception("Extraction of address %s failed.", address_id)
        _fail(address_id, f"The extractor failed: {_describe(error)}")
        return None
    Extraction.objects.filter(pk=address_id).update(
        state=ExtractionState.DONE,
        finished_at=timezone.now(),
        candidates=result.candidates,
        error="",
    )
    return result


def fail_extraction(address_id: int, error: BaseException) -> None:
    """Record that retries of a transient error ran out."""
    _fail(address_id, f"Gave up after repeated errors: {_describe(error)}")


# Errors worth retrying: the database restarting or a connection dropped.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def _fail(address_id: int, reason: str) -> None:
    Extraction.objects.filter(pk=address_id).update(
        state=ExtractionState.FAILED, finished_at=timezone.now(), error=reason[:2000]
    )


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}"[:500] if text else type(error).__name__


@dataclass(frozen=True)
class RefreshResult:
    candidates: int
    restatements: int
    evidence: int


@transaction.atomic
def refresh_candidates(address_id: int) -> RefreshResult:
    """Run extraction on an address and store its pending candidates and suggestions.

    Idempotent: replaces the address's pending candidates and open evidence
    suggestions, and never touches reviewed candidates; a proposal over a passage
    already reviewed or linked to a commitment is not proposed again.
    """
    # Locking the address serialises two refreshes of it (say, a retried task).
    address = Address.objects.select_for_update().get(pk=address_id)
    proposals = extract(
        address.text,
        delivered_on=address.delivered_on,
        kind=address.kind,
        years=address_services.accepted_years(),
        # "By the end of my term" is dated where the speaker's term end is known.
        term_ends=address.speaker.term_ends_on,
    )
    candidates_here = Candidate.objects.filter(address=address)
    # Passages analysts added by hand stay, and are not proposed again.
    candidates_here.pending().filter(added_by__isnull=True).delete()
    taken = [
        *candidates_here.values_list("start", "end"),
        *Mention.objects.filter(address=address).values_list("start", "end"),
    ]
    candidates = Candidate.objects.bulk_create(
        _candidate_from(address, proposal)
        for proposal in proposals
        if not any(overlaps((proposal.start, proposal.end), span) for span in taken)
    )

    # Imported here: scikit-learn costs a second and ~90 MB, which every other
    # command and web process would pay for nothing.
    from commitments import linking

    linkable = _linkable_commitments(address)
    contexts, antecedents = _surroundings(linkable)
    index = linking.CommitmentIndex(
        [
            (
                commitment.pk,
                "\n".join([*antecedents[commitment.pk], commitment.linking_text()]),
            )
            for commitment in linkable
        ],
        contexts=contexts,
        synonyms=linking.synonym_groups(settings.UADE_SYNONYMS_FILE),
        use_embeddings=settings.UADE_LINKING_EMBEDDINGS
        and linking.embeddings_available(),
    )
    restatements = RestatementSuggestion.objects.bulk_create(
        RestatementSuggestion(
            candidate=candidate,
            commitment_id=match.commitment_id,
            score=match.score,
            rank=rank,
        )
        for candidate in candidates
        for rank, match in enumerate(index.suggest_restatements(candidate.quote), 1)
    )
    suggested_here = EvidenceSuggestion.objects.filter(address=address)
    # Dismissed and used suggestions stay on record, and are not suggested again.
    suggested_here.open().delete()
    dismissed = set(suggested_here.values_list("start", "commitment_id"))
    evidence = EvidenceSuggestion.objects.bulk_create(
        EvidenceSuggestion(
            address=address,
            start=found.start,
            end=found.end,
            quote=found.quote,
            commitment_id=match.commitment_id,
            score=match.score,
            rank=rank,
        )
        for found in index.find_evidence(address.text, interview=address.is_interview)
        for rank, match in enumerate(found.matches, 1)
        if (found.start, match.commitment_id) not in dismissed
    )
    return RefreshResult(len(candidates), len(restatements), len(evidence))


def _linkable_commitments(address: Address) -> list[Commitment]:
    """The commitments a new address may restate or report on: those first made
    before it, in other addresses (with their mentions prefetched)."""
    return list(
        Commitment.objects.filter(first_made_on__lte=address.delivered_on)
        .exclude(
            pk__in=Mention.objects.filter(
                address=address, kind=MentionKind.ORIGINAL
            ).values("commitment_id")
        )
        .prefetch_related("mentions")
        .order_by("id")
    )


def _surroundings(
    commitments: list[Commitment],
) -> tuple[dict[int, str], dict[int, list[str]]]:
    """What linking reads around each commitment's mentions in their addresses.

    Returns the contexts (the paragraphs around each mention, one either side) and
    the antecedents (for a quote that refers back, "This will be increased in the
    future.", the sentence before it). Linking compares evidence with the contexts,
    at a discount, and reads antecedents as part of the commitment's own words.
    """
    from commitments import linking  # see refresh_candidates

    spans_by_address: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for commitment in commitments:
        for mention in commitment.mentions.all():
            spans_by_address[mention.address_id].append(
                (commitment.pk, mention.start, mention.end)
            )
    contexts: dict[int, list[str]] = defaultdict(list)
    antecedents: dict[int, list[str]] = defaultdict(list)
    addresses = Address.objects.filter(pk__in=spans_by_address).only(
        "pk", "text", "kind"
    )
    for address in addresses:
        spans = list(
            Segment.objects.filter(address=address)
            .order_by("position")
            .values_list("start", "end")
        )
        starts = [start for start, _ in spans]
        mentions = spans_by_address[address.pk]
        before = linking.antecedents(
            address.text,
            [(start, end) for _, start, end in mentions],
            interview=address.is_interview,
        )
        for commitment_id, start, end in mentions:
            if (start, end) in before:
                antecedents[commitment_id].append(before[(start, end)])
            here = bisect.bisect_right(starts, start) - 1
            if here < 0:
                continue
            around = spans[max(here - 1, 0) : here + 2]
            contexts[commitment_id].append(
                "\n\n".join(address.text[begin:end] for begin, end in around)
            )
    joined = {
        commitment_id: "\n\n".join(parts) for commitment_id, parts in contexts.items()
    }
    return joined, antecedents


def _candidate_from(address: Address, proposal: Proposal) -> Candidate:
    return Candidate(
        address=address,
        start=proposal.start,
        end=proposal.end,
        quote=proposal.quote,
        tier=proposal.tier,
        deadline=proposal.deadline,
        deadline_text=proposal.deadline_text or "",
        target=(proposal.target or "")[:300],
        actor=(proposal.actor or "")[:300],
        area=Area.from_extraction(proposal.area),
        type=proposal.type if proposal.type in CommitmentType.values else "other",
        speaker=proposal.speaker,
        confidence=proposal.confidence,
        cues=list(proposal.cues),
    )


# ---------------------------------------------------------------------------- review


@transaction.atomic
def accept_candidate(
    candidate_id: int, *, reviewer: User, changes: Mapping[str, Any] | None = None
) -> Commitment:
    """Make a pending candidate a new commitment with its original mention.

    `changes` overrides any editable field (title, deadline, …) on the way in.
    Raises `ReviewConflict` if the candidate is no longer pending and
    `ValidationError` for invalid values; either way nothing is written.
    """
    candidate = _lock_pending(candidate_id)
    values: dict[str, Any] = {
        "title": propose_title(candidate.quote),
        "summary": "",
        "area": candidate.area,
        "type": candidate.type,
        "actor": candidate.actor,
        "deadline": candidate.deadline,
        "deadline_text": candidate.deadline_text,
        "target": candidate.target,
    }
    values.update(_editable(changes or {}))
    commitment = Commitment(**values, first_made_on=candidate.address.delivered_on)
    commitment.full_clean(exclude=["assignee"])
    commitment._history_user = reviewer  # type: ignore[attr-defined]
    commitment.save()
    Mention.objects.create(
        commitment=commitment,
        address=candidate.address,
        start=candidate.start,
        end=candidate.end,
        quote=candidate.quote,
        kind=MentionKind.ORIGINAL,
        # What the original states, as the analyst accepted it.
        deadline=commitment.deadline,
        deadline_text=commitment.deadline_text,
        target=commitment.target,
    )
    _mark_reviewed(candidate, CandidateState.ACCEPTED, reviewer, commitment)
    return commitment


@transaction.atomic
def merge_candidate(
    candidate_id: int, commitment_id: int, *, reviewer: User
) -> Mention:
    """Record a pending candidate as a restatement of an existing commitment.

    An interviewer's restatement becomes a `reported` mention, the speaker's own a
    `restated` one. The mention keeps the candidate's deadline and target; the
    commitment's own stay as they are.
    """
    candidate = _lock_pending(candidate_id)
    commitment = Commitment.objects.get(pk=commitment_id)
    if Mention.objects.filter(
        commitment=commitment,
        address=candidate.address,
        start=candidate.start,
        end=candidate.end,
    ).exists():
        raise ValidationError("This passage is already a mention of that commitment.")
    mention = Mention.objects.create(
        commitment=commitment,
        address=candidate.address,
        start=candidate.start,
        end=candidate.end,
        quote=candidate.quote,
        kind=(
            MentionKind.REPORTED
            if candidate.speaker == "interviewer"
            else MentionKind.RESTATED
        ),
        # What the restatement itself states: a moved deadline or target shows.
        deadline=candidate.deadline,
        deadline_text=candidate.deadline_text,
        target=candidate.target,
    )
    _mark_reviewed(candidate, CandidateState.MERGED, reviewer, commitment)
    return mention


@transaction.atomic
def reject_candidate(candidate_id: int, *, reviewer: User, reason: str) -> Candidate:
    """Reject a pending candidate, saying why (kept for the record)."""
    reason = _without_nul("reason", reason)
    if not reason:
        raise ValidationError("Say why the candidate is rejected.")
    if len(reason) > 300:
        raise ValidationError("Keep the reason under 300 characters.")
    candidate = _lock_pending(candidate_id)
    candidate.rejection_reason = reason
    _mark_reviewed(candidate, CandidateState.REJECTED, reviewer, None)
    return candidate


@transaction.atomic
def accept_candidates(
    candidate_ids: Iterable[int], *, reviewer: User
) -> list[Commitment]:
    """Accept several candidates as they are; all or none."""
    return [
        accept_candidate(candidate_id, reviewer=reviewer)
        for candidate_id in sorted(set(candidate_ids))
    ]


@transaction.atomic
def reject_candidates(
    candidate_ids: Iterable[int], *, reviewer: User, reason: str
) -> list[Candidate]:
    """Reject several candidates for the same reason; all or none."""
    return [
        reject_candidate(candidate_id, reviewer=reviewer, reason=reason)
        for candidate_id in sorted(set(candidate_ids))
    ]


# Longest passage an analyst may add: the extractor's own longest quote.
ADDED_QUOTE_MAX = 4000


@transaction.atomic
def add_candidate(address_id: int, start: int, end: int, *, by: User) -> Candidate:
    """Add the passage `address.text[start:end]` as a pending candidate.

    For what the extractor missed: the span is trimmed of surrounding whitespace
    and must lie in the text, hold some words and be at most ADDED_QUOTE_MAX
    characters; the exact span of another candidate or of a mention is refused.
    The candidate is kept when the speech is extracted again. Raises
    `ValidationError`, writing nothing, when a rule is broken.
    """
    address = Address.objects.select_for_update().get(pk=address_id)
    text = address.text
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            f"The passage must lie in the text (0 to {len(text)} characters)."
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(character.isalnum() for character in text[start:end]):
        raise ValidationError("The passage has no words.")
    if end - start > ADDED_QUOTE_MAX:
        raise ValidationError(
            f"Keep the passage under {ADDED_QUOTE_MAX} characters (one sentence "
            "or a few)."
        )
    if Candidate.objects.filter(address=address, start=start, end=end).exists():
        raise ValidationError("This exact passage is already a candidate.")
    if Mention.objects.filter(address=address, start=start, end=end).exists():
        raise ValidationError("This exact passage is already a commitment's mention.")
    segment = (
        Segment.objects.filter(address=address, start__lte=start)
        .order_by("-start")
        .first()
    )
    is_interviewer = segment is not None and segment.speaker_label == "interviewer"
    return Candidate.objects.create(
        address=address,
        start=start,
        end=end,
        quote=text[start:end],
        tier="core",
        type=CommitmentType.OTHER,
        speaker="interviewer" if is_interviewer else "speaker",
        confidence=1.0,
        cues=["added by an analyst"],
        added_by=by,
    )


def _lock_pending(candidate_id: int) -> Candidate:
    candidate = (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("address")
        .get(pk=candidate_id)
    )
    if not candidate.is_pending:
        raise ReviewConflict(
            f"This candidate was already {candidate.get_state_display().lower()}."
        )
    return candidate


def _mark_reviewed(
    candidate: Candidate,
    state: CandidateState,
    reviewer: User,
    commitment: Commitment | None,
) -> None:
    candidate.state = state
    candidate.commitment = commitment
    candidate.reviewer = reviewer
    candidate.reviewed_at = timezone.now()
    candidate.save(
        update_fields=[
            "state",
            "commitment",
            "reviewer",
            "reviewed_at",
            "rejection_reason",
        ]
    )


# ------------------------------------------------------------------- commitments


@transaction.atomic
def edit_commitment(
    commitment_id: int, *, version: int, changes: Mapping[str, Any], editor: User
) -> Commitment:
    """Change editable fields of a commitment loaded at `version`.

    Raises `EditConflict` (carrying the current values) when someone saved since,
    and `ValidationError` for invalid values; nothing is written in either case.
    Every change is kept in the commitment's history with its author.
    """
    commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
    if commitment.version != version:
        raise EditConflict(commitment)
    values = _editable(changes)
    if not any(getattr(commitment, field) != value for field, value in values.items()):
        return commitment
    for field, value in values.items():
        setattr(commitment, field, value)
    commitment.full_clean(exclude=["assignee"])
    _save_version(commitment, editor)
    return commitment


@transaction.atomic
def publish(commitment_id: int, *, editor: User) -> Commitment:
    """Show a commitment to the public (editors only)."""
    return _set_published(commitment_id, editor, is_published=True)


@transaction.atomic
def unpublish(commitment_id: int, *, editor: User) -> Commitment:
    """Withdraw a commitment from the public record (editors only)."""
    return _set_published(commitment_id, editor, is_published=False)


@transaction.atomic
def set_published_many(
    commitment_ids: Iterable[int], *, editor: User, is_published: bool
) -> int:
    """Publish (or withdraw) several commitments in one transaction (editors only).

    Each changed commitment gets its own version and history record; those
    already in that state are left alone. Returns how many changed. Raises
    `PermissionDenied`, writing nothing, for anyone but an editor.
    """
    if not editor.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors may publish or unpublish commitments.")
    changed = 0
    for commitment_id in sorted(set(commitment_ids)):
        commitment = (
            Commitment.objects.select_for_update().filter(pk=commitment_id).first()
        )
        if commitment is not None and commitment.is_published != is_published:
            commitment.is_published = is_published
            _save_version(commitment, editor)
            changed += 1
    return changed


def _set_published(
    commitment_id: int, editor: User, *, is_published: bool
) -> Commitment:
    if not editor.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors may publish or unpublish commitments.")
    commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
    if commitment.is_published != is_published:
        commitment.is_published = is_published
        _save_version(commitment, editor)
    return commitment


@transaction.atomic
def assign(commitment_id: int, assignee: User | None, *, by: User) -> Commitment:
    """Make an analyst (or nobody) responsible for following a commitment."""
    if assignee is not None and not assignee.is_active:
        raise ValidationError(f"{assignee.get_username()} is not an active user.")
    commitment = Commitment.objects.select_for_update().get(pk=commitment_id)
    if commitment.assignee_id != (assignee.pk if assignee else None):
        commitment.assignee = assignee
        _save_version(commitment, by)
    return commitment


def _save_version(commitment: Commitment, user: User) -> None:
    commitment.version += 1
    commitment._history_user = user  # type: ignore[attr-defined]
    commitment.save()


def _editable(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"These fields cannot be edited: {', '.join(sorted(unknown))}."
        )
    values = dict(changes)
    for text_field in ("title", "summary", "actor", "deadline_text", "target"):
        if text_field in values:
            values[text_field] = _without_nul(text_field, values[text_field] or "")
    if "area" in values:
        values["area"] = values["area"] or ""
    deadline = values.get("deadline")
    if isinstance(deadline, dt.date):
        # A form or serializer parsed it: held to the same years as a typed one,
        # since reminders are planned by adding days to it.
        deadline = deadline.isoformat()
    if isinstance(deadline, str):
        values["deadline"] = _parse_date(deadline)
    return values


def _without_nul(name: str, value: str) -> str:
    """Return `value` stripped, refusing a NUL character: PostgreSQL cannot store
    one in text, and the review page's fields reach here without a form."""
    if "\x00" in value:
        raise ValidationError({name: "It contains a NUL character; remove it."})
    return value.strip()


def _parse_date(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return parse_iso_date(
            value,
            what="deadline",
            years=address_services.accepted_years(),
        )
    except DateRefused as refusal:
        raise ValidationError({"deadline": str(refusal)}) from None


# ------------------------------------------------------------- suggested evidence


@transaction.atomic
def dismiss_evidence_suggestion(suggestion_id: int, *, by: User) -> EvidenceSuggestion:
    """Set aside a suggested evidence passage, recording who and when.

    Kept (so a new extraction does not suggest it again); dismissing it twice
    changes nothing. Raises `ValidationError` if it was already logged as progress.
    """
    suggestion = EvidenceSuggestion.objects.select_for_update().get(pk=suggestion_id)
    if suggestion.is_dismissed:
        return suggestion
    if suggestion.used_at is not None:
        raise ValidationError("This suggestion was already logged as progress.")
    suggestion.is_dismissed = True
    suggestion.dismissed_at = timezone.now()
    suggestion.dismissed_by = by
    suggestion.save(update_fields=["is_dismissed", "dismissed_at", "dismissed_by"])
    return suggestion


@transaction.atomic
def use_evidence_suggestion(suggestion_id: int, *, by: User) -> EvidenceSuggestion:
    """Mark an open evidence suggestion as logged as progress (who and when).

    Called inside the transaction that records the progress update
    (`tracking.services.log_progress_from_suggestion`), so both happen or
    neither. Raises `ValidationError` if it was dismissed or used already.
    """
    suggestion = (
        EvidenceSuggestion.objects.select_for_update(of=("self",))
        .select_related("address")
        .get(pk=suggestion_id)
    )
    if not suggestion.is_open:
        raise ValidationError(
            "This suggestion was already dismissed or logged as progress."
        )
    suggestion.used_at = timezone.now()
    suggestion.used_by = by
    suggestion.save(update_fields=["used_at", "used_by"])
    return suggestion
