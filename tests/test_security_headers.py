"""The production settings' security: the headers every kind of response carries (a
strict Content-Security-Policy, nosniff, a referrer policy, framing refused except
for the embed cards), HSTS and secure cookies, `check --deploy` without a warning,
no start without a secret key, and weak passwords refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard.links import commitment_url
from tests import commands
from tests.dashboard.helpers import log, published
from tests.factories import AnalystFactory, CandidateFactory, UserFactory
from tracking.demo import ensure_groups

PASSWORD = "correct horse battery staple"  # the factories' password
STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


# What the policy forbids in a page: a style attribute or element, a script element
# without src, an event-handler attribute, a javascript: link.
INLINE = re.compile(
    r'style="|<style|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+="|javascript:', re.I
)


def policy(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy, by directive."""
    directives = (
        part.split() for part in response["Content-Security-Policy"].split(";")
    )
    return {name: sources for name, *sources in directives}


def assert_protected(response, url: str) -> None:
    assert response.status_code in (200, 302), url
    assert policy(response) == STRICT, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url


@pytest.mark.django_db
def test_public_pages_api_and_docs_send_the_strict_policy_and_headers(client):
    commitment = published("Build ten schools")
    speech = commitment.mentions.get().address
    for url in (
        "/",
        "/addresses/",
        speech.get_absolute_url(),
        "/commitments/",
        commitment_url(commitment),
        "/calendar/",
        "/methodology/",
        "/ru/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/api/",
        "/api/v1/commitments/",
        "/api/v1/commitments/?format=csv",
        "/api/schema/",
        "/api/docs/",
        "/api/docs/?script",
        "/admin/login/",
    ):
        assert_protected(client.get(url), url)


@pytest.mark.django_db
def test_errors_and_plain_text_answers_send_the_strict_policy(client):
    # (/healthz is a 503 unless some test has collected the static files.)
    for url, statuses in (
        ("/no-such-page/", {404}),
        ("/api/v1/no-such-thing/", {404}),
        ("/healthz", {200, 503}),
    ):
        response = client.get(url)
        assert response.status_code in statuses, url
        assert policy(response) == STRICT, url
        assert response["X-Content-Type-Options"] == "nosniff", url


@pytest.mark.django_db
def test_analyst_and_admin_pages_send_the_strict_policy_and_headers(client):
    ensure_groups()
    commitment = published("Build ten schools")
    client.force_login(AnalystFactory(is_staff=True, is_superuser=True))
    for url in (
        "/analyst/",
        "/analyst/import/",
        f"/analyst/commitments/{commitment.pk}/",
        "/admin/",
        f"/admin/commitments/commitment/{commitment.pk}/change/",
    ):
        assert_protected(client.get(url), url)


def admin_pages() -> list[str]:
    """Every registered model's list, add, change and history pages."""
    urls = []
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        urls.append(reverse(f"{name}_add"))
        row = model._default_manager.first()
        if row is not None:
            urls.append(reverse(f"{name}_change", args=[row.pk]))
            urls.append(reverse(f"{name}_history", args=[row.pk]))
    return urls


@pytest.mark.django_db
def test_no_page_holds_inline_script_style_or_handlers(client):
    ensure_groups()
    commitment = published("Build ten schools")
    log(
        commitment,
        "in_progress",
        timezone.now() - dt.timedelta(days=3),
        note="Two **schools** opened.",
        url="https://example.org/report",
        title="Ministry report",
    )
    speech = CandidateFactory().address
    client.force_login(AnalystFactory(is_staff=True, is_superuser=True))
    urls = [
        "/",
        commitment_url(commitment),
        f"/commitments/{commitment.pk}/suggest/",
        "/analyst/",
        "/analyst/submissions/",
        "/analyst/reminders/",
        f"/analyst/commitments/{commitment.pk}/progress/",
        f"/analyst/addresses/{speech.slug}/review/",
        "/api/",
        "/api/docs/",
        "/api/docs/redoc/",
        *admin_pages(),
    ]

    shown = 0
    for url in urls:
        response = client.get(url)
        # Some add pages are refused: their rows are made by Uade, not by hand.
        assert response.status_code in (200, 403), url
        shown += response.status_code == 200
        found = INLINE.findall(response.content.decode())
        assert found == [], (url, found)
    assert shown > 40


