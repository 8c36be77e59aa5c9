"""A reader following a paragraph link and reading an interview, in real Chromium,
with the published commitments marked in the text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dashboard.links import commitment_url
from tests.dashboard.helpers import published
from tests.factories import AddressFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTERVIEW = (
    "– What will the Government do about roads?\n\n"
    "– We will build 24,000 kilometres of roads by 2025.\n\n"
    "Repairs will start in spring.\n\n"
    "– And schools?\n\n"
    "– Every village will have one.\n"
)


def test_paragraph_link_scrolls_to_and_highlights_its_paragraph(live_server, page):
    address = AddressFactory(text=INTERVIEW, kind="interview")

    page.goto(f"{live_server.url}{address.get_absolute_url()}#p-3")

    target = page.locator("#p-3")
    assert target.inner_text().startswith("Repairs will start in spring.")
    assert target.is_visible()
    # :target styling marks the linked paragraph for the reader.
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_interview_turns_are_labelled_question_and_answer(live_server, page):
    address = AddressFactory(
        text=INTERVIEW, kind="interview", speaker__name="Aigerim Nurlanovna"
    )

    page.goto(f"{live_server.url}{address.get_absolute_url()}")

    labels = page.locator(".turn-label").all_inner_texts()
    assert [label.strip().upper() for label in labels] == [
        "QUESTION",
        "ANSWER · AIGERIM NURLANOVNA",
        "QUESTION",
        "ANSWER · AIGERIM NURLANOVNA",
    ]
    # The continuation paragraph belongs to the answer without a label of its own.
    assert "segment--answer" in page.locator("#p-3").get_attribute("class")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_content(live_server, page):
    page.goto(f"{live_server.url}/addresses/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_quote_link_scrolls_to_its_paragraph_with_the_commitment_marked(
    live_server, page
):
    address = AddressFactory(text=INTERVIEW, kind="interview")
    commitment = published(
        "Build 24,000 kilometres of roads",
        address=address,
        quote="We will build 24,000 kilometres of roads by 2025.",
        status="in_progress",
    )

    page.goto(f"{live_server.url}{commitment_url(commitment)}")
    page.get_by_role("link", name=re.compile(r"¶ 2")).click()

    page.wait_for_url(re.compile(r"#p-2$"))
    target = page.locator("#p-2")
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    mark = target.locator("mark.highlight")
    assert mark.inner_text() == "We will build 24,000 kilometres of roads by 2025."
    assert mark.is_visible()
    tag = target.locator("a.commitment-tag")
    assert tag.locator(".status").inner_text().split() == ["▶", "In", "progress"]
    assert tag.get_attribute("href") == commitment_url(commitment)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_speech_page_with_commitments_fits_the_screen(live_server, page, width):
    address = AddressFactory(text=INTERVIEW, kind="interview")
    published(
        "Build roads",
        address=address,
        quote="We will build 24,000 kilometres of roads by 2025.",
        status="partially_achieved",
    )
    errors: list[str] = []

    def keep_errors(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep_errors)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{live_server.url}{address.get_absolute_url()}")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert errors == []
    assert page.locator(".scorecard").is_visible()
