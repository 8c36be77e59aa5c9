"""Faults on the way to extraction: the broker down, a worker child or a whole
worker killed mid-task. Real PostgreSQL, Redis and Celery workers; nothing is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

from addresses.models import Address
from commitments import services
from commitments.models import Candidate, Extraction, ExtractionState
from config.celery import app
from tests import commands
from tests.factories import AddressFactory
from tests.integration.conftest import (
    ROOT,
    _database_url,
    second_connection,
    wait_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

SPEECH = """The State of the Nation

I instruct the Government to adopt a new Water Code by the end of the year.

By 2027, we will build 3,000 kilometres of new roads.
"""
# Nothing listens here: a Redis that is down.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _environment(settings, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "EMAIL_URL": "",
        "UADE_VAR_DIR": str(tmp_path),
        **extra,
    }


def _state(address_id: int) -> str:
    return Extraction.objects.get(pk=address_id).state


def test_import_with_redis_down_keeps_the_speech_and_its_pending_extraction(
    settings, tmp_path, celery_worker_queue
):
    speech = tmp_path / "speech.txt"
    speech.write_text(SPEECH, encoding="utf-8")
    env = _environment(settings, tmp_path, REDIS_URL=UNREACHABLE_REDIS)

    imported = commands.manage(
        "import_address", str(speech), "--title", "Address", "--speaker",
        "A. President", "--date", "2025-09-01", env=env,
    )  # fmt: skip

    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr
    assert "extraction pending: the task queue is unreachable" in imported.stdout
    address = Address.objects.get()
    assert _state(address.pk) == ExtractionState.PENDING

    # Importing it again is refused as a duplicate, and changes nothing.
    again = commands.manage(
        "import_address", str(speech), "--title", "Address", "--speaker",
        "A. President", "--date", "2025-09-01", env=env,
    )  # fmt: skip
    assert again.returncode == 2
    assert "already imported" in again.stderr

    # With the broker back, the command queues what is pending; a worker runs it.
    call_command("refresh_candidates", "--pending")
    assert wait_for(lambda: _state(address.pk) == ExtractionState.DONE)
    assert Candidate.objects.filter(address=address).count() == 2


def test_a_manifest_imports_every_entry_while_redis_is_down(settings, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{SPEECH}\nSpeech {name}.\n", encoding="utf-8")
    entries = [
        {"file": name, "title": f"Speech {name}", "speaker": "A. President",
         "delivered_on": "2025-09-01"}
        for name in ("a.txt", "b.txt")
    ]  # fmt: skip
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(entries), encoding="utf-8")

    result = commands.manage(
        "import_addresses",
        str(manifest),
        env=_environment(settings, tmp_path, REDIS_URL=UNREACHABLE_REDIS),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("extraction pending") == 2
    assert sorted(Extraction.objects.values_list("state", flat=True)) == [
        ExtractionState.PENDING,
        ExtractionState.PENDING,
    ]


@contextmanager
def _address_locked(address_id: int) -> Iterator[None]:
    """Hold the address's row lock from another connection, so an extraction of it
    waits inside its task until we let go."""
    other = second_connection(autocommit=False)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM addresses_address WHERE id = %s FOR UPDATE",
                [address_id],
            )
        yield
    finally:
        other.rollback()
        other.close()


@contextmanager
def _worker(
    settings, tmp_path: Path, queue: str, *, pool: str, **extra: str
) -> Iterator[subprocess.Popen[str]]:
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            f"--pool={pool}", "--concurrency=1", "--without-mingle",
            "--without-gossip", "-Q", queue, "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=_environment(settings, tmp_path, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()  # a warm shutdown, letting the running task finish
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            output, _ = worker.communicate()
        sys.stdout.write(output[-3000:])


@pytest.fixture
def own_queue() -> Iterator[str]:
    queue = f"uade-test-{uuid.uuid4().hex[:8]}"
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_always_eager, app.conf.task_default_queue = previous


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The parent's pid is the second field after the parenthesised name.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def test_a_pool_child_killed_mid_task_gives_the_message_back(
    settings, tmp_path, own_queue
):
    address = AddressFactory(text=SPEECH)
    Extraction.objects.create(address=address)
    with _worker(settings, tmp_path, own_queue, pool="prefork") as worker:
        with _address_locked(address.pk):
            assert services.queue_extraction(address.pk)
            assert wait_for(lambda: _state(address.pk) == ExtractionState.RUNNING)
            children = _children(worker.pid)
            assert len(children) == 1
            os.kill(children[0], signal.SIGKILL)  # as the out-of-memory killer would
            # The pool replaces the child; the message comes back rather than
            # being acknowledged and lost.
            assert wait_for(lambda: Extraction.objects.get(pk=address.pk).runs == 2)
        assert wait_for(lambda: _state(address.pk) == ExtractionState.DONE)
    assert Candidate.objects.filter(address=address).count() == 2


def test_a_whole_worker_killed_mid_task_is_redelivered_after_the_visibility_timeout(
    settings, tmp_path, own_queue
):
    address = AddressFactory(text=SPEECH)
    Extraction.objects.create(address=address)
    short = {"UADE_BROKER_VISIBILITY_TIMEOUT": "3"}
    with (
        _address_locked(address.pk),
        _worker(settings, tmp_path, own_queue, pool="solo", **short) as first,
    ):
        assert services.queue_extraction(address.pk)
        assert wait_for(lambda: _state(address.pk) == ExtractionState.RUNNING)
        os.killpg(first.pid, signal.SIGKILL)  # no chance to give anything back
        first.wait()
    time.sleep(4)  # let the visibility timeout pass

    with _worker(settings, tmp_path, own_queue, pool="solo", **short):
        assert wait_for(lambda: _state(address.pk) == ExtractionState.DONE)
    extraction = Extraction.objects.get(pk=address.pk)
    assert extraction.runs == 2
    assert Candidate.objects.filter(address=address).count() == 2
