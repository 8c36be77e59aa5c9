"""The analyst's whole job in the browser, in real Chromium: sign in, import a
speech, watch it read, review its proposals every way (accept, reject with a
reason, merge a restatement into its commitment, add a passage the extractor
missed), log progress from a suggested evidence sentence, and find all of it on
the commitment's public page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from addresses.models import Address
from commitments import services as commitment_services
from commitments.models import Candidate, CandidateState
from dashboard.links import commitment_url
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
)
from tracking.demo import ensure_groups
from tracking.models import ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "correct horse battery staple"  # the factories' password
FIRST = (
    "State of the Nation Address\n\n"
    "Dear compatriots.\n\n"
    "I instruct the Government to build 100 new schools in rural areas by 2025.\n\n"
    "We will raise the salaries of teachers by 25% from January 2021.\n"
)
SCHOOLS = "I instruct the Government to build 100 new schools in rural areas by 2025."
RESTATED = (
    "As I said before, the Government must build 100 new schools in rural areas, "
    "now by 2027."
)
EVIDENCE = "Forty of the 100 new rural schools have already been built and opened."
CLINICS = "By 2027 the Ministry of Health will open 20 clinics in rural areas."
WATER = "The Government will adopt a new Water Code by the end of this year."
VAGUE = "We must all work harder for the good of the country."
MISSED = "Every village deserves clean drinking water and good roads."
LATER = "\n\n".join(
    [
        "Address on the Year Ahead",
        "Dear compatriots, the past year was hard for many families.",
        EVIDENCE.replace("opened.", "opened this year."),
        RESTATED,
        CLINICS,
        WATER,
        VAGUE,
        MISSED,
    ]
)


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)


def act_on(page: Any, candidate: Candidate, button: str) -> None:
    with page.expect_navigation():
        page.locator(f"#c-{candidate.pk}").get_by_role(
            "button", name=button, exact=False
        ).first.click()


def select_in_speech(page: Any, wanted: str) -> None:
    """Select `wanted` in the speech text, as a mouse would."""
    page.evaluate(
        """(wanted) => {
            const speech = document.getElementById("review-speech");
            const node = Array.from(speech.querySelectorAll("[data-start]"))
                .find((el) => el.tagName !== "P" && el.textContent.includes(wanted))
                .firstChild;
            const at = node.textContent.indexOf(wanted);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + wanted.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            speech.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        }""",
        wanted,
    )


@pytest.mark.usefixtures("live_settings", "broker_takes_the_task")
def test_import_review_and_log_progress_all_in_the_browser(live_server, browser):
    analysts, editors = ensure_groups()
    UserFactory(username="ana").groups.add(analysts, editors)
    first = AddressFactory(text=FIRST, delivered_on=dt.date(2020, 9, 1))
    schools = CommitmentFactory(
        candidate=CandidateFactory(
            address=first,
            quote=SCHOOLS,
            deadline=dt.date(2025, 12, 31),
            deadline_text="by 2025",
        ),
        is_published=True,
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Sign in and import the later speech.
    page.goto(f"{live_server.url}/accounts/login/?next=/analyst/import/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/analyst/import/")
    page.get_by_label("Paste the text").fill(LATER)
    page.get_by_label("Title").fill("Address on the Year Ahead")
    page.get_by_label("New speaker's name").fill("Kassym-Jomart Tokayev")
    page.get_by_label("Delivered on").fill("2024-01-03")
    screenshot(page, "1-import")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/extraction/")
    later = Address.objects.get(title="Address on the Year Ahead")
    screenshot(page, "2-progress")

    # The worker reads it; the next poll lands on the review page.
    commitment_services.run_extraction(later.pk)
    page.wait_for_url(f"**/analyst/addresses/{later.slug}/review/", timeout=10000)
    proposed = {c.quote: c for c in Candidate.objects.filter(address=later)}
    assert {RESTATED, CLINICS, WATER, VAGUE} <= set(proposed)
    assert MISSED not in proposed
    screenshot(page, "3-review")

    # Merge the restatement into the commitment it is suggested to restate.
    restated = proposed[RESTATED]
    page.locator(f"#c-{restated.pk}-merge").select_option(str(schools.pk))
    act_on(page, restated, "Merge")
    # Accept two, reject one with a reason.
    act_on(page, proposed[CLINICS], "Accept")
    act_on(page, proposed[WATER], "Accept")
    page.locator(f"#c-{proposed[VAGUE].pk}-reason").select_option("Too vague")
    act_on(page, proposed[VAGUE], "Reject")
    # Add the passage the extractor missed, from a selection of the text.
    select_in_speech(page, MISSED)
    page.locator("[data-make-commitment]").wait_for()
    with page.expect_navigation():
        page.locator("[data-make-commitment]").click()
    screenshot(page, "4-reviewed")

    states = {
        quote: Candidate.objects.get(pk=candidate.pk).state
        for quote, candidate in proposed.items()
    }
    assert states[RESTATED] == CandidateState.MERGED
    assert states[CLINICS] == states[WATER] == CandidateState.ACCEPTED
    assert states[VAGUE] == CandidateState.REJECTED
    assert Candidate.objects.get(pk=proposed[VAGUE].pk).rejection_reason == (
        "Too vague"
    )
    assert Candidate.objects.get(address=later, quote=MISSED).is_pending

    # Log progress from the suggested evidence sentence.
    page.goto(f"{live_server.url}/analyst/addresses/{later.slug}/review/#evidence")
    page.get_by_role("link", name=f"Log progress with this on #{schools.pk}").click()
    page.get_by_label("New rating").select_option("in_progress")
    page.get_by_label("Note").fill("Forty schools of the hundred are open.")
    screenshot(page, "5-log-progress")
    with page.expect_navigation():
        page.get_by_role("button", name="Log progress").click()
    update = ProgressUpdate.objects.get(commitment=schools)
    assert update.status == "in_progress"
    assert update.evidence_address == later
    assert later.text[update.evidence_start : update.evidence_end].startswith(
        EVIDENCE[:-1]
    )
    assert update.evidence_on == later.delivered_on

    # The public page shows both mentions, the moved deadline, the update, the
    # rating's history.
    page.goto(f"{live_server.url}{commitment_url(schools)}")
    main = page.locator("main").inner_text()
    screenshot(page, "6-public-page")
    assert SCHOOLS in main
    assert RESTATED in main
    assert "The goalposts moved" in main
    assert "Forty schools of the hundred are open." in main
    history = page.locator("h2:has-text('Rating history') + table").inner_text()
    assert "In progress" in history
    assert [e for e in errors if "favicon" not in e] == []
    context.close()
