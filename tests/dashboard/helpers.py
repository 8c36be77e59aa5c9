"""Shared makers for the public dashboard's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from addresses.models import Address
from commitments.models import Commitment
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
)
from tracking import services as tracking_services
from tracking.models import EvidenceKind, ProgressUpdate


def published(
    title: str,
    *,
    address: Address | None = None,
    quote: str | None = None,
    changes: dict[str, Any] | None = None,
    **row: Any,
) -> Commitment:
    """A published commitment titled `title`, first made in `address`."""
    candidate_fields: dict[str, Any] = {"address": address or AddressFactory()}
    if quote is not None:
        candidate_fields["quote"] = quote
    return CommitmentFactory(
        candidate=CandidateFactory(**candidate_fields),
        changes={"title": title, **(changes or {})},
        is_published=row.pop("is_published", True),
        **row,
    )


def log(
    commitment: Commitment,
    status: str,
    at: dt.datetime,
    note: str = "",
    **evidence: Any,
) -> ProgressUpdate:
    """Record a progress update at `at`, with evidence of `kind` (default other).

    As the rating rules ask, a verdict without a link or a speech's passage gets a
    link, and stalled or not achieved a reason, unless the test gives its own.
    """
    reason = evidence.pop("reason", "")
    if status in tracking_services.STALLED_OR_BROKEN and not reason:
        reason = "no_funding"
    checkable = evidence.get("url") or evidence.get("address")
    if status in tracking_services.NEEDS_CHECKABLE_EVIDENCE and not checkable:
        evidence["url"] = "https://example.org/evidence"
    with time_machine.travel(at, tick=False):
        return tracking_services.record_progress_update(
            commitment.pk,
            author=UserFactory(),
            status=status,
            note=note,
            reason=reason,
            evidence=tracking_services.Evidence(
                kind=evidence.pop("kind", EvidenceKind.OTHER), **evidence
            ),
        )
