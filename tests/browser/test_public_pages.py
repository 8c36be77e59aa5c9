"""Every main public page, in real Chromium at desktop and phone widths: it fits the
screen (no sideways scrolling) and logs no console error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from commitments import services as commitment_services
from dashboard.links import commitment_url
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory, CandidateFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATER = (
    "Address on progress\n"
    "\n"
    "We will double the output of the mines by 2029, as I said before.\n"
)


def _record() -> dict[str, str]:
    """A small record with every kind of content the pages show."""
    first = AddressFactory(delivered_on=dt.date(2020, 9, 1))
    mines = published(
        "Double the output of the mines, with a title long enough to wrap twice",
        address=first,
        changes={
            "deadline": dt.date(2025, 12, 31),
            "deadline_text": "by 2025",
            "target": "double the output",
            "area": "industry",
        },
    )
    later = AddressFactory(text=LATER, delivered_on=dt.date(2024, 3, 1))
    candidate = CandidateFactory(
        address=later,
        quote="We will double the output of the mines by 2029, as I said before.",
        deadline=dt.date(2029, 12, 31),
        deadline_text="by 2029",
    )
    commitment_services.merge_candidate(candidate.pk, mines.pk, reviewer=UserFactory())
    log(
        mines,
        "in_progress",
        timezone.now() - dt.timedelta(days=400),
        note="Two new mines opened.",
        url="https://example.org/a/very/long/evidence/link/that/must/wrap/" + "x" * 80,
        title="Ministry report",
    )
    log(mines, "stalled", timezone.now() - dt.timedelta(days=30))
    published("Open 10 hospitals", status="broken", changes={"area": "health"})
    return {
        "scoreboard": "/",
        "list": "/commitments/?goalposts_moved=1",
        "commitment": commitment_url(mines),
        "speech": later.get_absolute_url(),
        "speeches": "/addresses/",
        "calendar": "/calendar/",
        "methodology": "/methodology/",
        "API quick start": "/api/",
        "API docs": "/api/docs/",
        "scoreboard in Kazakh": "/kk/",
        "commitment in Russian": "/ru" + commitment_url(mines),
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_fit_the_screen_without_console_errors(live_server, browser, width):
    urls = _record()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []

    def keep_errors(message: Any) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.on("console", keep_errors)
    overflowing = []
    for name, url in urls.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None
        assert response.status == 200, name
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        if overflow > 0:
            overflowing.append(f"{name} by {overflow}px")
    context.close()

    assert overflowing == []
    assert errors == []


def test_the_goalposts_sit_side_by_side_on_a_desktop_and_stack_on_a_phone(
    live_server, browser
):
    url = _record()["commitment"]
    tops = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{live_server.url}{url}")
        sides = page.locator(".goalposts__side")
        assert sides.count() == 2
        tops[width] = [sides.nth(i).bounding_box()["y"] for i in range(2)]
        context.close()

    assert tops[1280][0] == tops[1280][1]
    assert tops[390][1] > tops[390][0]
