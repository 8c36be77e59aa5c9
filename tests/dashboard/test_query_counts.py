"""Every public page makes as many queries at 500 commitments as at 10.

The record is built in bulk (rows as review and tracking would write them), so the
500 stay quick to make; each page is then read at 10 and at 500 and must make the
same, small number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from addresses.models import Address
from commitments.models import Commitment, Mention, MentionKind, Status
from tests.factories import AddressFactory, UserFactory
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = pytest.mark.django_db

STATUSES = [Status.NOT_RATED, Status.IN_PROGRESS, Status.ACHIEVED, Status.BROKEN]
AREAS = ["education", "health", "economy", "energy"]


def _speech(count: int) -> Address:
    sentences = [
        f"We will build {n} new roads by {2020 + n % 12}." for n in range(count)
    ]
    return AddressFactory(
        text="Roads\n\n" + "\n\n".join(sentences) + "\n",
        delivered_on=dt.date(2020, 9, 1),
    )


def _add(address: Address, numbers: range) -> None:
    """Published commitments `numbers` of `address`, each quoting its own sentence;
    every third with a progress update."""
    author = UserFactory()
    now = timezone.now()
    commitments = Commitment.objects.bulk_create(
        Commitment(
            title=f"Build {n} new roads",
            area=AREAS[n % len(AREAS)],
            actor="Ministry of Transport",
            deadline=dt.date(2020 + n % 12, 12, 31),
            status=STATUSES[n % len(STATUSES)],
            status_changed_at=now,
            is_published=True,
            first_made_on=address.delivered_on,
            last_progress_at=now if n % 3 == 0 else None,
        )
        for n in numbers
    )
    mentions = []
    for n, commitment in zip(numbers, commitments, strict=True):
        quote = f"We will build {n} new roads by {2020 + n % 12}."
        start = address.text.index(quote)
        mentions.append(
            Mention(
                commitment=commitment,
                address=address,
                start=start,
                end=start + len(quote),
                quote=quote,
                kind=MentionKind.ORIGINAL,
            )
        )
    Mention.objects.bulk_create(mentions)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            commitment=commitment,
            author=author,
            status=commitment.status,
            note="Work has begun.",
            evidence_kind=EvidenceKind.NEWS_REPORT,
            evidence_url="https://example.org/news",
            evidence_title="News",
        )
        for n, commitment in zip(numbers, commitments, strict=True)
        if n % 3 == 0
    )


def _first() -> Commitment:
    return Commitment.objects.order_by("pk").first()


PAGES: dict[str, Callable[[Address], str]] = {
    "scoreboard": lambda address: "/",
    "scoreboard by area": lambda address: "/?area=education",
    "list": lambda address: "/commitments/",
    "list filtered": lambda address: (
        "/commitments/?status=in_progress&status=broken&area=health&sort=updated"
    ),
    "list searched": lambda address: "/commitments/?q=roads",
    "list deep page": lambda address: "/commitments/?page=3",
    "list goalposts": lambda address: "/commitments/?goalposts_moved=1",
    "csv": lambda address: "/commitments.csv",
    "commitment": lambda address: f"/commitments/{_first().pk}/",
    "speech": lambda address: f"/addresses/{address.slug}/",
    "speeches": lambda address: "/addresses/",
    "feed of updates": lambda address: "/feeds/updates/",
    "feed of an area": lambda address: "/feeds/areas/education/",
    "feed of a speech": lambda address: f"/feeds/addresses/{address.slug}/",
    "feed of a commitment": lambda address: f"/feeds/commitments/{_first().pk}/",
    "calendar": lambda address: "/calendar/",
    "calendar feed": lambda address: "/calendar.ics",
    "embedded scoreboard": lambda address: "/embed/scoreboard/",
    "embedded commitment": lambda address: f"/embed/commitments/{_first().pk}/",
    "sitemap": lambda address: "/sitemap.xml",
    "methodology": lambda address: "/methodology/",
}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_same_queries_at_10_and_500_commitments(client, name):
    address = _speech(500)
    _add(address, range(10))
    url = PAGES[name](address)
    at_10 = _queries(client, url)

    _add(address, range(10, 500))
    at_500 = _queries(client, url)

    assert at_500 == at_10, f"{name}: {at_10} queries at 10, {at_500} at 500"
    assert at_10 <= 12, f"{name}: {at_10} queries"
