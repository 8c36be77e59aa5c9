"""Counts of published commitments by status, each linking to the list it counts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from addresses.models import Address
from commitments.models import Commitment, CommitmentQuerySet, Mention
from dashboard.scoreboard import STATUS_ORDER

# Kept first, then on the way, then not kept; not yet rated last: the
# scoreboard's order.
SCALE = STATUS_ORDER


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int
    url: str  # the commitment list showing exactly these


@dataclass(frozen=True)
class Scorecard:
    total: int
    url: str  # the commitment list showing all of them
    counts: list[StatusCount]  # statuses with at least one commitment, in SCALE order


def mentioned_in(address: Address) -> CommitmentQuerySet:
    """Published commitments with a mention in `address`: the set that
    `/commitments/?speech=<slug>` lists."""
    return Commitment.objects.published().filter(
        pk__in=Mention.objects.filter(address=address).values("commitment_id")
    )


def status_counts(commitments: CommitmentQuerySet) -> dict[str, int]:
    """How many of `commitments` have each status (absent: none), in one query."""
    rows = commitments.order_by().values_list("status").annotate(count=Count("pk"))
    return dict(rows)


def scorecard(
    counts: dict[str, int], *, speech: str | None = None, absolute: bool = False
) -> Scorecard:
    """`counts` as links to the commitment list, filtered to `speech` (a slug) if
    given; `absolute` links carry `SITE_URL`, for pages shown on other sites."""
    base = ("" if not absolute else settings.SITE_URL) + reverse(
        "dashboard:commitments"
    )
    scope = {"speech": speech} if speech else {}

    def url(**status: str) -> str:
        query = urlencode({**scope, **status})
        return f"{base}?{query}" if query else base

    return Scorecard(
        total=sum(counts.values()),
        url=url(),
        counts=[
            StatusCount(status=status, count=counts[status], url=url(status=status))
            for status in SCALE
            if counts.get(status)
        ],
    )
