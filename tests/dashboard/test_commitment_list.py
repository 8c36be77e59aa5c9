"""The public list `/commitments/`: published only, filters, search, sorting,
pagination and the CSV of the same view."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone

from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
LIST = "/commitments/"
CSV = "/commitments.csv"


def titles(client, query: str = "") -> list[str]:
    response = client.get(LIST + query)
    assert response.status_code == 200
    return [commitment.title for commitment in response.context["commitments"]]


def csv_rows(client, query: str = "") -> list[dict[str, str]]:
    response = client.get(CSV + query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


# ------------------------------------------------------------ published only


def test_list_counts_and_csv_show_published_commitments_only(client):
    published("Build ten schools")
    published("A hidden promise about water", is_published=False)

    response = client.get(LIST)

    assert titles(client) == ["Build ten schools"]
    assert response.context["page_obj"].paginator.count == 1
    assert "A hidden promise about water" not in response.content.decode()
    assert [row["title"] for row in csv_rows(client)] == ["Build ten schools"]


def test_search_never_finds_an_unpublished_commitment(client):
    published("Build ten schools on water", is_published=False)

    assert titles(client, "?q=water") == []
    assert csv_rows(client, "?q=water") == []


def test_nothing_published_says_so(client):
    content = client.get(LIST).content.decode()

    assert "No commitments are published yet" in content


# ---------------------------------------------------------------- filters


def test_status_filter_takes_several_statuses(client):
    published("Rated achieved", status="achieved")
    published("Rated broken", status="broken")
    published("Not rated")

    assert sorted(titles(client, "?status=achieved&status=broken")) == [
        "Rated achieved",
        "Rated broken",
    ]
    assert titles(client, "?status=not_rated") == ["Not rated"]


def test_area_filter(client):
    published("On schools", changes={"area": "education"})
    published("On clinics", changes={"area": "health"})

    assert titles(client, "?area=health") == ["On clinics"]


def test_actor_filter_matches_part_of_the_name(client):
    published("Build roads", changes={"actor": "Ministry of Transport"})
    published("Build clinics", changes={"actor": "Ministry of Health"})

    assert titles(client, "?actor=transport") == ["Build roads"]


def test_speech_and_speaker_filters_use_slugs(client):
    speaker = SpeakerFactory(name="Aigerim Test")
    first = AddressFactory(speaker=speaker)
    second = AddressFactory()
    published("Said first", address=first)
    published("Said elsewhere", address=second)

    assert titles(client, f"?speech={first.slug}") == ["Said first"]
    assert titles(client, f"?speaker={speaker.slug}") == ["Said first"]


def test_an_unknown_speech_shows_nothing_and_says_why(client):
    published("Said first")

    response = client.get(LIST + "?speech=no-such-speech")

    assert list(response.context["commitments"]) == []
    assert "Some filters could not be read" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_deadline_range(client):
    published("Due 2020", changes={"deadline": dt.date(2020, 12, 31)})
    published("Due 2025", changes={"deadline": dt.date(2025, 12, 31)})
    published("Due 2030", changes={"deadline": dt.date(2030, 12, 31)})

    query = "?deadline_after=2021-01-01&deadline_before=2029-12-31"
    assert titles(client, query) == ["Due 2025"]
    assert titles(client, "?deadline_before=2021-01-01") == ["Due 2020"]
    # The form shows the range it applied.
    assert 'value="2021-01-01"' in client.get(LIST + query).content.decode()


@time_machine.travel(NOW, tick=False)
def test_overdue_is_past_deadline_and_not_final(client):
    published("Late and open", changes={"deadline": TODAY - dt.timedelta(days=1)})
    published(
        "Late but achieved",
        changes={"deadline": TODAY - dt.timedelta(days=1)},
        status="achieved",
    )
    published("Due today", changes={"deadline": TODAY})

    assert titles(client, "?overdue=true") == ["Late and open"]
    assert sorted(titles(client, "?overdue=false")) == [
        "Due today",
        "Late but achieved",
    ]


def test_updated_since_looks_at_the_latest_update(client):
    old = published("Updated long ago")
    recent = published("Updated lately")
    never = published("Never updated")
    log(old, "in_progress", dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC))
    log(recent, "in_progress", dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC))
    log(recent, "stalled", dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC))

    assert titles(client, "?updated_since=2025-01-01") == ["Updated lately"]
    assert never.title not in titles(client, "?updated_since=2000-01-01")


# ---------------------------------------------------------------- sorting


@time_machine.travel(NOW, tick=False)
def test_most_overdue_first_then_the_nearest_deadlines(client):
    published("Overdue a year", changes={"deadline": dt.date(2025, 6, 1)})
    published("Overdue a month", changes={"deadline": dt.date(2026, 5, 15)})
    published("Due next year", changes={"deadline": dt.date(2027, 1, 1)})
    published("Due next month", changes={"deadline": dt.date(2026, 7, 1)})
    published("No deadline")
    published(
        "Missed, but final",
        changes={"deadline": dt.date(2020, 1, 1)},
        status="broken",
    )

    expected = [
        "Overdue a year",
        "Overdue a month",
        "Missed, but final",
        "Due next month",
        "Due next year",
        "No deadline",
    ]
    assert titles(client) == expected
    assert titles(client, "?sort=overdue") == expected


def test_sort_by_deadline(client):
    published("Later", changes={"deadline": dt.date(2030, 1, 1)})
    published("None")
    published("Sooner", changes={"deadline": dt.date(2022, 1, 1)})

    assert titles(client, "?sort=deadline") == ["Sooner", "Later", "None"]


def test_sort_by_recently_updated(client):
    first = published("Updated first")
    second = published("Updated second")
    published("Never updated")
    log(first, "in_progress", dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC))
    log(second, "in_progress", dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC))

    assert titles(client, "?sort=updated") == [
        "Updated second",
        "Updated first",
        "Never updated",
    ]


def test_sort_by_oldest_promise(client):
    # Each factory address is delivered a day after the one before.
    published("Made first")
    published("Made second")

    assert titles(client, "?sort=oldest") == ["Made first", "Made second"]


# ----------------------------------------------------------------- search


@pytest.mark.postgres
def test_full_text_search_on_postgresql_stems_and_reads_the_quotes(client):
    address = AddressFactory(
        text="Opening.\n\nWe will modernise every rural clinic by 2030.\n"
    )
    published(
        "Clinics",
        address=address,
        quote="We will modernise every rural clinic by 2030.",
    )
    published("Roads", changes={"target": "2,000 km of roads"})
    published("Schools", changes={"summary": "New schools in the regions"})

    assert titles(client, "?q=clinics+modernised") == ["Clinics"]  # stemmed, quote
    assert titles(client, "?q=road") == ["Roads"]  # the target, stemmed
    assert titles(client, "?q=school+regions") == ["Schools"]  # every word
    assert titles(client, "?q=hospitals") == []


def test_search_fallback_matches_substrings_when_not_on_postgresql(client):
    if connection.vendor == "postgresql":
        pytest.skip("the icontains fallback is for SQLite")
    address = AddressFactory(text="Opening.\n\nWe will modernise every rural clinic.\n")
    published("Clinics", address=address, quote="We will modernise every rural clinic.")
    published("Roads", changes={"actor": "Ministry of Transport"})

    assert titles(client, "?q=RURAL clin") == ["Clinics"]
    assert titles(client, "?q=transport") == ["Roads"]


def test_a_commitment_matching_in_several_quotes_is_listed_once(client):
    commitment = published("Schools, said twice")
    address = commitment.mentions.get().address
    commitment.mentions.create(
        address=address, start=0, end=7, quote=address.text[:7], kind="restated"
    )

    assert titles(client, "?q=schools") == ["Schools, said twice"]


# ------------------------------------------------------- pagination and CSV


def test_pages_of_25_whose_links_keep_the_filters(client):
    address = AddressFactory()
    for number in range(30):
        published(f"Road {number:02}", address=address, changes={"area": "regions"})
    published("A clinic", address=address, changes={"area": "health"})

    first = client.get(LIST + "?area=regions&sort=oldest")
    second = client.get(LIST + "?area=regions&sort=oldest&page=2")

    assert len(first.context["commitments"]) == 25
    assert first.context["page_obj"].paginator.count == 30
    assert "?area=regions&amp;sort=oldest&amp;page=2" in first.content.decode()
    assert [c.title for c in second.context["commitments"]] == [
        f"Road {number:02}" for number in range(25, 30)
    ]


def test_csv_holds_every_page_of_the_filtered_view_in_its_order(client):
    address = AddressFactory()
    for number in range(30):
        published(
            f"Road {number:02}",
            address=address,
            changes={"area": "regions", "deadline": dt.date(2040, 1, 1 + number % 28)},
        )
    published("A clinic", address=address, changes={"area": "health"})
    query = "?area=regions&sort=deadline"

    response = client.get(CSV + query)
    rows = csv_rows(client, query)
    pages = titles(client, query) + titles(client, query + "&page=2")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["title"] for row in rows] == pages
    assert len(rows) == 30


@time_machine.travel(NOW, tick=False)
def test_csv_columns(client):
    address = AddressFactory()
    commitment = published(
        "=Build roads",
        address=address,
        changes={
            "deadline": dt.date(2025, 12, 31),
            "area": "regions",
            "type": "spending",
            "actor": "Ministry of Transport",
            "target": "2,000 km",
        },
        status="in_progress",
    )

    [row] = csv_rows(client)

    assert row == {
        "id": str(commitment.pk),
        "title": "'=Build roads",  # never run as a spreadsheet formula
        "status": "in_progress",
        "deadline": "2025-12-31",
        "overdue": "yes",
        "area": "regions",
        "type": "spending",
        "actor": "Ministry of Transport",
        "target": "2,000 km",
        "first_made_on": address.delivered_on.isoformat(),
        "speech": address.slug,
        "url": f"http://127.0.0.1:8000/commitments/{commitment.pk}-build-roads/",
    }


def test_the_page_links_to_the_csv_of_the_same_filters(client):
    published("Build roads", status="achieved")

    content = client.get(LIST + "?status=achieved&page=1").content.decode()

    assert 'href="/commitments.csv?status=achieved"' in content


def test_statuses_read_as_words_with_icons(client):
    published("Build roads", status="broken")

    content = client.get(LIST).content.decode()

    assert 'class="status status--broken"' in content
    assert "✖</span> Not achieved" in content


# ------------------------------------------------------------ query counts


def _make(count: int) -> None:
    address = AddressFactory()
    for number in range(count):
        commitment = published(f"Promise {number}", address=address)
        if number % 3 == 0:
            log(commitment, "in_progress", timezone.now())


@pytest.mark.parametrize("count", [10, 60])
def test_list_queries_do_not_grow_with_the_page(
    client, django_assert_max_num_queries, count
):
    _make(count)

    # The record's version, the count, the page's ids, its rows, their speeches,
    # and the speech and speaker choices.
    with django_assert_max_num_queries(7):
        response = client.get(LIST + "?sort=updated")

    assert len(response.context["commitments"]) == min(count, 25)


@pytest.mark.parametrize("count", [10, 60])
def test_csv_queries_do_not_grow_with_the_rows(
    client, django_assert_max_num_queries, count
):
    _make(count)

    # The rows and their speeches, once per 500 rows.
    with django_assert_max_num_queries(2):
        rows = csv_rows(client)

    assert len(rows) == count


def test_every_filter_field_has_its_label(client):
    content = client.get(LIST).content.decode()

    for name in ("q", "area", "actor", "speech", "speaker", "overdue", "sort"):
        assert f'for="id_{name}"' in content, name
    for part in ("deadline_after", "deadline_before"):
        field_id = re.search(rf'name="{part}"[^>]*id="([^"]+)"', content)
        assert field_id, part
        assert f'for="{field_id[1]}"' in content
    assert 'name="updated_since"' in content
