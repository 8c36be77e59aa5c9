"""Where a passage of a speech is: its paragraph (`Segment.position`, the page's
`#p-<n>` anchor), so every quote and piece of evidence links to the very paragraph
it comes from, on the public pages and the analysts' alike."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from addresses.models import Segment

# (address id, character offset into its text); either may be unknown (None), as
# for a progress update whose evidence is not a speech.
Spot = tuple[int | None, int | None]


def paragraph_positions(
    spots: Iterable[Spot | tuple[int | None, int | None]],
) -> dict[Spot, int]:
    """The paragraph holding each spot (address id, offset into its text).

    One query for all of them; a spot outside every segment (between paragraphs),
    or with no address or offset, has no entry.
    """
    wanted: set[tuple[int, int]] = {
        (address_id, offset)
        for address_id, offset in spots
        if address_id is not None and offset is not None
    }
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


def paragraph_url(address_slug: str, position: int | None) -> str:
    """A speech's page, at one paragraph's anchor when it is known."""
    path = reverse("addresses:detail", kwargs={"slug": address_slug})
    return f"{path}#p-{position}" if position is not None else path
