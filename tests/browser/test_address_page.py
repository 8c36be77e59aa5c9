"""A reader following a paragraph link and reading an interview, in real Chromium."""

from __future__ import annotations

import pytest

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
