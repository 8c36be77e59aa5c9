"""Run the web server, a Celery worker and Celery beat until Ctrl-C (`make run`).

Each child gets its own session, so the terminal's Ctrl-C reaches only this
supervisor, which then stops all three in order and waits for them: nothing is left
running in the background.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
STOP_SECONDS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--address", default="127.0.0.1:8000")
    args = parser.parse_args()
    # Links in emails and feeds use SITE_URL; the worker sends the reminders, so it
    # must learn the address the web server really answers at (`make run PORT=…`).
    os.environ["SITE_URL"] = configured_site_url() or site_url_for(args.address)
    return supervise(
        {
            "web": [sys.executable, "manage.py", "runserver", args.address],
            "worker": [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
            ],
            "beat": [str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO"],
        }
    )


def configured_site_url() -> str:
    """SITE_URL from the environment or, as settings read it, from `.env`."""
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"]
    dotenv = Path(__file__).resolve().parent.parent / ".env"
    if dotenv.is_file():
        for line in dotenv.read_text(encoding="utf-8").splitlines():
            name, equals, value = line.strip().removeprefix("export ").partition("=")
            if equals and name.strip() == "SITE_URL":
                return value.strip().strip("'\"")
    return ""


def site_url_for(address: str) -> str:
    """The URL a browser on this machine reaches `runserver ADDRESS` at."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (listening everywhere)
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def supervise(commands: dict[str, list[str]]) -> int:
    """Run `commands` until one exits or this process is told to stop (SIGINT,
    SIGTERM, SIGHUP) or orphaned; then stop them all and wait for them."""
    # Read before any child starts: once the children run, the one who started us
    # may already be gone, and a parent read then would be the new one.
    parent = os.getppid()
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    # SIGHUP too: closing the terminal must not leave the children running, since
    # they are in sessions of their own and the hang-up does not reach them. When
    # the terminal goes, `make` may die without passing anything on: being orphaned
    # (a new parent) also stops everything. The handlers go in before any child
    # starts, so a signal that comes while they start still stops them all instead
    # of killing this process and leaving the first ones behind.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    children = {
        name: subprocess.Popen(command, start_new_session=True)  # noqa: S603
        for name, command in commands.items()
    }
    while not stopping and os.getppid() == parent:
        exited = [name for name, child in children.items() if child.poll() is not None]
        if exited:
            with contextlib.suppress(OSError):
                sys.stderr.write(f"{', '.join(exited)} stopped; stopping the rest.\n")
            break
        time.sleep(0.5)

    # Signal whole process groups: runserver's autoreloader and Celery's pool
    # processes are grandchildren.
    for child in children.values():
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.wait()
    with contextlib.suppress(OSError):  # the terminal may be gone
        sys.stderr.write("Stopped the web server, worker and beat.\n")
    return 0


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


if __name__ == "__main__":
    sys.exit(main())
