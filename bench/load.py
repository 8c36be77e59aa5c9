"""Many users at once against the whole service, with faults injected while they run.

`python -m bench load [--users 50] [--seconds 120] [--faults redis,db,smtp,worker]`
(`python -m bench faults` is all four). The service is started here and nowhere
else: a database of its own (`<configured name>_load`, migrated fresh, dropped at
the end) loaded by `generate_synthetic`, gunicorn with production settings on
loopback, a real Celery worker, a private redis-server on a free port (so that it
can be made unreachable without touching anyone else's), and an SMTP server
(bench.mailbox). No beat runs: the sweeps a beat would send are sent here.

Users are threads. Readers ask the public pages, feeds, CSV and API; analysts sign
in and use the workspace forms with their CSRF tokens (log progress, edit a
commitment at its version, accept or reject candidates on the review page); writers
use API keys (log progress, PATCH a commitment with If-Match, import a speech).
Every write carries a token of its own (a note, a title), and its answer is kept;
afterwards the database is asked for each token: a write answered with success and
not found exactly once is lost. A 409/412, or the form's conflict page, between two
analysts editing the same commitment is an expected answer, counted apart.

Each fault has a window, from its injection until the service answers again (a
probe asks a page and the API until both succeed); a request that overlaps no window
must not fail. Inside a window a failure is *clean* when it is an HTTP answer, and
*dropped* when the connection failed with none.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import environ
import psycopg2
import redis
import requests
from celery import Celery

from bench.mailbox import Mailbox
from bench.postgres import autocommit_cursor
from bench.web import ROOT, Server, _free_port, percentiles

USERS = 50
SECONDS = 120
FAULTS = ("redis", "db", "smtp", "worker")
WORKERS = 4
COMMITMENTS = 300
ADDRESSES = 12
# Each user's part, by its number: readers, workspace analysts, API writers.
ROLES = ("reader", "reader", "analyst", "reader", "writer")
EDIT_POOL = 6  # commitments every editor edits, so that analysts conflict
MAIL_RECIPIENTS = 5  # people with one overdue commitment each, for the mail fault
IMPORT_EVERY_SECONDS = 20  # at most one import a writer in this long
# "Recovers by itself": a bound for waiting, not a target; a fault whose service
# has not answered again by then failed its check.
RECOVERY_BOUND = 30.0
SPEECH = """Address on {token}

I instruct the Government to adopt a new Water Code by the end of the year.

By 2030, we will open {number} new schools in the region of {token}.
"""


@dataclass(frozen=True)
class Schedule:
    """When the faults start, how long each lasts, and the pause between them."""

    start: float = 10.0
    redis_outage: float = 20.0
    # Hung rather than shut down: the harder case, where every client waits for
    # its timeout (an import then waits on the broker for most of a minute).
    redis_hangs: bool = True
    db_kills: int = 3
    db_every: float = 5.0
    smtp_outage: float = 20.0
    gap: float = 5.0
    # A broker message whose worker died unseen comes back after this long (the
    # worker fault); longer than any task of the run takes.
    visibility_timeout: int = 10

    @classmethod
    def short(cls) -> Schedule:
        """CI's: each fault brief, Redis shut down (refusing at once) not hung."""
        return cls(
            start=3,
            redis_outage=4,
            redis_hangs=False,
            db_kills=2,
            db_every=2,
            smtp_outage=3,
            gap=2,
            visibility_timeout=4,
        )


@dataclass
class Request:
    kind: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer (the connection failed)
    error: str = ""


@dataclass
class Write:
    kind: str
    token: str
    target: int | None  # the commitment or candidate written to
    status: int | None
    outcome: str  # ok, conflict, refused, error
    returned_id: int | None = None


@dataclass
class Window:
    fault: str
    injected: float
    recovered: float | None = None


@dataclass
class Shared:
    """What every user thread reads and the run collects."""

    base: str
    started: float
    stop: threading.Event
    published: list[int]
    progress_pool: list[int]
    edit_pool: list[int]
    slugs: list[str]
    candidates: dict[int, list[tuple[int, str]]]  # analyst number -> its candidates
    analysts: list[tuple[str, str]]
    keys: list[str]
    ready: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[Request] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)  # titles, every import sent
    client_errors: list[str] = field(default_factory=list)

    def now(self) -> float:
        return time.monotonic() - self.started


# --------------------------------------------------------------------- the service


