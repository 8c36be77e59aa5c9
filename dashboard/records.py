"""What the public commitment page derives from the record: paragraph anchors and
the rating history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from addresses.models import Segment
from commitments.models import Status
from tracking.models import ProgressUpdate

Spot = tuple[int, int]  # (address id, character offset)


def paragraph_positions(spots: Iterable[Spot]) -> dict[Spot, int]:
    """The paragraph (`Segment.position`, the `#p-<n>` anchor) holding each spot.

    One query for all of them; a spot outside every segment (between paragraphs)
    has no entry.
    """
    wanted = set(spots)
    if not wanted:
        return {}
    condition = reduce(
        or_,
        (
            Q(address_id=address_id, start__lte=offset, end__gt=offset)
            for address_id, offset in wanted
        ),
    )
    found: dict[Spot, int] = {}
    for address_id, start, end, position in Segment.objects.filter(
        condition
    ).values_list("address_id", "start", "end", "position"):
        for spot_address, offset in wanted:
            if spot_address == address_id and start <= offset < end:
                found[(spot_address, offset)] = position
    return found


@dataclass(frozen=True)
class RatingChange:
    """One change of status: from → to, when, and the update that made it."""

    old: str
    new: str
    changed_at: dt.datetime
    update: ProgressUpdate

    @property
    def old_label(self) -> str:
        return Status(self.old).label

    @property
    def new_label(self) -> str:
        return Status(self.new).label


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
