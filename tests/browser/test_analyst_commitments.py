"""Analysts' commitment pages in real Chromium: a conflicting edit from a second
browser is shown side by side and nothing is lost; the list and the commitment page
fit a phone and a desktop without console errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from commitments.models import Commitment
from tests.factories import AnalystFactory, CommitmentFactory
from tracking.demo import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def screenshot(page: Any, name: str) -> None:
    """Keep what the page looked like (local runs; var/ is not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def signed_in(browser: Any, live_server: Any, username: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on(
        "console",
        lambda message: (
            page.errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def has_overflow(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth > "
            "document.documentElement.clientWidth"
        )
    )


def test_a_conflicting_edit_is_shown_side_by_side_and_nothing_is_lost(
    live_server, browser
):
    ensure_groups()
    AnalystFactory(username="ana")
    AnalystFactory(username="bo")
    commitment = CommitmentFactory(changes={"title": "Build schools", "target": ""})
    url = f"{live_server.url}/analyst/commitments/{commitment.pk}/"
    first = signed_in(browser, live_server, "ana")
    second = signed_in(browser, live_server, "bo")
    first.goto(url)
    second.goto(url)

    # The first analyst saves a new title and target.
    first.locator("#id_title").fill("Build 100 schools")
    first.locator("#id_target").fill("100 schools")
    first.get_by_role("button", name="Save changes").click()
    first.wait_for_load_state()
    assert "Saved." in first.locator("main").inner_text()

    # The second, on the page loaded before, saves another title and a summary.
    second.locator("#id_title").fill("Build 200 schools")
    second.locator("#id_summary").fill("Rural schools first.")
    second.get_by_role("button", name="Save changes").click()
    second.wait_for_load_state()

    table = second.locator("table.conflict-table")
    assert table.is_visible()
    screenshot(second, "commitment-conflict.png")
    rows = {
        row.get_attribute("data-field"): row.inner_text()
        for row in table.locator("tr.conflict-row").all()
    }
    assert set(rows) == {"title", "summary", "target"}
    assert "Build 100 schools" in rows["title"]
    assert "Build 200 schools" in rows["title"]
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.title, stored.summary) == ("Build 100 schools", "")

    second.locator("input[name=keep_title][value=yours]").check()
    second.locator("input[name=keep_summary][value=yours]").check()
    second.locator("input[name=keep_target][value=theirs]").check()
    second.get_by_role("button", name="Save my choices").click()
    second.wait_for_load_state()
    assert "Saved." in second.locator("main").inner_text()

    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.title, stored.summary, stored.target) == (
        "Build 200 schools",
        "Rural schools first.",
        "100 schools",
    )
    assert first.errors == []
    assert second.errors == []
    first.context.close()
    second.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_list_and_the_commitment_page_fit_without_console_errors(
    live_server, browser, width
):
    ensure_groups()
    analyst = AnalystFactory(username="ana")
    long_word = "Infrastructure" * 20
    for number in range(30):
        CommitmentFactory(
            changes={"title": f"Commitment {number} {long_word}"},
            assignee=analyst if number % 2 else None,
        )
    commitment = Commitment.objects.order_by("id").first()
    assert commitment is not None
    page = signed_in(browser, live_server, "ana", width)

    page.goto(f"{live_server.url}/analyst/commitments/?sort=title")
    assert "30 commitments match" in page.locator("main").inner_text()
    assert not has_overflow(page)
    screenshot(page, f"commitments-{width}-list.png")
    page.get_by_role("link", name="Next →").click()
    page.wait_for_load_state()
    assert "page 2 of 2" in page.locator("main").inner_text()
    assert "sort=title" in page.url

    for path in (
        f"/analyst/commitments/{commitment.pk}/",
        f"/analyst/commitments/{commitment.pk}/progress/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert not has_overflow(page), path
        screenshot(page, f"commitments-{width}-{path.strip('/').replace('/', '-')}.png")
    assert [e for e in page.errors if "favicon" not in e] == []
    page.context.close()
