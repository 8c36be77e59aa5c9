"""What the public commitment page shows of the record: the quotes with their
paragraphs, the timeline of updates and the rating history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from addresses.paragraphs import paragraph_positions, paragraph_url
from commitments.models import Commitment, Mention, MentionKind, Status
from tracking.models import ProgressUpdate


@dataclass(frozen=True)
class RatingChange:
    """One change of status: from → to, when, and the update that made it."""

    old: str
    new: str
    changed_at: dt.datetime
    update: ProgressUpdate

    @property
    def old_label(self) -> str:
        return str(Status(self.old).label)

    @property
    def new_label(self) -> str:
        return str(Status(self.new).label)


def rating_history(updates: Sequence[ProgressUpdate]) -> list[RatingChange]:
    """Every change of status, oldest first, from updates given oldest first.

    Every commitment starts not yet rated; an update that keeps the status (new
    evidence, same verdict) is progress, not a change of rating.
    """
    changes = []
    current: str = Status.NOT_RATED
    for update in updates:
        if update.status != current:
            changes.append(
                RatingChange(
                    old=current,
                    new=update.status,
                    changed_at=update.created_at,
                    update=update,
                )
            )
            current = update.status
    return changes


@dataclass(frozen=True)
class QuotedMention:
    mention: Mention
    paragraph: int | None  # the `#p-<n>` it starts in
    url: str


@dataclass(frozen=True)
class TimelineEntry:
    update: ProgressUpdate
    # The later speech that is the evidence, at its paragraph; None when there is
    # none or it is not public.
    evidence_url: str | None


@dataclass(frozen=True)
class GoalpostShift:
    """A restatement that states another deadline or target than the original."""

    original: QuotedMention
    restated: QuotedMention

    @property
    def deadline_moved(self) -> bool:
        before, after = self.original.mention.deadline, self.restated.mention.deadline
        return before is not None and after is not None and before != after

    @property
    def target_changed(self) -> bool:
        before, after = self.original.mention.target, self.restated.mention.target
        return bool(before and after) and before.casefold() != after.casefold()


@dataclass(frozen=True)
class PublicRecord:
    mentions: list[QuotedMention]  # oldest speech first
    timeline: list[TimelineEntry]  # newest first
    rating_history: list[RatingChange]  # oldest first
    goalposts: list[GoalpostShift]  # oldest restatement first


def public_record(commitment: Commitment) -> PublicRecord:
    """Everything the public page shows below the commitment's own fields.

    Mentions and evidence in a speech that is not public are left out: its title
    and words are not on the record yet. Four queries, whatever the history's size.
    """
    mentions = list(
        commitment.mentions.filter(address__is_public=True)
        .select_related("address")
        .defer("address__text")
        .order_by("address__delivered_on", "start")
    )
    updates = list(
        ProgressUpdate.objects.filter(commitment=commitment)
        .select_related("evidence_address")
        .order_by("created_at", "id")
    )
    evidence_spots = {
        update.pk: (update.evidence_address.pk, update.evidence_start)
        for update in updates
        if update.evidence_address is not None and update.evidence_address.is_public
    }
    positions = paragraph_positions(
        [(mention.address_id, mention.start) for mention in mentions]
        + [
            (address_id, start)
            for address_id, start in evidence_spots.values()
            if start is not None
        ]
    )

    def evidence_url(update: ProgressUpdate) -> str | None:
        if update.pk not in evidence_spots or update.evidence_address is None:
            return None
        address_id, start = evidence_spots[update.pk]
        position = None if start is None else positions.get((address_id, start))
        return paragraph_url(update.evidence_address.slug, position)

    quoted = [
        QuotedMention(
            mention=mention,
            paragraph=positions.get((mention.address_id, mention.start)),
            url=paragraph_url(
                mention.address.slug,
                positions.get((mention.address_id, mention.start)),
            ),
        )
        for mention in mentions
    ]
    return PublicRecord(
        mentions=quoted,
        timeline=[
            TimelineEntry(update=update, evidence_url=evidence_url(update))
            for update in reversed(updates)
        ],
        rating_history=rating_history(updates),
        goalposts=_goalpost_shifts(commitment, quoted),
    )


def _goalpost_shifts(
    commitment: Commitment, quoted: list[QuotedMention]
) -> list[GoalpostShift]:
    """The public restatements that moved the goalposts, each beside the public
    original (none without it). The rule is the database's, in one query."""
    original = next(
        (item for item in quoted if item.mention.kind == MentionKind.ORIGINAL), None
    )
    if original is None or len(quoted) < 2:
        return []
    moved = set(commitment.mentions.moved_goalposts().values_list("pk", flat=True))
    return [
        GoalpostShift(original=original, restated=item)
        for item in quoted
        if item.mention.pk in moved
    ]
