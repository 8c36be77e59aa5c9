"""The workspace home in real Chromium: a list pages on its own with htmx (only that
list changes, and the address follows), at a desktop and a phone width."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import AnalystFactory, CommitmentFactory
from tracking.demo import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.mark.usefixtures("live_settings")
@pytest.mark.parametrize("width", [1280, 390])
def test_the_overdue_list_pages_in_place(
    live_server: Any, browser: Any, width: int
) -> None:
    ensure_groups()
    analyst = AnalystFactory(username="ana")
    today = timezone.localdate()
    for number in range(12):
        CommitmentFactory(
            assignee=analyst,
            changes={
                "title": f"Overdue number {number:02}",
                "deadline": today - dt.timedelta(days=40 - number),
            },
        )
    client = Client()
    client.force_login(analyst)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/analyst/")
    overdue = page.locator("#overdue")
    assert "Overdue number 00" in overdue.inner_text()
    assert "Overdue number 11" not in overdue.inner_text()
    page.evaluate("window.marker = 'same page'")
    overdue.get_by_role("link", name="Next →").click()
    page.wait_for_url("**/analyst/?overdue=2*")
    page.locator("#overdue", has_text="Overdue number 11").wait_for()
    # htmx swapped the list alone: the page (and its script state) stayed.
    assert page.evaluate("window.marker") == "same page"
    assert "Overdue number 00" not in page.locator("#overdue").inner_text()
    # The other lists kept their first page.
    assert "Overdue number 00" in page.locator("#late").inner_text()
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{width}.png"), full_page=True)
    assert [e for e in errors if "favicon" not in e] == []
    context.close()
