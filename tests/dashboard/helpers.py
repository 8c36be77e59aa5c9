"""Shared makers for the public dashboard's tests."""

from __future__ import annotations

from typing import Any

from addresses.models import Address
from commitments.models import Commitment
from tests.factories import AddressFactory, CandidateFactory, CommitmentFactory


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
