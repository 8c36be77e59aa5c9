"""Pages and endpoints at 1,000 and 100,000 commitments, through a real gunicorn.

For each size, a PostgreSQL database of its own (`<name>_bench_<size>`, beside the
one DATABASE_URL names, made from a migrated template and dropped at the end) is
loaded by `generate_synthetic` with ten updates a commitment, then vacuumed and
checkpointed, and served by gunicorn with two workers on loopback (`bench.settings`:
the production settings, floor views, a query count in each response). All sizes
are asked in the same rounds, each page at each size in turn, so that a busy moment
of the shared machine falls on every size alike; the figures are p50 and p95 over
the rounds after the first WARM_ROUNDS. Then, size by size: the CSV of every
commitment from a fresh worker (time, and the growth of its resident memory),
20 clients on a mixed read workload for THROUGHPUT_SECONDS, and an import of the
seed address end to end (its extraction runs in the request: bench.settings).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import environ
import psycopg2

from bench.postgres import autocommit_cursor
from bench.server import QUERIES_HEADER
from dashboard.views import PAGE_SIZE

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "demo" / "seeds" / "000_c6f83971ef7d8c01.txt"
SIZES = (1_000, 100_000)
UPDATES_PER_COMMITMENT = 10
ROUNDS = 60
WARM_ROUNDS = 5
THROUGHPUT_CLIENTS = 20
THROUGHPUT_SECONDS = 30
WORKERS = 2
ANALYST = "bench-analyst"
DEEP_PAGE = 1_000
# Targets of the scale issue, as ratios within one run.
P95_OVER_SMALL = 1.5
API_P50_OVER_FLOOR = 4
HOME_P50_OVER_FLOOR = 5
CSV_GROWTH_MB = 50


def addresses_for(commitments: int) -> int:
    """Speeches for a size: about 500 commitments a speech, at least two."""
    return max(2, commitments // 500)


@dataclass
class Page:
    """One measured request: its path, and whether an analyst asks it."""

    name: str
    path: str
    analyst: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200


@dataclass
class Answer:
    status: int
    seconds: float
    queries: int | None
    headers: dict[str, str]
    body: bytes


class Server:
    """gunicorn on a free loopback port, serving one database."""

    def __init__(self, env: dict[str, str], workers: int = WORKERS) -> None:
        self.port = _free_port()
        self.cookie = ""  # an analyst's, once signed in
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.get("/healthz").status == 200:
                    return
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn did not start; its errors are above")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def get(
        self, path: str, headers: dict[str, str] | None = None, *, method: str = "GET"
    ) -> Answer:
        return self.request(method, path, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        # gunicorn's sync workers close every connection: one per request.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read()
            seconds = time.perf_counter() - started
        finally:
            connection.close()
        queries = response.getheader(QUERIES_HEADER)
        return Answer(
            response.status,
            seconds,
            int(queries) if queries is not None else None,
            {name.lower(): value for name, value in response.getheaders()},
            content,
        )

    def workers(self) -> list[int]:
        return [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _parent_of(int(entry.name)) == self.process.pid
        ]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def run(
    sizes: tuple[int, ...] = SIZES,
    *,
    rounds: int = ROUNDS,
    throughput_seconds: float = THROUGHPUT_SECONDS,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Measure every size; figures keyed by size, as JSON-ready values."""
    url = database_url or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"skipped": "needs PostgreSQL: set DATABASE_URL=postgres://…"}
    databases = _Databases(url, sizes)
    results: dict[str, Any] = {"workers": WORKERS, "sizes": {}}
    servers: dict[int, Server] = {}
    try:
        databases.make_template()
        loaded = {size: _load(databases, size) for size in sizes}
        for size, (figures, _, _) in loaded.items():
            results["sizes"][str(size)] = figures
            servers[size] = Server(databases.env(size))
        pages = {}
        for size, (_, password, username) in loaded.items():
            cookie = _sign_in(servers[size], username, password)
            pages[size] = _pages(servers[size], databases.url(size), cookie)
        # Every size in the same rounds: a busy moment of the machine falls on all.
        for size, latencies in _latencies(servers, pages, rounds=rounds).items():
            results["sizes"][str(size)]["pages"] = latencies
        for size, server in servers.items():
            figures = results["sizes"][str(size)]
            figures["csv"] = _csv(databases.env(size))
            public = [page for page in pages[size] if not page.analyst]
            figures["throughput"] = _throughput(server, public, throughput_seconds)
            figures["after_a_change"] = _after_a_change(server, databases.url(size))
            # Last: it changes the record, and so every tag and kept figure.
            figures["import"] = _import(server, server.cookie)
    finally:
        for server in servers.values():
            server.stop()
        databases.drop_all()
    return results