@pytest.mark.django_db
def test_redoc_alone_allows_inline_styles_and_only_with_this_responses_nonce(client):
    first = client.get("/api/docs/redoc/")
    second = client.get("/api/docs/redoc/")

    directives = policy(first)
    assert {name: directives[name] for name in STRICT if name != "style-src"} == {
        **{name: STRICT[name] for name in STRICT if name != "style-src"},
        "img-src": ["'self'", "data:", "https://cdn.redoc.ly"],
    }
    [nonce] = re.findall(r'data-nonce="([^"]+)"', first.content.decode())
    assert f"'nonce-{nonce}'" in directives["style-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert f"'nonce-{nonce}'" not in policy(second)["style-src"]
    # No inline script: Redoc starts from a file.
    assert "<script>" not in first.content.decode()


@pytest.mark.django_db
def test_embed_cards_alone_may_be_framed(client):
    commitment = published("Build ten schools")
    for url in (f"/embed/commitments/{commitment.pk}/", "/embed/scoreboard/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Frame-Options" not in response, url
        directives = policy(response)
        assert directives["frame-ancestors"] == ["*"], url
        # The rest of the policy holds in the frame.
        assert {name: directives[name] for name in STRICT if name in directives} == {
            **STRICT,
            "frame-ancestors": ["*"],
        }, url
    framed_elsewhere = client.get(commitment_url(commitment))
    assert policy(framed_elsewhere)["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_https_responses_carry_hsts(client):
    response = client.get("/", secure=True)
    assert (
        response["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
    assert "Strict-Transport-Security" not in client.get("/")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_one_http_only():
    UserFactory(username="ana")
    client = Client()

    form = client.get("/accounts/login/", secure=True)
    csrf_cookie = form.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"] is True
    signed_in = client.post(
        "/accounts/login/",
        {"username": "ana", "password": PASSWORD},
        secure=True,
    )

    assert signed_in.status_code == 302
    session_cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("sunshine", id="short"),
        pytest.param("password123", id="common"),
        pytest.param("4815162342", id="numeric"),
        pytest.param("aigerim.nurlanovna", id="like the username"),
    ],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="aigerim.nurlanovna", email="aigerim@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_unusual_passphrase_is_accepted():
    user = get_user_model()(username="aigerim.nurlanovna")
    validate_password("steppe wind over the Charyn canyon", user=user)


def manage(
    *args: str, tmp_path: Path, **variables: str
) -> subprocess.CompletedProcess[str]:
    """Run manage.py with only the environment given (none of the tests' own)."""
    env = {
        "PATH": os.environ["PATH"],
        "UADE_VAR_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "uade.example.org",
        "DJANGO_DEBUG": "0",
        **variables,
    }
    return commands.manage(*args, env=env)


def test_production_settings_pass_check_deploy_without_a_warning(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", tmp_path=tmp_path, DJANGO_SECRET_KEY="")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    debugging = manage(
        "check", tmp_path=tmp_path, DJANGO_SECRET_KEY="", DJANGO_DEBUG="1"
    )
    assert debugging.returncode == 0, debugging.stderr


def test_debugging_sends_the_same_policy_as_production(tmp_path):
    show = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY))"
    )
    policies = [
        manage(
            "shell",
            "--no-imports",
            "-c",
            show,
            tmp_path=tmp_path,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_DEBUG=debug,
        )
        for debug in ("0", "1")
    ]

    production, debugging = (json.loads(result.stdout) for result in policies)
    assert production == debugging
    assert production["DIRECTIVES"]["script-src"] == ["'self'"]