class Service:
    """The database, redis-server, SMTP server, Celery worker and gunicorn of one
    run; `close()` stops them all and drops the database."""

    def __init__(self, database_url: str, folder: Path, schedule: Schedule) -> None:
        self.folder = folder
        server = environ.Env.db_url_config(database_url)
        self.name = f"{server['NAME']}_load"
        self.admin = {
            "dbname": "postgres",
            "user": server["USER"] or None,
            "password": server["PASSWORD"] or None,
            "host": server["HOST"] or None,
            "port": server["PORT"] or None,
        }
        parts = urllib.parse.urlsplit(database_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        self.redis_port = _free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.mailbox = Mailbox(_free_port())
        self.redis: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.workers_started = 0
        # Workers that exited, and when (seconds on `clock`), restarted at once as
        # the deployment's `restart: unless-stopped` does (docker-compose.yml).
        self.worker_exits: list[dict[str, Any]] = []
        self.clock = time.monotonic
        self.supervising = threading.Event()
        self.web: Server | None = None
        self.env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "REDIS_URL": self.redis_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            # Plain HTTP on loopback: the users' cookies must travel without TLS.
            "DJANGO_SECURE_COOKIES": "0",
            "UADE_SHARED_CACHE": "1",
            "UADE_CACHE_PREFIX": f"load-{uuid.uuid4().hex[:8]}",
            # The throttles stay in the path, at rates the users never reach.
            "UADE_API_ANON_RATE": "1000000/min",
            "UADE_API_USER_RATE": "1000000/min",
            "UADE_API_KEY_RATE": "1000000/min",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.mailbox.port}",
            "EMAIL_TIMEOUT": "5",
            # Sweeps are sent by hand here, seconds apart: a failed reminder is due
            # again at the next one rather than five minutes on.
            "UADE_REMINDER_RETRY_MINUTES": "0",
            "UADE_BROKER_VISIBILITY_TIMEOUT": str(schedule.visibility_timeout),
            "LOG_LEVEL": "WARNING",
        }
        self.broker = Celery("uade-load", broker=self.redis_url)
        self.broker.conf.broker_connection_timeout = 3
        self.broker.conf.broker_connection_retry_on_startup = False

    def start(self, *, workers: int) -> None:
        with self._admin() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{self.name}"')
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        _say(f"database {self.name} migrated")
        self.manage(
            "generate_synthetic",
            "--commitments", str(COMMITMENTS),
            "--updates", str(COMMITMENTS * 3),
            "--addresses", str(ADDRESSES),
            "--seed", "1",
        )  # fmt: skip
        self.start_redis()
        self.mailbox.start()
        self.start_worker()
        threading.Thread(target=self.supervise, daemon=True).start()
        self.web = Server(self.env, workers=workers)
        _say(f"serving on port {self.web.port}")

    def start_redis(self) -> None:
        """redis-server on its port; its data survives `stop_redis()` (saved on
        shutdown, read back here), as a restarted Redis's does."""
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("the load test starts a redis-server: none is installed")
        self.redis = subprocess.Popen(  # noqa: S603
            [
                binary,
                "--port", str(self.redis_port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.redis_port)
        _until(lambda: _pings(client), 10, "redis-server did not start")

    def stop_redis(self) -> None:
        with contextlib.suppress(redis.ConnectionError):  # it goes before answering
            redis.Redis(port=self.redis_port).shutdown(save=True)
        if self.redis is not None:
            self.redis.wait(timeout=30)

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def start_worker(self) -> None:
        self.workers_started += 1
        logs = ROOT / "var" / "load"
        logs.mkdir(parents=True, exist_ok=True)
        # Kept after the run (var/ is not committed), for whoever reads a failure.
        log = (logs / f"worker-{self.workers_started}.log").open("wb")
        self.worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker",
                "--pool=prefork", "--concurrency=2", "--without-mingle",
                "--without-gossip", "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: killed whole, children too
        )  # fmt: skip

    def supervise(self) -> None:
        """Restart the worker whenever it exits, until `close()`."""
        while not self.supervising.wait(0.5):
            worker = self.worker
            if worker is not None and worker.poll() is not None:
                self.worker_exits.append(
                    {"at": round(self.clock(), 1), "exit_code": worker.returncode}
                )
                self.start_worker()

    def signal_worker(self, number: int) -> None:
        if self.worker is not None:
            os.killpg(self.worker.pid, number)

    def send(self, task: str) -> bool:
        """Send a beat task by name; whether the broker took it."""
        try:
            self.broker.send_task(task, retry=False)
        except Exception:  # the broker is down: the caller tries again later
            return False
        return True

    def _admin(self) -> contextlib.AbstractContextManager[Any]:
        return autocommit_cursor(**self.admin)

    def connect(self) -> Any:
        connection = psycopg2.connect(**{**self.admin, "dbname": self.name})
        connection.autocommit = True
        return connection

    def query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        with contextlib.closing(self.connect()) as db, db.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def query_one(self, sql: str, params: Any = None) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def terminate_backends(self) -> int:
        """Kill every connection to this run's database (and to no other)."""
        with self._admin() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        _say("stopping the service")
        self.supervising.set()
        if self.web is not None:
            self.web.stop()
        if self.worker is not None and self.worker.poll() is None:
            self.signal_worker(signal.SIGCONT)
            self.signal_worker(signal.SIGTERM)
            try:
                self.worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.signal_worker(signal.SIGKILL)
                self.worker.wait()
        if self.redis is not None:
            self.redis.send_signal(signal.SIGCONT)
            self.redis.terminate()
            self.redis.wait(timeout=10)
        self.mailbox.stop()
        with self._admin() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# The people of the run: analysts signed in to the workspace, writers with API keys
# (in the analysts' group, as scripts of analysts are), and mail recipients outside
# it who each follow one overdue commitment, so that each is owed one reminder.
_SETUP_SCRIPT = """
import json, secrets
from django.contrib.auth.models import User
from api.models import ApiKey
from commitments.models import Commitment, Status
from tracking import reminders
from tracking.demo import ensure_groups
from django.utils import timezone
group, _ = ensure_groups()
out = {{"analysts": [], "keys": [], "mail": []}}
for number in range({analysts}):
    password = secrets.token_urlsafe(16)
    user = User.objects.create_user(
        f"load-analyst-{{number}}", f"load-analyst-{{number}}@example.org", password
    )
    user.groups.add(group)
    out["analysts"].append([user.username, password])
for number in range({writers}):
    user = User.objects.create_user(
        f"load-writer-{{number}}", f"load-writer-{{number}}@example.org"
    )
    user.groups.add(group)
    _, key = ApiKey.objects.create_key(name=f"load-writer-{{number}}", user=user)
    out["keys"].append(key)
overdue = (
    Commitment.objects.filter(deadline__lt=timezone.localdate(), is_published=True)
    .exclude(status__in=Status.final())
    .order_by("id")
    .values_list("id", flat=True)[:{mail}]
)
for number, pk in enumerate(overdue):
    user = User.objects.create_user(
        f"load-mail-{{number}}", f"load-mail-{{number}}@example.org"
    )
    Commitment.objects.filter(pk=pk).update(assignee=user)
    out["mail"].append([pk, user.email])
reminders.plan_reminders([pk for pk, _ in out["mail"]])
print(json.dumps(out))
"""


# -------------------------------------------------------------------------- users


class Client:
    """One user's HTTP client: its cookies, and a record of every request."""

    def __init__(self, shared: Shared, *, key: str = "") -> None:
        self.shared = shared
        self.last_import = 0.0
        self.session = requests.Session()
        if key:
            self.session.headers["Authorization"] = f"Api-Key {key}"

    def call(
        self, kind: str, method: str, path: str, **options: Any
    ) -> requests.Response | None:
        """The answer, or None when the connection gave none (recorded as such)."""
        options.setdefault("timeout", 60)
        options.setdefault("allow_redirects", method == "GET")
        started = self.shared.now()
        try:
            response = self.session.request(method, self.shared.base + path, **options)
            response.content  # noqa: B018 (read the whole body, as a browser does)
        except requests.RequestException as error:
            self._record(Request(kind, started, self.shared.now(), None, str(error)))
            return None
        self._record(Request(kind, started, self.shared.now(), response.status_code))
        return response

    def _record(self, request: Request) -> None:
        with self.shared.lock:
            self.shared.requests.append(request)

    def write(self, write: Write) -> None:
        with self.shared.lock:
            self.shared.writes.append(write)

    def sign_in(self, username: str, password: str) -> None:
        form = self.call("sign in", "GET", "/accounts/login/")
        if form is None or form.status_code != 200:
            raise RuntimeError("the sign-in form did not load")
        answer = self.call(
            "sign in",
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": _csrf(form.text),
                "username": username,
                "password": password,
            },
        )
        if answer is None or answer.status_code != 302:
            raise RuntimeError(f"signing in as {username} failed")

    def form_post(
        self, kind: str, page: str, target: str, fields: dict[str, str]
    ) -> requests.Response | None:
        """Load `page`, then post `fields` with the CSRF token it carries to
        `target`; None when the page itself did not load (no write was made)."""
        form = self.call(kind + " (form)", "GET", page)
        if form is None or form.status_code != 200:
            return None
        return self.call(
            kind,
            "POST",
            target,
            data={"csrfmiddlewaretoken": _csrf(form.text), **fields},
        )


