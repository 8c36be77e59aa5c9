"""An analyst signs in, imports a short pasted speech, watches its extraction and
lands on the review page, in real Chromium at a desktop and a phone width."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from addresses.models import Address
from commitments import services as commitment_services
from tests.factories import UserFactory
from tracking.demo import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "correct horse battery staple"  # the factories' password
SPEECH = (
    "Address on the Year Ahead\n\n"
    "Dear compatriots, the past year was hard for many families.\n\n"
    "I instruct the Government to build 100 new schools by the end of 2026.\n\n"
    "By 2027 the Ministry of Health will open 20 clinics in rural areas.\n"
)


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def no_horizontal_overflow(page: Any) -> bool:
    return not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.mark.usefixtures("live_settings", "broker_takes_the_task")
@pytest.mark.parametrize("width", [1280, 390])
def test_import_a_pasted_speech_watch_it_read_and_land_on_review(
    live_server: Any, browser: Any, width: int
) -> None:
    analysts, _ = ensure_groups()
    UserFactory(username="ana").groups.add(analysts)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Sign in, and on to the workspace's import page.
    page.goto(f"{live_server.url}/accounts/login/?next=/analyst/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/analyst/")
    assert no_horizontal_overflow(page)
    screenshot(page, f"import-{width}-1-home.png")
    page.get_by_role("link", name="Import a speech").click()
    page.wait_for_url(f"{live_server.url}/analyst/import/")

    # A refusal first: a date in the future, shown beside its field.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Paste the text").fill(SPEECH)
    page.get_by_label("Title").fill("Address on the Year Ahead")
    page.get_by_label("New speaker's name").fill("Kassym-Jomart Tokayev")
    page.get_by_label("Delivered on").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    assert "is in the future" in page.locator("#id_delivered_on_error").inner_text()
    assert not Address.objects.exists()
    assert no_horizontal_overflow(page)
    screenshot(page, f"import-{width}-2-refused.png")

    # Then the right date: saved, and the extraction's progress follows.
    page.get_by_label("Delivered on").fill("2025-09-08")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/extraction/")
    address = Address.objects.get()
    status = page.locator("#extraction-status")
    assert "Queued" in status.inner_text()
    assert status.get_attribute("hx-trigger") == "every 2s"
    assert no_horizontal_overflow(page)
    screenshot(page, f"import-{width}-3-progress.png")

    # The worker reads it; the next poll lands on the review page.
    commitment_services.run_extraction(address.pk)
    page.wait_for_url(f"**/analyst/addresses/{address.slug}/review/", timeout=10000)
    assert "Review: Address on the Year Ahead" in page.locator("h1").inner_text()
    assert "reviewed" in page.locator("#review-progress").inner_text()
    assert no_horizontal_overflow(page)
    screenshot(page, f"import-{width}-4-review.png")
    assert [e for e in errors if "favicon" not in e] == []
    context.close()
