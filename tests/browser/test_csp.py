"""Every kind of page under the Content-Security-Policy, in real Chromium: no page
breaks the policy (no inline script or style, no handler attribute, nothing from
another origin), and what runs on the pages still works within it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from addresses.models import Address
from commitments import services as commitment_services
from commitments.models import Extraction, ExtractionState
from dashboard.links import commitment_url
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory, AnalystFactory, CandidateFactory
from tracking.demo import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts; reports each violation the
# browser sees, whatever page it is on when it happens.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    [document.location.pathname, event.violatedDirective, event.blockedURI,
     event.sourceFile + ":" + event.lineNumber, event.sample].join(" | ")
  );
});
"""
SPEECH = (
    "Address on the Year Ahead\n\n"
    "Dear compatriots, the past year was hard for many families.\n\n"
    "I instruct the Government to build 100 new schools by the end of 2026.\n\n"
    "By 2027 the Ministry of Health will open 20 clinics in rural areas.\n"
)


@pytest.fixture
def live_settings(settings: Any) -> None:
    # The live server speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


class Watched:
    """A browser page whose policy violations, and console messages naming the
    policy, are kept in `violations`."""

    def __init__(self, context: Any) -> None:
        self.violations: list[str] = []
        context.expose_function("reportCspViolation", self._report)
        context.add_init_script(REPORT_VIOLATIONS)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.violations.append(str(error)))

    def _report(self, violation: str) -> None:
        self.violations.append(violation)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)

    def visit(self, url: str) -> Any:
        response = self.page.goto(url)
        assert response.status == 200, url
        self.page.wait_for_load_state("networkidle")
        return response


@pytest.fixture
def anonymous(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context)
    context.close()


@pytest.fixture
def analyst(browser: Any, live_server: Any) -> Iterator[Watched]:
    """Signed in as an analyst who is also the site's administrator."""
    ensure_groups()
    client = Client()
    client.force_login(AnalystFactory(is_staff=True, is_superuser=True))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    yield Watched(context)
    context.close()


def _record() -> tuple[Any, Address]:
    """A published commitment with progress, and a speech with pending proposals."""
    commitment = published(
        "Double the output of the mines",
        changes={"deadline": dt.date(2029, 12, 31), "deadline_text": "by 2029"},
    )
    log(
        commitment,
        "in_progress",
        timezone.now() - dt.timedelta(days=30),
        note="Two new **mines** opened.",
        url="https://example.org/report",
        title="Ministry report",
    )
    speech = AddressFactory(text=SPEECH)
    CandidateFactory(
        address=speech,
        quote="I instruct the Government to build 100 new schools by the end of 2026.",
    )
    return commitment, speech


@pytest.mark.usefixtures("live_settings")
def test_public_pages_break_no_policy_and_the_api_docs_render(
    live_server: Any, anonymous: Watched
) -> None:
    commitment, speech = _record()
    for path in (
        "/",
        "/commitments/",
        commitment_url(commitment),
        speech.get_absolute_url(),
        "/addresses/",
        "/calendar/",
        "/methodology/",
        "/accounts/login/",
        "/api/",
        f"/embed/commitments/{commitment.pk}/",
        "/embed/scoreboard/",
        "/ru/",
    ):
        response = anonymous.visit(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page = anonymous.page

    # Swagger UI starts from its separate script and lists the operations.
    anonymous.visit(f"{live_server.url}/api/docs/")
    operations = page.locator(".opblock")
    operations.first.wait_for()
    assert operations.count() >= 10
    assert page.locator(".opblock-summary-path", has_text="/commitments/").count()
    # Redoc renders them too.
    anonymous.visit(f"{live_server.url}/api/docs/redoc/")
    redoc_operations = page.locator("[data-section-id^='operation/']")
    redoc_operations.first.wait_for()
    assert redoc_operations.count() >= 10

    assert not anonymous.violations, "\n".join(anonymous.violations)


@pytest.mark.usefixtures("live_settings")
def test_analyst_pages_break_no_policy_and_their_scripts_work(
    live_server: Any, analyst: Watched, monkeypatch: pytest.MonkeyPatch
) -> None:
    commitment, speech = _record()
    page = analyst.page
    for path in (
        "/analyst/",
        "/analyst/commitments/",
        f"/analyst/commitments/{commitment.pk}/",
        f"/analyst/commitments/{commitment.pk}/progress/",
        "/analyst/submissions/",
        "/analyst/reminders/",
        "/admin/",
        "/admin/commitments/commitment/",
        f"/admin/commitments/commitment/{commitment.pk}/change/",
        f"/admin/commitments/commitment/{commitment.pk}/history/",
    ):
        analyst.visit(f"{live_server.url}{path}")

    # The review page's own script: j selects a proposal, ? opens the key list.
    analyst.visit(f"{live_server.url}/analyst/addresses/{speech.slug}/review/")
    page.keyboard.press("j")
    assert page.locator("li.candidate.is-current").count() == 1
    page.keyboard.press("?")
    assert page.locator("#review-help").is_visible()

    # The import page, then its progress page, which htmx polls until the
    # extraction is done and then follows to the review.
    def queue(address_id: int) -> bool:
        Extraction.objects.filter(pk=address_id).update(
            state=ExtractionState.QUEUED, queued_at=timezone.now()
        )
        return True

    monkeypatch.setattr(commitment_services, "queue_extraction", queue)
    analyst.visit(f"{live_server.url}/analyst/import/")
    page.get_by_label("Paste the text").fill(SPEECH.replace("100", "200"))
    page.get_by_label("Title").fill("Address on the Year Ahead, again")
    page.get_by_label("New speaker's name").fill("Kassym-Jomart Tokayev")
    page.get_by_label("Delivered on").fill("2025-09-08")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/extraction/")
    assert "Queued" in page.locator("#extraction-status").inner_text()
    imported = Address.objects.get(title="Address on the Year Ahead, again")
    commitment_services.run_extraction(imported.pk)
    page.wait_for_url(f"**/analyst/addresses/{imported.slug}/review/", timeout=10000)

    assert not analyst.violations, "\n".join(analyst.violations)