def _token() -> str:
    return f"load-{uuid.uuid4().hex[:12]}"


def _outcome(
    status: int | None, ok: tuple[int, ...], conflict: tuple[int, ...] = ()
) -> str:
    if status is None or status >= 500:
        return "error"
    if status in ok:
        return "ok"
    return "conflict" if status in conflict else "refused"


def _read(client: Client, chooser: random.Random) -> None:
    shared = client.shared
    commitment = chooser.choice(shared.published)
    slug = chooser.choice(shared.slugs)
    kind, path = chooser.choice(
        [
            ("scoreboard", "/"),
            ("list", "/commitments/"),
            ("list filtered", "/commitments/?status=in_progress&area=economy"),
            ("list searched", "/commitments/?q=schools"),
            ("commitment", f"/commitments/{commitment}/"),
            ("speech", f"/addresses/{slug}/"),
            ("API list", "/api/v1/commitments/?page_size=20&status=in_progress"),
            ("API detail", f"/api/v1/commitments/{commitment}/"),
            ("API stats", "/api/v1/stats/"),
            ("CSV filtered", "/commitments.csv?status=in_progress"),
            ("feed", "/feeds/updates/"),
        ]
    )
    client.call(kind, "GET", path)


def _log_progress(client: Client, chooser: random.Random) -> None:
    pk = chooser.choice(client.shared.progress_pool)
    token = _token()
    page = f"/analyst/commitments/{pk}/progress/"
    answer = client.form_post(
        "log progress",
        page,
        page,
        {
            "status": "in_progress",
            "evidence_kind": "news_report",
            "evidence_url": f"https://example.org/news/{token}",
            "evidence_title": "A report",
            "note": token,
        },
    )
    if answer is not None:
        status = answer.status_code
        client.write(Write("log progress", token, pk, status, _outcome(status, (302,))))


def _edit(client: Client, chooser: random.Random) -> None:
    pk = chooser.choice(client.shared.edit_pool)
    page = f"/analyst/commitments/{pk}/"
    form = client.call("edit (form)", "GET", page)
    if form is None or form.status_code != 200:
        return
    fields = _form_with(form.text, "version")
    token = _token()
    fields.update(title=token, action="edit")
    answer = client.call("edit", "POST", page, data=fields)
    status = answer.status_code if answer is not None else None
    outcome = _outcome(status, (302,))
    if answer is not None and status == 200:
        # The form again, with a choice per field: someone saved first.
        outcome = "conflict" if 'name="keep_' in answer.text else "refused"
    client.write(Write("edit", token, pk, status, outcome))


def _review(client: Client, chooser: random.Random, number: int) -> None:
    mine = client.shared.candidates.get(number)
    if not mine:
        return _log_progress(client, chooser)
    candidate, slug = mine.pop()
    page = f"/analyst/addresses/{slug}/review/"
    token = _token()
    if chooser.random() < 0.6:
        kind, fields = "accept", {"action": "accept", "title": token}
    else:
        kind, fields = "reject", {"action": "reject", "reason": "Not a commitment"}
    answer = client.form_post(
        kind, page, f"{page}{candidate}/", {**fields, "filter": "pending"}
    )
    if answer is not None:
        status = answer.status_code
        # A refused review comes back to the queue showing every candidate.
        outcome = _outcome(status, (302,))
        if outcome == "ok" and "filter=all" in answer.headers.get("Location", ""):
            outcome = "conflict"
        client.write(Write(kind, token, candidate, status, outcome))
    return None


