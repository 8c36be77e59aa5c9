"""A real Celery worker, in its own process, on Redis and the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def second_connection(*, autocommit: bool = True) -> Any:
    """Another connection to the test database, beside Django's own (to hold a lock
    it must wait for, or to end its backend)."""
    import psycopg2

    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    other.autocommit = autocommit
    return other


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worker's UADE_VAR_DIR; with no EMAIL_URL, its email lands in `outbox/`."""
    return tmp_path_factory.mktemp("worker-var")


@pytest.fixture
def celery_worker_queue(settings: Any, worker_var_dir: Path) -> Iterator[str]:
    """Start a worker consuming a queue of its own; tasks sent now go to it."""
    queue = f"uade-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        # Empty rather than unset, so a local .env cannot point it at a real server.
        "EMAIL_URL": "",
        "UADE_VAR_DIR": str(worker_var_dir),
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "-Q",
            queue,
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        sys.stdout.write(output[-4000:])


def wait_for(predicate: Callable[[], bool], *, timeout: float = 60.0) -> bool:
    """Poll until `predicate()` holds (the worker works in another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False
