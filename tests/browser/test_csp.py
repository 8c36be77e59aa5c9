"""Every kind of page under the Content-Security-Policy, in real Chromium: no page
breaks the policy (no inline script or style, no handler attribute, nothing from
another origin), and what runs on the pages still works within it."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from addresses.models import Address
from commitments import services as commitment_services
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


@pytest.mark.usefixtures("live_settings", "broker_takes_the_task")
def test_analyst_pages_break_no_policy_and_their_scripts_work(
    live_server: Any, analyst: Watched
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


@pytest.fixture
def newsroom() -> Iterator[Callable[..., str]]:
    """Another site, on an origin of its own: serves an article framing the given
    pages, and answers with the article's address. It is 127.0.0.1 where the live
    server is localhost: another origin, yet as local, for Chromium lets no public
    site frame a local one whatever the policy says."""
    frames: list[str] = []

    class Article(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = "".join(
                f'<iframe id="frame-{number}" src="{url}"></iframe>'
                for number, url in enumerate(frames)
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def article(*urls: str) -> str:
        frames[:] = urls
        return f"http://127.0.0.1:{server.server_port}/article"

    yield article
    server.shutdown()
    thread.join()


@pytest.mark.usefixtures("live_settings")
def test_another_site_may_frame_the_embed_card_and_no_other_page(
    live_server: Any, browser: Any, newsroom: Callable[..., str]
) -> None:
    commitment, _ = _record()
    article = newsroom(
        f"{live_server.url}/embed/commitments/{commitment.pk}/",
        f"{live_server.url}{commitment_url(commitment)}",
    )
    context = browser.new_context()
    page = context.new_page()
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "frame-ancestors" in message.text else None
        ),
    )
    page.goto(article)
    page.wait_for_load_state("networkidle")

    card = page.frame_locator("#frame-0").locator(".embed-card__title")
    assert card.inner_text() == commitment.title
    # The commitment's own page is refused: the frame shows Chromium's error page.
    refused = page.frame_locator("#frame-1")
    assert refused.get_by_text(commitment.title).count() == 0
    assert len(refusals) == 1
    assert "frame-ancestors 'none'" in refusals[0]
    context.close()