def _api_update(client: Client, chooser: random.Random) -> None:
    pk = chooser.choice(client.shared.progress_pool)
    token = _token()
    answer = client.call(
        "API update",
        "POST",
        "/api/v1/updates/",
        json={
            "commitment": pk,
            "status": "in_progress",
            "evidence_kind": "news_report",
            "evidence_url": f"https://example.org/news/{token}",
            "note": token,
        },
    )
    status = answer.status_code if answer is not None else None
    returned = answer.json().get("id") if status == 201 and answer else None
    client.write(
        Write("API update", token, pk, status, _outcome(status, (201,)), returned)
    )


def _api_patch(client: Client, chooser: random.Random) -> None:
    pk = chooser.choice(client.shared.edit_pool)
    path = f"/api/v1/commitments/{pk}/"
    read = client.call("API patch (read)", "GET", path)
    if read is None or read.status_code != 200:
        return
    token = _token()
    answer = client.call(
        "API patch",
        "PATCH",
        path,
        json={"title": token},
        headers={"If-Match": read.headers.get("ETag", "")},
    )
    status = answer.status_code if answer is not None else None
    client.write(
        Write("API patch", token, pk, status, _outcome(status, (200,), (409, 412)))
    )


def import_speech(
    client: Client, kind: str = "API import"
) -> tuple[str, requests.Response | None]:
    """Import a small speech of its own through the API; its title and the answer."""
    token = _token()
    text = SPEECH.format(token=token, number=random.randint(10, 999))
    with client.shared.lock:
        client.shared.imports.append(token)
    answer = client.call(
        kind,
        "POST",
        "/api/v1/addresses/",
        data={"title": token, "speaker": "A. President", "delivered_on": "2025-09-01"},
        files={"file": (f"{token}.txt", text.encode(), "text/plain")},
    )
    status = answer.status_code if answer is not None else None
    client.write(Write(kind, token, None, status, _outcome(status, (202,))))
    return token, answer


def _user(shared: Shared, number: int) -> None:
    role = ROLES[number % len(ROLES)]
    chooser = random.Random(number)
    if role == "analyst":
        client = Client(shared)
        username, password = shared.analysts[number % len(shared.analysts)]
        try:
            client.sign_in(username, password)
        except RuntimeError as error:
            with shared.lock:
                shared.client_errors.append(f"{role}: {error}")
            return
    elif role == "writer":
        client = Client(shared, key=shared.keys[number % len(shared.keys)])
    else:
        client = Client(shared)
    # Writers' first imports fall within the first few seconds, spread out.
    client.last_import = chooser.uniform(0, 5) - IMPORT_EVERY_SECONDS
    shared.ready.wait()
    while not shared.stop.is_set():
        try:
            _act(client, chooser, role, number)
        # A page the client could not read (no form, no CSRF token, no JSON) is a
        # failure of the run, counted, rather than a user silently gone.
        except Exception as error:
            with shared.lock:
                shared.client_errors.append(f"{role}: {type(error).__name__}: {error}")
        shared.stop.wait(chooser.uniform(0.05, 0.4))


def _act(client: Client, chooser: random.Random, role: str, number: int) -> None:
    shared = client.shared
    if role == "reader":
        _read(client, chooser)
    elif role == "analyst":
        action = chooser.choices(("log", "edit", "review"), (4, 3, 3))[0]
        if action == "log":
            _log_progress(client, chooser)
        elif action == "edit":
            _edit(client, chooser)
        else:
            _review(client, chooser, number)
    elif shared.now() - client.last_import > IMPORT_EVERY_SECONDS:
        client.last_import = shared.now()
        import_speech(client)
    elif chooser.random() < 0.55:
        _api_update(client, chooser)
    else:
        _api_patch(client, chooser)


# ------------------------------------------------------------------------- faults


