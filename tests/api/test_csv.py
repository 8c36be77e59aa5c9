"""CSV of the API's lists: flat documented columns, every row, streamed."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone

from tests.dashboard.helpers import log, published

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200, response.content
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


@time_machine.travel(dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC), tick=False)
def test_commitments_csv_has_the_documented_columns(client):
    commitment = published(
        "=HYPERLINK(1)",
        changes={"deadline": "2021-12-31", "actor": "Ministry", "target": "100"},
    )
    updated_at = dt.datetime(2026, 1, 2, 3, 0, tzinfo=dt.UTC)
    log(commitment, "in_progress", updated_at)
    speech = commitment.mentions.get().address.slug

    table = rows(client.get("/api/v1/commitments/?format=csv"))

    assert table == [
        [
            "id",
            "title",
            "status",
            "deadline",
            "overdue",
            "area",
            "type",
            "actor",
            "target",
            "first_made_on",
            "speech",
            "last_updated_at",
            "url",
        ],
        [
            str(commitment.pk),
            "'=HYPERLINK(1)",
            "in_progress",
            "2021-12-31",
            "yes",
            "education",
            "outcome",
            "Ministry",
            "100",
            commitment.first_made_on.isoformat(),
            speech,
            timezone.localtime(updated_at).isoformat(),
            f"http://127.0.0.1:8000/commitments/{commitment.pk}/",
        ],
    ]


def test_csv_by_accept_header_gives_every_row_not_a_page(client):
    for number in range(3):
        published(f"Commitment {number}")

    table = rows(
        client.get("/api/v1/commitments/", {"page_size": 1}, HTTP_ACCEPT="text/csv")
    )

    assert len(table) == 4


def test_csv_takes_the_filters(client):
    published("Health", changes={"area": "health", "deadline": "2020-01-01"})
    published("Education", changes={"deadline": "2020-01-01"})

    table = rows(client.get("/api/v1/commitments/?area=health&overdue=true&format=csv"))

    assert [row[1] for row in table[1:]] == ["Health"]


def test_updates_and_speeches_csv_columns(client):
    commitment = published("Logged")
    update = log(commitment, "stalled", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    updates = rows(client.get("/api/v1/updates/?format=csv"))
    speeches = rows(client.get("/api/v1/addresses/?format=csv"))

    assert updates[0] == [
        "id",
        "commitment",
        "status",
        "created_at",
        "evidence_kind",
        "evidence_title",
        "evidence_url",
        "evidence_on",
        "evidence_speech",
        "reason",
        "note",
        "commitment_url",
    ]
    assert updates[1][:3] == [str(update.pk), str(commitment.pk), "stalled"]
    assert speeches[0] == [
        "slug",
        "title",
        "speaker",
        "kind",
        "delivered_on",
        "venue",
        "language",
        "source_url",
        "url",
    ]
    assert len(speeches) == 2


def test_speakers_and_areas_csv(client):
    published("One")

    speakers = rows(client.get("/api/v1/speakers/?format=csv"))
    areas = client.get("/api/v1/areas/?format=csv")
    table = list(csv.reader(io.StringIO(areas.content.decode())))

    assert speakers[0] == ["slug", "name", "role"]
    assert len(speakers) == 2
    assert areas["Content-Type"] == "text/csv; charset=utf-8"
    assert table[0] == ["code", "label", "commitments", "commitments_url"]
    assert table[9][:3] == ["education", "Education", "1"]


def test_a_detail_offers_no_csv(client):
    commitment = published("One")

    response = client.get(f"/api/v1/commitments/{commitment.pk}/?format=csv")

    assert response.status_code == 404