def _load(databases: _Databases, size: int) -> tuple[dict[str, Any], str, str]:
    """A fresh database of `size` commitments, settled (vacuumed, analysed,
    checkpointed) so that no background work of its own lands on the measurements;
    its figures, and an analyst's password and name."""
    env = databases.fresh(size)
    started = time.perf_counter()
    _manage(
        env,
        "generate_synthetic",
        "--commitments",
        str(size),
        "--updates",
        str(size * UPDATES_PER_COMMITMENT),
        "--addresses",
        str(addresses_for(size)),
        "--seed",
        "1",
    )
    load_seconds = time.perf_counter() - started
    databases.settle(size)
    password = secrets.token_urlsafe(16)
    _manage(env, "shell", "-c", _ANALYST_SCRIPT.format(name=ANALYST, password=password))
    figures = {
        "commitments": size,
        "updates": size * UPDATES_PER_COMMITMENT,
        "addresses": addresses_for(size),
        "load_seconds": round(load_seconds, 1),
    }
    return figures, password, ANALYST


# An analyst as the demo makes one: in the analysts' group, with its permissions.
_ANALYST_SCRIPT = """
from django.contrib.auth.models import User
from tracking.demo import ensure_groups
analysts, _ = ensure_groups()
user = User.objects.create_user("{name}", "bench@example.org", "{password}")
user.groups.add(analysts)
"""