class Faults:
    """Injects the chosen faults one after another while the users run, each with
    its own check; `windows` are the spans in which failures belong to a fault."""

    def __init__(self, service: Service, shared: Shared, schedule: Schedule) -> None:
        self.service = service
        self.shared = shared
        self.schedule = schedule
        self.windows: list[Window] = []
        self.results: dict[str, dict[str, Any]] = {}
        username, password = shared.analysts[0]
        self.analyst = Client(shared)
        self.analyst.sign_in(username, password)
        self.writer = Client(shared, key=shared.keys[0])

    def run(self, chosen: list[str]) -> None:
        self._sleep_until(self.schedule.start)
        for name in chosen:
            started = self.shared.now()
            _say(f"fault {name}")
            try:
                figures = getattr(self, f"_{name}")()
            except Exception as error:  # a fault that broke is a result, not a crash
                figures = {
                    "passed": False,
                    "failed": f"{type(error).__name__}: {error}",
                }
            figures["seconds"] = round(self.shared.now() - started, 1)
            self.results[name] = figures
            self.shared.stop.wait(self.schedule.gap)

    def _sleep_until(self, moment: float) -> None:
        time.sleep(max(0.0, moment - self.shared.now()))

    def _recovered(self, window: Window, since: float) -> float | None:
        """Probe a page and the API until both answer; the seconds from `since`
        (None if they did not within RECOVERY_BOUND)."""
        probe = Client(self.shared)
        deadline = self.shared.now() + RECOVERY_BOUND
        while self.shared.now() < deadline:
            with contextlib.suppress(requests.RequestException):
                answers = [
                    probe.session.get(self.shared.base + path, timeout=10)
                    for path in ("/commitments/", "/api/v1/stats/")
                ]
                if all(answer.status_code == 200 for answer in answers):
                    window.recovered = self.shared.now()
                    return round(window.recovered - since, 2)
            time.sleep(0.2)
        window.recovered = self.shared.now()
        return None

    def _open(self, fault: str) -> Window:
        window = Window(fault, self.shared.now())
        self.windows.append(window)
        return window

    def _extraction(self, title: str) -> tuple[int | None, str | None, int | None]:
        rows = self.service.query(
            "SELECT a.id, e.state, e.runs FROM addresses_address AS a "
            "LEFT JOIN commitments_extraction AS e ON e.address_id = a.id "
            "WHERE a.title = %s",
            [title],
        )
        return rows[0] if rows else (None, None, None)

    def _redis(self) -> dict[str, Any]:
        """Redis unreachable for a while: hung (SIGSTOP: it holds connections and
        answers nothing, so every client waits for its timeout), or shut down (every
        connection refused at once) and started again. An import made meanwhile
        keeps its extraction pending, and the periodic job queues it once Redis is
        back."""
        service = self.service
        assert service.redis is not None
        window = self._open("redis")
        hangs = self.schedule.redis_hangs
        if hangs:
            service.redis.send_signal(signal.SIGSTOP)
        else:
            service.stop_redis()
        try:
            title, answer = import_speech(self.writer, "fault import")
            answered = self.shared.now()
            _, during, _ = self._extraction(title)
            self._sleep_until(window.injected + self.schedule.redis_outage)
        finally:
            if hangs:
                service.redis.send_signal(signal.SIGCONT)
            else:
                service.start_redis()
        healed = self.shared.now()
        recovery = self._recovered(window, healed)
        caught_up = _until(
            lambda: (
                self.service.send("commitments.tasks.queue_unfinished_extractions")
                and self._extraction(title)[1] == "done"
            ),
            60,
            None,
            every=2,
        )
        _, after, _ = self._extraction(title)
        status = answer.status_code if answer is not None else None
        exits = [e for e in service.worker_exits if e["at"] >= window.injected]
        return {
            "how": "hung (SIGSTOP)" if hangs else "shut down and restarted",
            # The worker may die of it (kombu acknowledging on a lost connection)
            # and be restarted, as it would be deployed.
            "worker_exits": exits,
            "outage_seconds": round(healed - window.injected, 1),
            "recovery_seconds": recovery,
            "import_status": status,
            "import_seconds": round(answered - window.injected, 1),
            "import_saved": self._extraction(title)[0] is not None,
            "extraction_during": during,
            "extraction_after": after,
            "caught_up": caught_up,
            "passed": status == 202
            and during == "pending"
            and after == "done"
            and recovery is not None,
        }

    def _db(self) -> dict[str, Any]:
        """Every connection to the run's database killed, a few times over."""
        window = self._open("db")
        kills = []
        moment = window.injected
        for number in range(self.schedule.db_kills):
            if number:
                self._sleep_until(window.injected + number * self.schedule.db_every)
            moment = self.shared.now()
            killed = self.service.terminate_backends()
            kills.append({"at": round(moment, 1), "connections_killed": killed})
        recovery = self._recovered(window, moment)
        return {
            "kills": kills,
            "recovery_seconds": recovery,
            "passed": recovery is not None
            and all(k["connections_killed"] for k in kills),
        }

    def _mail(self) -> list[tuple[int, str, Any, int]]:
        return self.service.query(
            "SELECT r.commitment_id, u.email, r.sent_at, r.attempts "
            "FROM tracking_reminder AS r JOIN auth_user AS u ON u.id = r.recipient_id "
            "WHERE u.username LIKE 'load-mail-%%' AND r.due_at <= now() "
            "ORDER BY u.email"
        )

    def _smtp(self) -> dict[str, Any]:
        """The mail server down while reminders fall due and sweeps run; once it is
        back, every reminder is delivered, and once only."""
        window = self._open("smtp")
        mailbox = self.service.mailbox
        mailbox.stop()
        sweeps = 0
        try:
            while self.shared.now() < window.injected + self.schedule.smtp_outage:
                sweeps += self.service.send("tracking.tasks.send_due_reminders")
                time.sleep(1)
            _until(lambda: all(row[3] > 0 for row in self._mail()), 20, None, every=0.5)
            failed_while_down = sum(
                1 for row in self._mail() if row[3] > 0 and not row[2]
            )
        finally:
            mailbox.start()
        healed = self.shared.now()

        def delivered() -> bool:
            self.service.send("tracking.tasks.send_due_reminders")
            return all(row[2] for row in self._mail())

        all_sent = _until(delivered, 60, None, every=2)
        window.recovered = self.shared.now()
        # One more sweep: nothing already sent may go out again.
        self.service.send("tracking.tasks.send_due_reminders")
        time.sleep(3)
        rows = self._mail()
        counts = mailbox.per_recipient()
        per_recipient = {email: counts.get(email, 0) for _, email, _, _ in rows}
        return {
            "outage_seconds": round(healed - window.injected, 1),
            "sweeps_while_down": sweeps,
            "reminders": len(rows),
            "failed_while_down": failed_while_down,
            "attempts": sorted(row[3] for row in rows),
            "delivered": sum(1 for row in rows if row[2]),
            # One message a recipient bundles all their due reminders.
            "recipients": len(per_recipient),
            "messages": sum(per_recipient.values()),
            "duplicates": sum(max(0, count - 1) for count in per_recipient.values()),
            "seconds_to_deliver_after_back": round(window.recovered - healed, 1),
            "passed": all_sent
            and len(rows) > 0
            and failed_while_down == len(rows)
            and all(count == 1 for count in per_recipient.values()),
        }

    def _worker(self) -> dict[str, Any]:
        """The worker killed (SIGKILL, its whole group) while an extraction runs; a new
        worker gets the message back and finishes it, with no duplicate candidates."""
        window = self._open("worker")
        service = self.service
        # Held still while the speech is imported, so that its extraction can be
        # caught running: it waits on the address's row, locked here.
        service.signal_worker(signal.SIGSTOP)
        title, answer = import_speech(self.writer, "fault import")
        address, _, _ = self._extraction(title)
        lock = service.connect()
        lock.autocommit = False
        try:
            with lock.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM addresses_address WHERE id = %s FOR UPDATE",
                    [address],
                )
            service.signal_worker(signal.SIGCONT)
            running = _until(lambda: self._extraction(title)[1] == "running", 30, None)
            service.signal_worker(signal.SIGKILL)
            killed_at = self.shared.now()
        finally:
            lock.rollback()
            lock.close()
        # A new worker is started at once (Service.supervise); past the visibility
        # timeout, the broker gives it the message back.
        done = _until(lambda: self._extraction(title)[1] == "done", 60, None)
        window.recovered = self.shared.now()
        _, state, runs = self._extraction(title)
        candidates = service.query_one(
            "SELECT count(*) FROM commitments_candidate WHERE address_id = %s",
            [address],
        )
        duplicates = _duplicate_candidates(service, [address])
        return {
            "import_status": answer.status_code if answer is not None else None,
            "running_when_killed": running,
            "seconds_to_finish_after_kill": round(window.recovered - killed_at, 1),
            "state": state,
            "runs": runs,
            "candidates": candidates,
            "duplicates": duplicates,
            "passed": running
            and done
            and (runs or 0) >= 2
            and candidates > 0
            and duplicates == 0,
        }


