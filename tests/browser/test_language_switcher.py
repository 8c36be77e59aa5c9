"""The language switcher in real Chromium, at desktop and phone widths: each language
opens the same page in that language, which fits the screen and logs no console
error."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from dashboard.links import commitment_url
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Which button to press, and what the page then says.
STEPS = [
    ("Русский", "ru", "Обязательства"),
    ("Қазақша", "kk", "Міндеттемелер"),
    ("English", "en", "Commitments"),
]


def _pages() -> dict[str, str]:
    address = AddressFactory(delivered_on=dt.date(2020, 9, 1))
    commitment = published(
        "Double the output of the mines, with a title long enough to wrap twice",
        address=address,
        changes={"deadline": dt.date(2025, 12, 31), "area": "industry"},
    )
    log(commitment, "in_progress", timezone.now() - dt.timedelta(days=30))
    return {
        "commitment": commitment_url(commitment),
        "scoreboard": "/",
        "list": "/commitments/?area=industry",
        "speech": address.get_absolute_url(),
        "speeches": "/addresses/",
        "calendar": "/calendar/?year=2025",
        "methodology": "/methodology/",
    }


def _overflow(page: Any) -> int:
    return int(
        page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_switcher_opens_the_same_page_in_each_language(live_server, browser, width):
    pages = _pages()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []

    def keep_errors(message: Any) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.on("console", keep_errors)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    wrong = []
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        for button, language, word in STEPS:
            page.get_by_role("button", name=button, exact=True).click()
            prefix = "" if language == "en" else f"/{language}"
            expected = f"{live_server.url}{prefix}{path}"
            page.wait_for_url(re.compile(re.escape(expected) + "$"))
            if page.locator("html").get_attribute("lang") != language:
                wrong.append(f"{name} in {language}: <html lang> is not {language}")
            nav = page.get_by_role("navigation", name=re.compile(".")).first
            if word not in nav.inner_text():
                wrong.append(f"{name} in {language}: the menu lacks {word!r}")
            current = page.locator(".language-switch [aria-current='true']")
            if current.get_attribute("lang") != language:
                wrong.append(f"{name} in {language}: the switcher marks another")
            if (overflow := _overflow(page)) > 0:
                wrong.append(f"{name} in {language}: {overflow}px too wide")
    context.close()

    assert wrong == []
    assert errors == []