def _pages(server: Server, database_url: str, cookie: str) -> list[Page]:
    with contextlib.closing(psycopg2.connect(database_url)) as db, db.cursor() as cur:
        # A commitment of the same shape at every size: one mention and five
        # updates, or as near as the record has.
        cur.execute(
            "SELECT c.id FROM commitments_commitment AS c WHERE c.is_published "
            "ORDER BY abs((SELECT count(*) FROM commitments_mention AS m "
            "  WHERE m.commitment_id = c.id) - 1) "
            "+ abs((SELECT count(*) FROM tracking_progressupdate AS u "
            "  WHERE u.commitment_id = c.id) - 5), c.id LIMIT 1"
        )
        (commitment_id,) = cur.fetchone() or (None,)
        # The first speech and the first queue are the same text at every size
        # (bench.synthetic), so their pages compare like with like.
        cur.execute(
            "SELECT slug FROM addresses_address WHERE is_public ORDER BY id LIMIT 1"
        )
        (address_slug,) = cur.fetchone() or (None,)
        cur.execute(
            "SELECT a.slug FROM addresses_address AS a WHERE EXISTS (SELECT 1 FROM "
            "commitments_candidate AS c WHERE c.address_id = a.id AND "
            "c.state = 'pending') ORDER BY a.id LIMIT 1"
        )
        (review_slug,) = cur.fetchone() or (address_slug,)
        cur.execute("SELECT count(*) FROM commitments_commitment WHERE is_published")
        (published,) = cur.fetchone() or (0,)
    # Page 1,000; where there are fewer pages, the last full one, so that both
    # sizes show as many rows.
    deep = max(1, min(DEEP_PAGE, published // PAGE_SIZE))
    # The canonical address of a commitment carries its slug: follow the redirect once.
    commitment = server.get(f"/commitments/{commitment_id}/").headers["location"]
    updates = json.loads(server.get("/api/v1/updates/?page_size=100").body)
    cursor_path = urllib.parse.urlsplit(updates["next"])
    api_list = "/api/v1/commitments/?page_size=100"
    etag = server.get(api_list).headers["etag"]
    return [
        Page("Django floor", "/bench/floor/django/"),
        Page("DRF floor", "/bench/floor/drf/"),
        Page("/", "/"),
        Page("/commitments/", "/commitments/"),
        Page("  filtered", "/commitments/?status=in_progress&area=economy"),
        Page("  searched", "/commitments/?q=schools"),
        Page("  page 1,000", f"/commitments/?page={deep}"),
        Page("commitment", commitment),
        Page("speech", f"/addresses/{address_slug}/"),
        Page("/analyst/", "/analyst/", analyst=True),
        Page("review", f"/analyst/addresses/{review_slug}/review/", analyst=True),
        Page("API list ×100", api_list),
        Page("API stats", "/api/v1/stats/"),
        Page("API updates cursor", f"{cursor_path.path}?{cursor_path.query}"),
        Page("API 304", api_list, headers={"If-None-Match": etag}, expect=304),
    ]


def _latencies(
    servers: dict[int, Server], pages: dict[int, list[Page]], *, rounds: int
) -> dict[int, dict[str, dict[str, Any]]]:
    """Each page at each size once a round, p50 and p95 over the rounds after the
    first WARM_ROUNDS (which fill the caches), and the query counts seen."""
    seconds: dict[tuple[int, str], list[float]] = defaultdict(list)
    queries: dict[tuple[int, str], set[int]] = defaultdict(set)
    errors: dict[tuple[int, str], list[str]] = defaultdict(list)
    for round_ in range(WARM_ROUNDS + rounds):
        for number in range(len(next(iter(pages.values())))):
            for size, server in servers.items():
                page = pages[size][number]
                answer = server.get(page.path, _headers(page, server))
                key = (size, page.name)
                if answer.status != page.expect:
                    errors[key].append(f"{answer.status} for {page.path}")
                    continue
                if round_ >= WARM_ROUNDS:
                    seconds[key].append(answer.seconds)
                    if answer.queries is not None:
                        queries[key].add(answer.queries)
    return {
        size: {
            page.name: {
                "path": page.path,
                **percentiles(seconds[size, page.name]),
                "queries": sorted(queries[size, page.name]),
                "errors": errors[size, page.name],
            }
            for page in pages[size]
        }
        for size in servers
    }


def _headers(page: Page, server: Server) -> dict[str, str]:
    headers = dict(page.headers)
    if page.analyst:
        headers["Cookie"] = server.cookie
    return headers


def percentiles(seconds: list[float]) -> dict[str, float | None]:
    """p50 and p95 in milliseconds (None for no answers)."""
    if not seconds:
        return {"p50_ms": None, "p95_ms": None}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
    }


def _csv(env: dict[str, str]) -> dict[str, Any]:
    """Download every commitment as CSV from a fresh worker of its own, after one
    small page has loaded the code; the growth of its resident memory at its peak."""
    server = Server(env, workers=1)
    try:
        server.get("/commitments/")
        [worker] = server.workers()
        before = peak = _rss_kb(worker)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _rss_kb(worker))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            answer = server.get("/commitments.csv")
        finally:
            done.set()
            sampler.join()
    finally:
        server.stop()
    growth_kb = peak - before
    return {
        "status": answer.status,
        "rows": answer.body.count(b"\n") - 1,
        "mb": round(len(answer.body) / 2**20, 1),
        "seconds": round(answer.seconds, 2),
        "peak_growth_mb": round(growth_kb / 1024, 1),
    }


# The pages whose figures are kept until the record changes.
KEPT_PAGES = (
    "/",
    "/commitments/",
    "/api/v1/commitments/?page_size=100",
    "/api/v1/stats/",
)


def _after_a_change(server: Server, database_url: str) -> dict[str, float]:
    """What the first reader after a change waits, page by page: any change to
    the record (here, a speaker saved unchanged) makes them build their figures."""
    with contextlib.closing(psycopg2.connect(database_url)) as db, db.cursor() as cur:
        cur.execute(
            "UPDATE addresses_speaker SET name = name "
            "WHERE id = (SELECT min(id) FROM addresses_speaker)"
        )
        db.commit()
    return {path: round(server.get(path).seconds * 1000, 1) for path in KEPT_PAGES}


def _import(server: Server, cookie: str) -> dict[str, Any]:
    """Import the 76 KB seed through the form: store, segment, extract, link."""
    form = server.get("/analyst/import/", {"Cookie": cookie})
    token = _csrf_token(form.body)
    fields = {
        "csrfmiddlewaretoken": token,
        "text": SEED.read_text(encoding="utf-8"),
        "title": "Bench import of the seed address",
        "new_speaker": "Bench speaker",
        "kind": "address",
        "language": "en",
        "delivered_on": "2020-09-01",
    }
    answer = server.request(
        "POST",
        "/analyst/import/",
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{server.port}/analyst/import/",
        },
        body=urllib.parse.urlencode(fields).encode(),
    )
    return {
        "status": answer.status,
        "seconds": round(answer.seconds, 2),
        "location": answer.headers.get("location", ""),
    }