def _duplicate_candidates(service: Service, addresses: list[Any]) -> int:
    return int(
        service.query_one(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n "
            "FROM commitments_candidate WHERE address_id = ANY(%s) "
            "GROUP BY address_id, quote) AS per_quote",
            [addresses],
        )
    )


# ----------------------------------------------------------------------- the run


def run(
    *,
    users: int = USERS,
    seconds: float = SECONDS,
    faults: tuple[str, ...] = (),
    schedule: Schedule | None = None,
    database_url: str | None = None,
    workers: int = WORKERS,
) -> dict[str, Any]:
    """Start the service, run the users (and faults), check every write; figures
    as JSON-ready values."""
    url = database_url or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"skipped": "needs PostgreSQL: set DATABASE_URL=postgres://…"}
    schedule = schedule or Schedule()
    with tempfile.TemporaryDirectory(prefix="uade-load-") as folder:
        service = Service(url, Path(folder), schedule)
        try:
            service.start(workers=workers)
            return _run(service, users, seconds, faults, schedule, workers)
        finally:
            service.close()


def _run(
    service: Service,
    users: int,
    seconds: float,
    faults: tuple[str, ...],
    schedule: Schedule,
    workers: int,
) -> dict[str, Any]:
    analysts = sum(1 for n in range(users) if ROLES[n % len(ROLES)] == "analyst")
    people = json.loads(
        service.manage(
            "shell",
            "-c",
            _SETUP_SCRIPT.format(
                analysts=max(1, analysts), writers=2, mail=MAIL_RECIPIENTS
            ),
        )
        .strip()
        .splitlines()[-1]
    )
    mail_commitments = {pk for pk, _ in people["mail"]}
    published = [
        row[0]
        for row in service.query(
            "SELECT id FROM commitments_commitment WHERE is_published ORDER BY id"
        )
    ]
    edit_pool = [pk for pk in published if pk not in mail_commitments][:EDIT_POOL]
    progress_pool = [
        pk for pk in published if pk not in mail_commitments and pk not in edit_pool
    ]
    slugs = [row[0] for row in service.query(
        "SELECT slug FROM addresses_address WHERE is_public ORDER BY id"
    )]  # fmt: skip
    pending = service.query(
        "SELECT c.id, a.slug FROM commitments_candidate AS c JOIN addresses_address "
        "AS a ON a.id = c.address_id WHERE c.state = 'pending' ORDER BY c.id"
    )
    reviewers = [n for n in range(users) if ROLES[n % len(ROLES)] == "analyst"]
    candidates: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for index, row in enumerate(pending):
        if reviewers:
            candidates[reviewers[index % len(reviewers)]].append((row[0], row[1]))
    assert service.web is not None
    shared = Shared(
        base=f"http://127.0.0.1:{service.web.port}",
        started=time.monotonic(),
        stop=threading.Event(),
        published=published,
        progress_pool=progress_pool,
        edit_pool=edit_pool,
        slugs=slugs,
        candidates=candidates,
        analysts=[tuple(pair) for pair in people["analysts"]],
        keys=people["keys"],
    )
    threads = [
        threading.Thread(target=_user, args=(shared, n), daemon=True)
        for n in range(users)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1)  # sign-ins
    faulting = Faults(service, shared, schedule) if faults else None
    shared.started = time.monotonic()
    service.clock = shared.now
    shared.ready.set()
    if faulting is not None:
        faulting.run(list(faults))
    time.sleep(max(0.0, seconds - shared.now()))
    shared.stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = shared.now()
    _say("users stopped; checking every write")
    # What the beat would do next: queue every extraction still waiting.
    imported_done = _until(
        lambda: (
            service.send("commitments.tasks.queue_unfinished_extractions")
            and not service.query_one(
                "SELECT count(*) FROM commitments_extraction WHERE state <> 'done' "
                "AND address_id IN "
                "(SELECT id FROM addresses_address WHERE title = ANY(%s))",
                [shared.imports],
            )
        ),
        90,
        None,
        every=2,
    )
    windows = faulting.windows if faulting else []
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "gunicorn_workers": workers,
        "commitments": COMMITMENTS,
        "faults": faulting.results if faulting else {},
        "worker_exits": service.worker_exits,
        "windows": [
            {
                "fault": w.fault,
                "from": round(w.injected, 1),
                "to": round(w.recovered, 1) if w.recovered else None,
            }
            for w in windows
        ],
        "requests": _requests(shared.requests, windows),
        "client_errors": shared.client_errors[:20],
        "client_error_count": len(shared.client_errors),
        "writes": _check_writes(service, shared, imported_done),
    }


