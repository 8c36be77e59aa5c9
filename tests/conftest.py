"""Test set-up shared by the whole suite.

Tests that need PostgreSQL, Redis or Chromium carry the `postgres`, `redis` or
`browser` marker. Without the service they skip; with `REQUIRE_SERVICES=1` (as in CI)
they fail instead, so a missing service can never pass silently.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pytest_django.fixtures import Settings

DEMO_SEEDS = Path(__file__).resolve().parent.parent / "demo" / "seeds"


def _postgres_available() -> bool:
    return "postgresql" in django_settings.DATABASES["default"]["ENGINE"]


def _redis_available() -> bool:
    url = django_settings.REDIS_URL
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return shutil.which("chromium") is not None or Path("/usr/bin/chromium").exists()


SERVICES: dict[str, tuple[Callable[[], bool], str]] = {
    "postgres": (_postgres_available, "needs PostgreSQL: set DATABASE_URL"),
    "redis": (_redis_available, "needs Redis: set REDIS_URL to a running server"),
    "browser": (_browser_available, "needs Chromium at /usr/bin/chromium"),
}


@pytest.fixture(autouse=True)
def _broker_not_known_down() -> None:
    # A failed send makes imports skip the broker for a few seconds in that
    # process (commitments.services.queue_extraction); one test's outage must not
    # reach the next.
    from commitments import services

    services._queue_unreachable_until = 0.0


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # The record's version goes back when a test's transaction is rolled back, so
    # what one test kept must not be found by the next (addresses.versioning).
    from django.core.cache import cache

    cache.clear()


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, (is_available, reason) in SERVICES.items():
        if item.get_closest_marker(marker) and not is_available():
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail(f"{reason} (REQUIRE_SERVICES=1 forbids skipping)")
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _celery_eager() -> Iterator[None]:
    """Run tasks in-process unless a test starts a real worker: unit tests must not
    leave messages on a broker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Start and end every test in the default language: a request to /ru/ or /kk/
    leaves its language active in the thread, which would translate the next test's
    URLs and words."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings: Settings) -> None:
    # Reminder tests plan schedules months ahead; the horizon's own tests shorten it.
    settings.UADE_REMINDER_HORIZON_DAYS = 400
    # The API's throttle counts in the cache, which outlives a test: its own tests
    # lower the rate again.
    settings.UADE_API_ANON_RATE = "100000/min"
    settings.UADE_API_POLL_SETTLE_SECONDS = 0
    settings.CACHES = {
        **django_settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    # Hashing test passwords properly costs a third of a second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests do not run collectstatic.
    settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def seed_bytes() -> Callable[[str], bytes]:
    """Read a demo seed file by name."""
    return lambda name: (DEMO_SEEDS / name).read_bytes()
