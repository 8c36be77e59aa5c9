"""htmx is vendored, served with the workspace pages only, and sends the CSRF token."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import AnalystFactory
from tracking.demo import ensure_groups

pytestmark = pytest.mark.django_db

HTMX = "vendor/htmx/2.0.11/htmx.min.js"


@pytest.fixture
def analyst_client(client: Client) -> Client:
    ensure_groups()
    client.force_login(AnalystFactory())
    return client


def test_htmx_is_vendored_with_its_version_and_licence() -> None:
    found = finders.find(HTMX)
    assert found
    folder = Path(str(found)).parent
    assert "htmx" in Path(str(found)).read_text()[:2000]
    assert "Zero-Clause BSD" in (folder / "LICENSE").read_text()
    assert "2.0.11" in (folder / "README.md").read_text()


def test_workspace_pages_load_htmx_deferred_and_send_the_csrf_token(
    analyst_client: Client,
) -> None:
    response = analyst_client.get("/analyst/")
    html = response.content.decode()
    assert re.search(rf'<script src="/static/{re.escape(HTMX)}" defer></script>', html)
    token = response.context["csrf_token"]
    assert f"""<body hx-headers='{{"X-CSRFToken": "{token}"}}'>""" in html
    # No inline script: a strict Content-Security-Policy can forbid them.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_public_pages_do_not_load_htmx(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "htmx" not in html
    assert "<body>" in html


def test_htmx_requests_are_recognised(analyst_client: Client) -> None:
    response: Any = analyst_client.get("/analyst/", headers={"HX-Request": "true"})
    assert response.wsgi_request.htmx
