"""The deadline calendar `/calendar/` and its iCalendar feed `/calendar.ics`."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import time_machine

from commitments.models import Commitment
from dashboard.links import commitment_url
from tests.dashboard.helpers import published
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

SITE = "http://uade.example.org"
# After every delivery date the factories give (2000 to 2021).
TODAY = dt.datetime(2022, 6, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _site_url_and_today(settings):
    settings.SITE_URL = SITE
    with time_machine.travel(TODAY, tick=False):
        yield


def due(title: str, deadline: dt.date | None, changes=None, **row) -> Commitment:
    return published(title, changes={"deadline": deadline, **(changes or {})}, **row)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def months_of(response) -> list[tuple[str, list[str]]]:
    return [
        (
            f"{month.first_day:%Y-%m}",
            [item.commitment.title for item in month.items],
        )
        for month in response.context["months"]
    ]


# ------------------------------------------------------------------ the page


def test_the_calendar_groups_a_years_deadlines_by_month(client):
    due("Open schools", dt.date(2021, 3, 31))
    due("Repair roads", dt.date(2021, 3, 1))
    due("Build hospitals", dt.date(2021, 12, 31))
    due("Next year's promise", dt.date(2022, 1, 1))
    due("No deadline", None)

    response = client.get("/calendar/?year=2021")

    assert response.status_code == 200
    assert months_of(response) == [
        ("2021-03", ["Repair roads", "Open schools"]),
        ("2021-12", ["Build hospitals"]),
    ]
    text = text_of(response.content.decode())
    assert "March 2021" in text
    assert "December 2021" in text
    assert "3 commitments fall due in 2021" in text


def test_each_item_shows_its_status_badge_overdue_and_links_to_its_page(client):
    late = due("Open schools", dt.date(2022, 3, 31), status="in_progress")
    kept = due("Repair roads", dt.date(2022, 4, 30), status="achieved")

    html = client.get("/calendar/?year=2022").content.decode()

    assert f'href="{commitment_url(late)}"' in html
    assert f'href="{commitment_url(kept)}"' in html
    assert 'class="status status--in_progress"' in html
    assert 'class="status status--achieved"' in html
    # Only the open one is overdue; the kept one reads "met".
    assert html.count("badge--overdue") == 1
    assert "2 months overdue" in text_of(html)
    assert "met" in text_of(html)


def test_the_default_year_is_this_year(client):
    due("This year", dt.date(2022, 9, 1))
    due("Last year", dt.date(2021, 9, 1))

    response = client.get("/calendar/")

    assert response.context["year"] == 2022
    assert months_of(response) == [("2022-09", ["This year"])]


def test_year_navigation_links_the_years_that_have_deadlines(client):
    for year in (2019, 2021, 2025):
        due(f"Due in {year}", dt.date(year, 6, 30))

    response = client.get("/calendar/?year=2021")
    html = response.content.decode()

    assert response.context["years"] == [2019, 2021, 2025]
    assert 'href="?year=2019" rel="prev"' in html
    assert 'href="?year=2025" rel="next"' in html
    for year in (2019, 2025):
        assert client.get(f"/calendar/?year={year}").context["months"]


def test_a_year_without_deadlines_says_so_and_offers_the_others(client):
    due("Due in 2025", dt.date(2025, 6, 30))

    response = client.get("/calendar/?year=2023")

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "No published commitment falls due in 2023" in text
    assert 'href="?year=2025"' in response.content.decode()


@pytest.mark.parametrize("year", ["abc", "20x1", "-5", "1800", "99999", "٢٠٢١"])
def test_a_malformed_or_impossible_year_is_not_found(client, year):
    assert client.get(f"/calendar/?year={year}").status_code == 404


def test_unpublished_commitments_are_left_out_of_the_calendar_and_its_years(client):
    due("A public promise", dt.date(2021, 5, 1))
    due("A secret promise", dt.date(2024, 5, 1), is_published=False)
    due("Another secret", dt.date(2021, 5, 2), is_published=False)

    response = client.get("/calendar/?year=2021")

    assert months_of(response) == [("2021-05", ["A public promise"])]
    assert response.context["years"] == [2021]
    assert "secret" not in response.content.decode().lower()


# ----------------------------------------------------------------- the .ics


def parse_ics(client) -> icalendar.Calendar:
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_ics_has_one_all_day_event_per_published_deadline(client):
    schools = due(
        "Open schools",
        dt.date(2021, 12, 31),
        status="in_progress",
        changes={"deadline_text": "by the end of the year"},
    )
    roads = due("Repair roads", dt.date(2022, 3, 1))
    due("No deadline", None)
    due("A secret promise", dt.date(2021, 7, 1), is_published=False)

    events = parse_ics(client).walk("VEVENT")

    assert len(events) == 2
    by_uid = {str(event["UID"]): event for event in events}
    event = by_uid[f"commitment-{schools.pk}@uade.example.org"]
    assert event.decoded("DTSTART") == dt.date(2021, 12, 31)
    assert event.decoded("DTEND") == dt.date(2022, 1, 1)
    assert str(event["SUMMARY"]) == "Due: Open schools"
    assert str(event["URL"]) == SITE + commitment_url(schools)
    description = str(event["DESCRIPTION"])
    assert "Status: In progress" in description
    assert "by the end of the year" in description
    assert SITE + commitment_url(schools) in description
    assert f"commitment-{roads.pk}@uade.example.org" in by_uid


def test_the_ics_uids_are_stable_across_fetches_and_changes(client):
    commitment = due("Open schools", dt.date(2021, 12, 31))
    first = [str(event["UID"]) for event in parse_ics(client).walk("VEVENT")]

    Commitment.objects.filter(pk=commitment.pk).update(
        title="Open twenty schools", status="achieved"
    )
    again = parse_ics(client).walk("VEVENT")

    assert [str(event["UID"]) for event in again] == first
    assert "Status: Achieved" in str(again[0]["DESCRIPTION"])


def test_the_ics_escapes_what_the_format_reserves(client):
    due("Roads; bridges, and rails", dt.date(2021, 12, 31))

    body = client.get("/calendar.ics").content.decode()
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")

    assert "Due: Roads; bridges, and" in str(event["SUMMARY"])
    assert "SUMMARY:Due: Roads\\; bridges\\, and" in body


def test_the_calendar_page_links_its_ics(client):
    html = client.get("/calendar/").content.decode()

    assert 'href="/calendar.ics"' in html
    assert 'type="text/calendar"' in html.split("</head>")[0]


# ------------------------------------------------------------- query counts


@pytest.mark.parametrize("count", [10, 60])
def test_calendar_queries_do_not_grow_with_the_record(
    client, django_assert_num_queries, count
):
    address = AddressFactory()
    for number in range(count):
        due(
            f"Promise {number}",
            dt.date(2021, 1 + number % 12, 1 + number % 28),
            address=address,
        )

    # The year's commitments, and the years that have deadlines.
    with django_assert_num_queries(2):
        response = client.get("/calendar/?year=2021")
    # Every published deadline, in one query.
    with django_assert_num_queries(1):
        events = parse_ics(client).walk("VEVENT")

    assert sum(len(month.items) for month in response.context["months"]) == count
    assert len(events) == count