def _throughput(server: Server, pages: list[Page], seconds: float) -> dict[str, Any]:
    """THROUGHPUT_CLIENTS clients, each asking random pages until time is up."""
    stop_at = time.monotonic() + seconds
    counts = {"ok": 0, "errors": 0}
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(seed: int) -> None:
        chooser = random.Random(seed)
        while time.monotonic() < stop_at:
            page = chooser.choice(pages)
            seconds: float | None = None
            try:
                answer = server.get(page.path, page.headers)
            except OSError as error:
                failure = f"{page.path}: {error}"
            else:
                failure = f"{page.path}: {answer.status}"
                if answer.status == page.expect:
                    seconds = answer.seconds
            with lock:
                counts["errors" if seconds is None else "ok"] += 1
                if seconds is not None:
                    latencies.append(seconds)
                elif len(failures) < 10:
                    failures.append(failure)

    started = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(n,)) for n in range(THROUGHPUT_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "clients": THROUGHPUT_CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": counts["ok"] + counts["errors"],
        "errors": counts["errors"],
        "first_errors": failures,
        "requests_per_second": round((counts["ok"] + counts["errors"]) / elapsed, 1),
        **percentiles(latencies),
    }


def _sign_in(server: Server, username: str, password: str) -> str:
    """Sign in through the login form; the session and CSRF cookies to send."""
    form = server.get("/accounts/login/")
    jar = _cookies(form.headers)
    answer = server.request(
        "POST",
        "/accounts/login/",
        headers={
            "Cookie": _cookie_header(jar),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{server.port}/accounts/login/",
        },
        body=urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": _csrf_token(form.body),
                "username": username,
                "password": password,
            }
        ).encode(),
    )
    jar.update(_cookies(answer.headers))
    if answer.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"signing in as {username} failed: {answer.status}")
    server.cookie = _cookie_header(jar)
    return server.cookie


