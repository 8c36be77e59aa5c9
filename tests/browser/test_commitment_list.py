"""A reader filtering the public commitment list by status, in real Chromium."""

from __future__ import annotations

import pytest

from tests.dashboard.helpers import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_ticking_statuses_filters_the_list_to_them(live_server, browser, width):
    published("Build 100 schools", status="achieved")
    published("Open 10 hospitals", status="broken")
    published("Pave 500 km of roads", status="in_progress")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/commitments/")
    page.get_by_role("checkbox", name="Achieved", exact=True).check()
    page.get_by_role("checkbox", name="Not achieved", exact=True).check()
    page.get_by_role("button", name="Show commitments").click()
    page.wait_for_load_state()

    listed = page.locator("main table tbody").inner_text()
    assert "status=achieved" in page.url
    assert "status=broken" in page.url
    assert "Build 100 schools" in listed
    assert "Open 10 hospitals" in listed
    assert "Pave 500 km of roads" not in listed
    assert page.get_by_role("checkbox", name="Achieved", exact=True).is_checked()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflow
    assert [e for e in errors if "favicon" not in e] == []
    context.close()
