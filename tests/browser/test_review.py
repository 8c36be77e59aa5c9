"""An analyst reviewing a speech's proposals by keyboard and text selection, in
real Chromium at a desktop and a phone width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from addresses.models import Address
from commitments.models import Candidate, CandidateState
from tests.factories import AddressFactory, AnalystFactory, CandidateFactory
from tracking.demo import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
TEXT = (
    "Address on the future\n"
    "\n"
    "Dear compatriots, this year was hard. We must act.\n"
    "\n"
    "I instruct the Government to build 100 schools by 2025. "
    "We will open 20 clinics in the regions.\n"
    "\n"
    "The state budget will grow by 5% next year.\n"
)
QUOTES = (
    "We must act.",
    "I instruct the Government to build 100 schools by 2025.",
    "We will open 20 clinics in the regions.",
)


def signed_in_context(browser: Any, live_server: Any, width: int) -> Any:
    """A browser context with an analyst's session."""
    ensure_groups()
    client = Client()
    client.force_login(AnalystFactory(username="ana"))
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
    return context


def review_page(live_server: Any, address: Address) -> str:
    return f"{live_server.url}/analyst/addresses/{address.slug}/review/"


def no_horizontal_overflow(page: Any) -> bool:
    return not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


@pytest.fixture
def review_settings(settings: Any) -> None:
    # The live server speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.mark.usefixtures("review_settings")
@pytest.mark.parametrize("width", [1280, 390])
def test_keyboard_drives_the_review(live_server, browser, width):
    address = AddressFactory(text=TEXT)
    first, second, third = (
        CandidateFactory(address=address, quote=quote) for quote in QUOTES
    )
    context = signed_in_context(browser, live_server, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(review_page(live_server, address))
    assert no_horizontal_overflow(page)
    # j, j: the second candidate, its sentence marked in the text; a accepts it.
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"c-{second.pk}"
    marked = page.locator("mark.is-current")
    assert marked.first.get_attribute("data-candidate") == str(second.pk)
    screenshot(page, f"review-{width}-second-candidate.png")
    with page.expect_navigation():
        page.keyboard.press("a")
    second.refresh_from_db()
    assert second.state == CandidateState.ACCEPTED
    assert second.commitment.title == "Build 100 schools by 2025"
    assert "Accepted as" in page.locator(".messages").inner_text()
    # The page is back at the next pending candidate: r focuses its reason.
    assert page.url.endswith(f"#c-{third.pk}")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.locator(":focus").select_option("Too vague")
    # Keys do nothing while a field has the focus.
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.name") == "reason"
    with page.expect_navigation():
        page.locator(f"#c-{third.pk}").get_by_role("button", name="Reject").click()
    third.refresh_from_db()
    assert third.state == CandidateState.REJECTED
    assert third.rejection_reason == "Too vague"
    first.refresh_from_db()
    assert first.is_pending
    # ? lists the keys.
    page.locator("body").focus()
    page.keyboard.press("?")
    dialog = page.locator("#review-help")
    assert dialog.is_visible()
    assert "next / previous candidate" in dialog.inner_text()
    screenshot(page, f"review-{width}-keys.png")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert no_horizontal_overflow(page)
    assert [e for e in errors if "favicon" not in e] == []
    context.close()


@pytest.mark.usefixtures("review_settings")
@pytest.mark.parametrize("width", [1280, 390])
def test_selecting_a_passage_makes_it_a_candidate(live_server, browser, width):
    address = AddressFactory(text=TEXT)
    CandidateFactory(address=address, quote=QUOTES[1])
    context = signed_in_context(browser, live_server, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(review_page(live_server, address))

    wanted = "The state budget will grow by 5% next year."
    page.evaluate(
        """(wanted) => {
            const speech = document.getElementById("review-speech");
            const node = Array.from(speech.querySelectorAll("[data-start]"))
                .find((el) => el.tagName !== "P" && el.textContent.includes(wanted))
                .firstChild;
            const at = node.textContent.indexOf(wanted);
            const range = document.createRange();
            // A selection often takes a space on either side: it is trimmed.
            range.setStart(node, Math.max(0, at - 1));
            range.setEnd(node, at + wanted.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            speech.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        }""",
        wanted,
    )
    button = page.get_by_role("button", name="Make this a commitment").first
    page.locator("[data-make-commitment]").wait_for()
    assert page.locator("[data-make-commitment]").is_visible()
    assert button.is_visible()
    screenshot(page, f"review-{width}-selection.png")
    with page.expect_navigation():
        page.locator("[data-make-commitment]").click()

    added = Candidate.objects.get(quote=wanted)
    assert added.is_pending
    assert page.url.endswith(f"#c-{added.pk}")
    assert page.locator(f"#c-{added.pk}").is_visible()
    assert page.locator(f'mark[data-candidate="{added.pk}"]').inner_text() == wanted
    assert no_horizontal_overflow(page)
    assert [e for e in errors if "favicon" not in e] == []
    context.close()