def _csrf_token(body: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if found is None:
        raise RuntimeError("the form carries no CSRF token")
    return found.group(1).decode()


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    # http.client joins repeated Set-Cookie headers with ", ".
    found = re.findall(r"(?:^|, )(\w+)=([^;]*)", headers.get("set-cookie", ""))
    return dict(found)


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


class _Databases:
    """The bench's own databases beside the configured one: a migrated template,
    and a copy of it for each size."""

    def __init__(self, url: str, sizes: tuple[int, ...]) -> None:
        self.base = url
        self.server = environ.Env.db_url_config(url)
        self.prefix = f"{self.server['NAME']}_bench"
        self.template = f"{self.prefix}_template"
        self.names = {size: f"{self.prefix}_{size}" for size in sizes}
        self.prefixes = {size: f"bench-{size}-{time.time_ns()}" for size in sizes}

    def url(self, size: int) -> str:
        return self._url_of(self.names[size])

    def env(self, size: int) -> dict[str, str]:
        return _env(self.url(size), cache_prefix=self.prefixes[size])

    def _url_of(self, name: str) -> str:
        parts = urllib.parse.urlsplit(self.base)
        return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))

    def _admin(self, name: str = "postgres") -> contextlib.AbstractContextManager[Any]:
        # The maintenance database by default: the configured one need not exist.
        return autocommit_cursor(
            dbname=name,
            user=self.server["USER"] or None,
            password=self.server["PASSWORD"] or None,
            host=self.server["HOST"] or None,
            port=self.server["PORT"] or None,
        )

    def make_template(self) -> None:
        self.drop_all()
        with self._admin() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.template}"')
        env = _env(self._url_of(self.template))
        _manage(env, "migrate", "--noinput", "--verbosity", "0")
        # Production settings serve hashed static files, as a deployment does.
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    def fresh(self, size: int) -> dict[str, str]:
        with self._admin() as cursor:
            cursor.execute(
                f'CREATE DATABASE "{self.names[size]}" TEMPLATE "{self.template}"'
            )
        return self.env(size)

    def settle(self, size: int) -> None:
        with self._admin(self.names[size]) as cursor:
            cursor.execute("VACUUM ANALYZE")
            with contextlib.suppress(psycopg2.Error):  # a superuser's right
                cursor.execute("CHECKPOINT")

    def drop_all(self) -> None:
        with self._admin() as cursor:
            for name in [*self.names.values(), self.template]:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database_url: str, *, cache_prefix: str = "bench") -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
        or secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "UADE_CACHE_PREFIX": cache_prefix,
        # Kept figures in Redis, shared by the workers, as deployed (the test
        # settings keep them in each process's memory).
        "UADE_SHARED_CACHE": "1" if os.environ.get("REDIS_URL") else "0",
        # The throttle stays in the measured path, at a rate the bench never reaches.
        "UADE_API_ANON_RATE": "1000000/min",
        "UADE_API_USER_RATE": "1000000/min",
        "LOG_LEVEL": "WARNING",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def report(results: dict[str, Any]) -> tuple[list[str], list[tuple[str, bool]]]:
    """The table of every page at every size, and the verdict on each target."""
    sizes = list(results["sizes"])
    small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    lines = [
        f"{'page':<22}{'queries':>10}"
        + "".join(f"{f'p50/p95 ms @{int(s):,}':>24}" for s in sizes)
        + f"{'p95 ×small':>12}{'p50 ×floor':>12}"
    ]
    verdicts: list[tuple[str, bool]] = []
    for name, figures in large["pages"].items():
        base = small["pages"][name]
        counts = sorted({*base["queries"], *figures["queries"]})
        floor_name = "DRF floor" if _is_api(figures["path"]) else "Django floor"
        floor = large["pages"][floor_name]
        over_small = _ratio(figures["p95_ms"], base["p95_ms"])
        over_floor = _ratio(figures["p50_ms"], floor["p50_ms"])
        lines.append(
            f"{name:<22}{'/'.join(map(str, counts)) or '-':>10}"
            + "".join(f"{_pair(results['sizes'][s]['pages'][name]):>24}" for s in sizes)
            + f"{_times(over_small):>12}{_times(over_floor):>12}"
        )
        if "floor" in name:
            continue
        errors = base["errors"] + figures["errors"]
        verdicts.append(
            (
                f"{name.strip()}: p95 {_times(over_small)} of the smallest size's "
                f"(≤ {P95_OVER_SMALL}×), queries {counts}"
                + (f", errors {errors[:3]}" if errors else ""),
                not errors
                and len(counts) == 1
                and over_small is not None
                and over_small <= P95_OVER_SMALL,
            )
        )
    api = large["pages"]["API list ×100"]
    api_floor = _ratio(api["p50_ms"], large["pages"]["DRF floor"]["p50_ms"])
    verdicts.append(
        (
            f"API list p50 {_times(api_floor)} the DRF floor (≤ {API_P50_OVER_FLOOR}×)",
            api_floor is not None and api_floor <= API_P50_OVER_FLOOR,
        )
    )
    home = large["pages"]["/"]
    home_floor = _ratio(home["p50_ms"], large["pages"]["Django floor"]["p50_ms"])
    verdicts.append(
        (
            f"/ p50 {_times(home_floor)} the Django floor (≤ {HOME_P50_OVER_FLOOR}×)",
            home_floor is not None and home_floor <= HOME_P50_OVER_FLOOR,
        )
    )
    for size in sizes:
        figures = results["sizes"][size]
        csv, imported, load = figures["csv"], figures["import"], figures["throughput"]
        cold = figures["after_a_change"]
        lines.append(
            f"@{int(size):,}: generated in {figures['load_seconds']} s; CSV "
            f"{csv['rows']:,} rows, {csv['mb']} MB in {csv['seconds']} s, worker "
            f"+{csv['peak_growth_mb']} MB; seed import end to end "
            f"{imported['seconds']} s ({imported['status']}); {load['clients']} "
            f"clients: {load['requests_per_second']} requests/s, p50/p95 "
            f"{_pair(load)} ms, {load['errors']} errors; the first reader after a "
            "change waits " + ", ".join(f"{path} {ms} ms" for path, ms in cold.items())
        )
        verdicts.append(
            (
                f"@{int(size):,}: CSV worker memory +{csv['peak_growth_mb']} MB "
                f"(≤ {CSV_GROWTH_MB} MB), {load['errors']} errors under load, import "
                f"answered {imported['status']}",
                csv["status"] == 200
                and csv["peak_growth_mb"] <= CSV_GROWTH_MB
                and load["errors"] == 0
                and imported["status"] == 302,
            )
        )
    return lines, verdicts


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/bench/floor/drf/"))


def _ratio(value: float | None, base: float | None) -> float | None:
    return round(value / base, 2) if value is not None and base else None


def _times(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio}×"


def _pair(figures: dict[str, Any]) -> str:
    return f"{figures['p50_ms']}/{figures['p95_ms']}"
