"""Polling progress updates by cursor: every update once, however they arrive."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.dashboard.helpers import log, published
from tests.factories import UserFactory
from tracking import services as tracking_services
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def poll(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_following_next_reads_every_update_once_while_more_are_logged(client):
    commitment = published("Watched")
    logged = [
        log(commitment, "in_progress", START + dt.timedelta(minutes=minute))
        for minute in range(5)
    ]
    seen = []

    page = poll(client, "/api/v1/updates/?page_size=2")
    seen += [row["id"] for row in page["results"]]
    # Logged between two pages, and two at the very same moment.
    at = START + dt.timedelta(hours=1)
    logged += [log(commitment, "stalled", at), log(commitment, "stalled", at)]
    while page["has_more"]:
        page = poll(client, page["next"])
        seen += [row["id"] for row in page["results"]]
    # Later still: the kept cursor gives only what is new.
    logged.append(log(commitment, "achieved", at + dt.timedelta(days=1)))
    later = poll(client, page["next"])
    seen += [row["id"] for row in later["results"]]

    assert seen == [update.pk for update in logged]
    assert later["has_more"] is False


def test_a_rating_loaded_with_a_past_date_is_not_skipped(client):
    commitment = published("Watched")
    other = published("Loaded later")
    log(commitment, "in_progress", START)
    first = poll(client, "/api/v1/updates/")

    loaded = tracking_services.record_progress_update(
        other.pk,
        author=UserFactory(),
        status="achieved",
        evidence=tracking_services.Evidence(
            kind=EvidenceKind.NEWS_REPORT, url="https://example.org/news"
        ),
        rated_at=START - dt.timedelta(days=30),
    )
    again = poll(client, first["next"])

    assert [row["id"] for row in again["results"]] == [loaded.pk]


def test_an_empty_poll_keeps_the_cursor(client):
    commitment = published("Quiet")
    log(commitment, "in_progress", START)
    first = poll(client, "/api/v1/updates/")

    again = poll(client, first["next"])

    assert again == {"next": first["next"], "has_more": False, "results": []}


def test_updates_younger_than_the_settling_time_wait_for_the_next_poll(
    client, settings
):
    settings.UADE_API_POLL_SETTLE_SECONDS = 5
    commitment = published("Fresh")
    now = timezone.now()
    update = log(commitment, "in_progress", now)

    with time_machine.travel(now + dt.timedelta(seconds=1), tick=False):
        assert poll(client, "/api/v1/updates/")["results"] == []
    with time_machine.travel(now + dt.timedelta(seconds=6), tick=False):
        rows = poll(client, "/api/v1/updates/")["results"]

    assert [row["id"] for row in rows] == [update.pk]


def test_a_cursor_this_api_did_not_give_is_a_400(client):
    response = client.get("/api/v1/updates/?cursor=not-a-cursor")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "cursor": ["Not a cursor this API gave; start again without one."]
    }
