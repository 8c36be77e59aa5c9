"""/healthz: 200 only when pages can really be served."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static(settings, tmp_path):
    """Static files as production serves them: the manifest storage, STATIC_ROOT."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    return settings


def test_healthz_is_unhealthy_before_collectstatic_when_every_page_would_fail(
    client, production_static
):
    client.raise_request_exception = False
    page = client.get("/")
    health = client.get("/healthz")

    assert page.status_code == 500  # the page cannot name its stylesheet
    assert health.status_code == 503
    assert "static files" in health.content.decode()
    assert "collectstatic" in health.content.decode()


def test_healthz_is_ok_once_static_files_are_collected(client, production_static):
    call_command("collectstatic", interactive=False, verbosity=0)

    assert client.get("/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.content == b"ok"


def test_healthz_reads_static_files_from_the_finders_while_debugging(client, settings):
    settings.WHITENOISE_USE_FINDERS = True

    assert client.get("/healthz").status_code == 200


def test_deep_healthz_reports_an_unreachable_broker(client, settings):
    from config.celery import app

    settings.WHITENOISE_USE_FINDERS = True
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        shallow = client.get("/healthz")
        deep = client.get("/healthz?deep=1")
    finally:
        app.conf.broker_url = previous

    assert shallow.status_code == 200
    assert deep.status_code == 503
    assert deep.content.decode().startswith("broker:")


@pytest.mark.redis
def test_deep_healthz_is_ok_with_a_reachable_broker(client, settings):
    from config.celery import app

    settings.WHITENOISE_USE_FINDERS = True
    previous = app.conf.broker_url
    app.conf.broker_url = settings.REDIS_URL
    try:
        response = client.get("/healthz?deep=1")
    finally:
        app.conf.broker_url = previous

    assert response.status_code == 200