def _phase(request: Request, windows: list[Window]) -> str:
    for window in windows:
        end = window.recovered if window.recovered is not None else float("inf")
        if request.started <= end and request.ended >= window.injected:
            return window.fault
    if not windows or request.ended < windows[0].injected:
        return "before faults" if windows else "steady"
    return "between and after faults"


def _requests(requests_: list[Request], windows: list[Window]) -> dict[str, Any]:
    by_kind: dict[str, list[Request]] = defaultdict(list)
    phases: dict[str, Counter[str]] = defaultdict(Counter)
    first_errors: dict[str, list[str]] = defaultdict(list)
    for request in requests_:
        by_kind[request.kind].append(request)
        phase = _phase(request, windows)
        counts = phases[phase]
        counts["requests"] += 1
        if request.status is None:
            counts["dropped"] += 1
        elif request.status >= 500:
            counts["errors_5xx"] += 1
        if (request.status is None or request.status >= 500) and len(
            first_errors[phase]
        ) < 5:
            first_errors[phase].append(
                f"{request.kind}: {request.status or request.error[:160]}"
            )
    kinds = {}
    for kind, made in sorted(by_kind.items()):
        answered = [r.ended - r.started for r in made if r.status and r.status < 500]
        kinds[kind] = {
            "requests": len(made),
            "errors": sum(1 for r in made if r.status is None or r.status >= 500),
            **percentiles(answered),
        }
    total = len(requests_)
    span = max((r.ended for r in requests_), default=0.0) or 1.0
    return {
        "total": total,
        "per_second": round(total / span, 1),
        "by_kind": kinds,
        "by_phase": {phase: dict(counts) for phase, counts in phases.items()},
        "first_errors": dict(first_errors),
    }


def _check_writes(
    service: Service, shared: Shared, imports_done: bool
) -> dict[str, Any]:
    """Ask the database for every write's token: how many landed, lost, doubled."""
    writes = shared.writes
    found: dict[str, int] = Counter()
    notes = [w.token for w in writes if w.kind in ("log progress", "API update")]
    for note, count in service.query(
        "SELECT note, count(*) FROM tracking_progressupdate WHERE note = ANY(%s) "
        "GROUP BY note",
        [notes],
    ):
        found[note] = count
    ids = {
        note: pk
        for pk, note in service.query(
            "SELECT id, note FROM tracking_progressupdate WHERE note = ANY(%s)", [notes]
        )
    }
    # An edit landed once if its title was set once, in the record's history.
    edits = [w.token for w in writes if w.kind in ("edit", "API patch")]
    for title, count in service.query(
        "SELECT title, count(*) FROM (SELECT title, lag(title) OVER (PARTITION BY id "
        "ORDER BY history_date, history_id) AS before "
        "FROM commitments_historicalcommitment WHERE title = ANY(%s) OR id = ANY(%s)) "
        "AS changes WHERE title IS DISTINCT FROM before AND title = ANY(%s) "
        "GROUP BY title",
        [edits, shared.edit_pool, edits],
    ):
        found[title] = count
    accepted = [w.token for w in writes if w.kind == "accept"]
    for title, count in service.query(
        "SELECT title, count(*) FROM commitments_commitment WHERE title = ANY(%s) "
        "GROUP BY title",
        [accepted],
    ):
        found[title] = count
    states = dict(
        service.query(
            "SELECT id, state FROM commitments_candidate WHERE id = ANY(%s)",
            [[w.target for w in writes if w.kind in ("accept", "reject")]],
        )
    )
    imported = [w.token for w in writes if "import" in w.kind]
    import_rows = service.query(
        "SELECT a.title, count(*), min(e.state) FROM addresses_address AS a LEFT JOIN "
        "commitments_extraction AS e ON e.address_id = a.id WHERE a.title = ANY(%s) "
        "GROUP BY a.title",
        [imported],
    )
    extraction = {}
    for title, count, state in import_rows:
        found[title] = count
        extraction[title] = state
    # The last title each pooled commitment took must be one of the edits' own.
    finals = dict(
        service.query(
            "SELECT id, title FROM commitments_commitment WHERE id = ANY(%s)",
            [shared.edit_pool],
        )
    )
    edited_to = {w.token: w.target for w in writes if w.kind in ("edit", "API patch")}

    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    lost: list[str] = []
    for write in writes:
        counts = by_kind[write.kind]
        counts["attempted"] += 1
        counts[write.outcome] += 1
        times = found.get(write.token, 0)
        if write.kind == "reject":
            times = int(states.get(write.target) == "rejected")
        if write.kind == "API update" and write.returned_id is not None:
            times *= int(ids.get(write.token) == write.returned_id)
        if write.outcome == "ok":
            counts["landed"] += int(times == 1)
            counts["doubled"] += int(times > 1)
            if times == 0:
                counts["lost"] += 1
                lost.append(f"{write.kind} {write.token}")
        elif times:
            # Answered with a failure, yet saved: the commit happened, the answer
            # did not reach the client (a killed connection).
            counts["landed_despite_failure"] += 1
    finals_ok = all(
        (title in found and edited_to.get(title) == pk) or not title.startswith("load-")
        for pk, title in finals.items()
    )
    totals: Counter[str] = Counter()
    for counts in by_kind.values():
        totals.update(counts)
    import_ok = [w.token for w in writes if "import" in w.kind and w.outcome == "ok"]
    return {
        "by_kind": {kind: dict(counts) for kind, counts in sorted(by_kind.items())},
        "attempted": totals["attempted"],
        "succeeded": totals["ok"],
        "landed": totals["landed"],
        "lost": totals["lost"],
        "doubled": totals["doubled"],
        "conflicts": totals["conflict"],
        "refused": totals["refused"],
        "failed": totals["error"],
        "lost_examples": lost[:10],
        "edit_finals_are_edits": finals_ok,
        "imports_extracted": imports_done
        and all(extraction.get(token) == "done" for token in import_ok),
        "duplicate_candidates": _duplicate_candidates(
            service,
            [
                row[0]
                for row in service.query(
                    "SELECT id FROM addresses_address WHERE title = ANY(%s)", [imported]
                )
            ],
        ),
    }


