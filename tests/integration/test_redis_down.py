"""Redis made unreachable: the site keeps serving from the database, imports are
saved with their extraction pending, and the cache is used again once Redis is back.

The server is the real one (gunicorn on the test database) with Redis as the shared
cache, throttle counter and broker, pointed at a port where nothing listens or at a
server that accepts connections and never answers (a blackholed Redis).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.test import Client

from addresses.models import Address
from commitments.models import ExtractionState
from config.cache import TolerantRedisCache
from tests.dashboard.helpers import published
from tests.factories import UserFactory
from tests.integration.conftest import ROOT, _database_url, wait_for
from tracking.demo import ensure_groups

SPEECH = (
    "Address to the Nation\n\n"
    "I instruct the Government to build 100 new schools by the end of 2026.\n\n"
    "By 2027 the Ministry of Health will open 20 new clinics in rural areas.\n"
)
UNREACHABLE_LINE = "Redis is unreachable"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def blackholed_redis() -> Iterator[str]:
    """A server that accepts connections and never answers: every read times out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:  # the listener was closed: the test is over
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()
    for connection in held:
        connection.close()


@pytest.fixture(params=["refused", "blackholed"])
def dead_redis_url(request: pytest.FixtureRequest) -> str:
    if request.param == "refused":
        return f"redis://127.0.0.1:{_free_port()}/0"
    return str(request.getfixturevalue("blackholed_redis"))


@pytest.fixture
def server(settings, tmp_path: Path, dead_redis_url: str) -> Iterator[tuple[str, Path]]:
    """gunicorn serving Uade with `dead_redis_url` as its Redis; its base URL and
    log file."""
    port = _free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": dead_redis_url,
        "UADE_SHARED_CACHE": "1",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_DEBUG": "1",  # static files from the finders, no collectstatic
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "EMAIL_URL": "",
        "UADE_VAR_DIR": str(tmp_path),
    }
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "config.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", "1",
                "--timeout", "120", "--error-logfile", "-",
                "--control-socket", str(tmp_path / "gunicorn.ctl"),
            ],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _answers(f"{base}/healthz"), timeout=30), (
            log.read_text()
        )
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:  # not listening yet, or still booting
        return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pages_api_and_import_answer_while_redis_is_unreachable(
    server: tuple[str, Path],
) -> None:
    base, log = server
    commitment = published("Build 100 new schools")
    analyst = UserFactory(username="ana")
    analyst.groups.add(ensure_groups()[0])
    signed_in = Client()
    signed_in.force_login(analyst)
    browser = requests.Session()
    browser.cookies.set("sessionid", signed_in.cookies["sessionid"].value)

    public_pages = [
        "/",
        "/commitments/",
        f"/commitments/{commitment.pk}/",
        "/api/v1/commitments/",
        "/api/v1/stats/",
        f"/api/v1/commitments/{commitment.pk}/",
    ]
    for _round in range(2):  # the second round meets Redis already known to be down
        for path in public_pages:
            response = requests.get(f"{base}{path}", timeout=30, allow_redirects=True)
            assert response.status_code == 200, (path, response.text[:500])
    assert (
        "Build 100 new schools" in requests.get(f"{base}/commitments/", timeout=30).text
    )
    assert requests.get(f"{base}/api/v1/stats/", timeout=30).json()["total"] == 1

    home = browser.get(f"{base}/analyst/", timeout=30)
    assert home.status_code == 200
    assert "Sign in" not in home.text

    form = browser.get(f"{base}/analyst/import/", timeout=30)
    assert form.status_code == 200
    imported = browser.post(
        f"{base}/analyst/import/",
        data={
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "title": "Address to the Nation",
            "new_speaker": "A. President",
            "kind": "address",
            "delivered_on": "2025-09-08",
            "language": "en",
            "text": SPEECH,
        },
        headers={"Referer": f"{base}/analyst/import/"},
        timeout=120,
        allow_redirects=False,
    )
    assert imported.status_code == 302, imported.text[:2000]
    address = Address.objects.get(title="Address to the Nation")
    assert address.extraction.state == ExtractionState.PENDING

    output = log.read_text()
    assert "Traceback" not in output
    assert output.count(UNREACHABLE_LINE) == 1, output

    # Once Redis is back (here: the in-process eager queue), what was left pending
    # is caught up.
    call_command("refresh_candidates", "--pending")
    address.extraction.refresh_from_db()
    assert address.extraction.state == ExtractionState.DONE


@contextmanager
def _redis_server(port: int, directory: Path) -> Iterator[None]:
    """A private, throwaway redis-server on `port` that keeps nothing on disk."""
    process = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server") or "redis-server", "--port", str(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(directory),
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert wait_for(lambda: _pings(port), timeout=10)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _pings(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_connect_timeout=1).ping())
    except redis.ConnectionError:
        return False


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_the_cache_is_skipped_while_redis_is_down_and_used_again_once_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = _free_port()
    cache = TolerantRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "backoff_seconds": 0.2}},
    )
    caplog.set_level(logging.INFO, logger="config.cache")

    with _redis_server(port, tmp_path):
        cache.set("kept", "before")
        assert cache.get("kept") == "before"

    # Down: reads miss, writes are dropped, and "building" markers are granted.
    for _ in range(20):
        assert cache.get("kept") is None
        cache.set("other", "while down")
        assert cache.add("built-by", "me") is True
        assert cache.get_many(["kept", "other"]) == {}
        assert cache.incr("counter") == 1
    assert caplog.text.count(UNREACHABLE_LINE) == 1

    with _redis_server(port, tmp_path):
        assert wait_for(
            lambda: cache.add("after", "back") and cache.get("after") == "back",
            timeout=10,
        )
        cache.set("kept", "again")
        assert cache.get("kept") == "again"
        # A marker is a real one again: a second add of it is refused.
        assert cache.add("built-by", "me") is True
        assert cache.add("built-by", "another") is False
    assert caplog.text.count(UNREACHABLE_LINE) == 1
    assert caplog.text.count("Redis is reachable again") == 1
