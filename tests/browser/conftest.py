"""Real Chromium (Debian's, driven by Playwright) against a live test server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's services, which a closed
# network refuses many times over.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous, so tell Django they are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_settings(settings: Any) -> None:
    # The live server speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def broker_takes_the_task(monkeypatch: pytest.MonkeyPatch) -> None:
    """The broker accepts the extraction task and no worker runs it yet: the test
    runs it in-process when it wants the proposals in."""
    from django.utils import timezone

    from commitments import services
    from commitments.models import Extraction, ExtractionState

    def queue(address_id: int, **options: object) -> bool:
        Extraction.objects.filter(pk=address_id).update(
            state=ExtractionState.QUEUED, queued_at=timezone.now()
        )
        return True

    monkeypatch.setattr(services, "queue_extraction", queue)
