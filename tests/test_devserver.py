"""`make run`'s supervisor stops everything it started, however it is told to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The supervisor runs two children that would otherwise outlive it by a minute, and
# prints their process ids so the test can look for them afterwards.
SUPERVISOR = (
    "import sys; from config import devserver; "
    "sleep = [sys.executable, '-c', 'import time; time.sleep(60)']; "
    "devserver.supervise({'one': sleep, 'two': sleep})"
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers; it has exited all the same.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def _children_of(pid: int, count: int = 2) -> list[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _parent(int(entry.name)) == pid
        ]
        if len(found) == count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"process {pid} did not start {count} children")


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return None


def _wait_gone(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    return [pid for pid in pids if _alive(pid)]


pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="needs Linux /proc"
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_supervisor_and_every_child(signum: int) -> None:
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR], cwd=ROOT)  # noqa: S603
    children = _children_of(supervisor.pid)

    supervisor.send_signal(signum)

    assert supervisor.wait(timeout=10) == 0
    assert _wait_gone(children) == []


def test_an_orphaned_supervisor_stops_every_child() -> None:
    # `make` killed outright: the supervisor is left without its parent.
    shell = subprocess.Popen(  # noqa: S603
        ["/bin/sh", "-c", f'{sys.executable} -c "{SUPERVISOR}" & wait'], cwd=ROOT
    )
    [supervisor] = _children_of(shell.pid, count=1)
    children = _children_of(supervisor)

    shell.kill()
    shell.wait()

    assert _wait_gone([supervisor, *children]) == []