# -------------------------------------------------------------------- the verdict


def verdicts(results: dict[str, Any]) -> list[tuple[str, bool]]:
    """Each check of the run, in a line, and whether it held."""
    writes, requests_ = results["writes"], results["requests"]
    phases = requests_["by_phase"]
    fault_names = set(results["faults"])
    outside = {
        phase: counts for phase, counts in phases.items() if phase not in fault_names
    }
    outside_errors = sum(
        c.get("errors_5xx", 0) + c.get("dropped", 0) for c in outside.values()
    )
    checks = [
        (
            f"{results['users']} users, {results['seconds']} s: {requests_['total']:,} "
            f"requests, {outside_errors} errors outside fault windows, "
            f"{results['client_error_count']} pages the users could not use",
            outside_errors == 0 and results["client_error_count"] == 0,
        ),
        (
            f"writes: {writes['attempted']} attempted, {writes['succeeded']} "
            "succeeded, "
            f"{writes['landed']} landed, {writes['lost']} lost, {writes['doubled']} "
            f"doubled ({writes['conflicts']} conflicts, {writes['refused']} refused, "
            f"{writes['failed']} failed)",
            writes["lost"] == 0
            and writes["doubled"] == 0
            and writes["landed"] == writes["succeeded"]
            and writes["refused"] == 0,
        ),
        (
            "every edited commitment ends with one of its edits' values; every import "
            f"extracted; {writes['duplicate_candidates']} duplicate candidates",
            writes["edit_finals_are_edits"]
            and writes["imports_extracted"]
            and writes["duplicate_candidates"] == 0,
        ),
    ]
    for name, figures in results["faults"].items():
        counts = phases.get(name, {})
        dropped = counts.get("dropped", 0)
        details = {k: v for k, v in figures.items() if k != "passed"}
        checks.append(
            (
                f"fault {name}: {counts.get('requests', 0)} requests in its window, "
                f"{counts.get('errors_5xx', 0)} answered 5xx, {dropped} dropped; "
                + json.dumps(details, default=str),
                bool(figures.get("passed")) and (name != "db" or dropped == 0),
            )
        )
    return checks


def table(results: dict[str, Any]) -> list[str]:
    lines = [f"{'request':<22}{'count':>8}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}"]
    for kind, figures in results["requests"]["by_kind"].items():
        lines.append(
            f"{kind:<22}{figures['requests']:>8}{figures['errors']:>8}"
            f"{figures['p50_ms'] or '-':>10}{figures['p95_ms'] or '-':>10}"
        )
    lines.append("by phase: " + json.dumps(results["requests"]["by_phase"]))
    return lines


# ---------------------------------------------------------------------- helpers


def _until(
    predicate: Callable[[], bool],
    seconds: float,
    failure: str | None,
    *,
    every: float = 0.25,
) -> bool:
    """Poll `predicate` until it holds; False after `seconds` (or raise `failure`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if predicate():
                return True
        time.sleep(every)
    if failure:
        raise RuntimeError(failure)
    return False


_CLOCK = time.monotonic()


def _say(message: str) -> None:
    """Progress on stderr, for whoever waits for a run."""
    print(f"[load {time.monotonic() - _CLOCK:6.1f} s] {message}", file=sys.stderr)


def _pings(client: redis.Redis) -> bool:
    return bool(client.ping())


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if found is None:
        raise RuntimeError("the form carries no CSRF token")
    return found.group(1)


class _Forms(HTMLParser):
    """The fields of every form of a page, with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        name = found.get("name", "")
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and name and found.get("type") not in ("submit", "button"):
            if found.get("type") in ("radio", "checkbox") and "checked" not in found:
                return
            self.forms[-1][name] = found.get("value", "")
        elif tag == "select":
            self._select = name
            self.forms[-1].setdefault(name, "")
        elif tag == "option" and self._select and "selected" in found:
            self.forms[-1][self._select] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.forms[-1][name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data.removeprefix("\n")


def _form_with(html: str, field_name: str) -> dict[str, str]:
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if field_name in form:
            return dict(form)
    raise RuntimeError(f"no form with a {field_name} field")


# --------------------------------------------------------------------- command


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument(
        "--faults",
        default="",
        help="comma-separated: redis,db,smtp,worker, or all (default: none)",
    )
    parser.add_argument("--short", action="store_true", help="the CI fault schedule")
    options = parser.parse_args(argv)
    chosen = FAULTS if options.faults == "all" else tuple(
        name for name in options.faults.split(",") if name
    )  # fmt: skip
    unknown = set(chosen) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults: {', '.join(sorted(unknown))}")
    results = run(
        users=options.users,
        seconds=options.seconds,
        faults=chosen,
        schedule=Schedule.short() if options.short else Schedule(),
    )
    if "skipped" in results:
        print("load:", results["skipped"])
        return 0
    print("\n".join(table(results)))
    checks = verdicts(results)
    for line, held in checks:
        print(f"  {line} -> {'held' if held else 'FAILED'}")
    folder = Path(__file__).resolve().parent / "results"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"load-{stamp}.json"
    results["checks"] = [{"check": line, "held": held} for line, held in checks]
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Figures written to {path}")
    return 0 if all(held for _, held in checks) else 1
