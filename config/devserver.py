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
    commands = {
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
    children = {
        name: subprocess.Popen(command, start_new_session=True)  # noqa: S603
        for name, command in commands.items()
    }
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        exited = [name for name, child in children.items() if child.poll() is not None]
        if exited:
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
    sys.stderr.write("Stopped the web server, worker and beat.\n")
    return 0


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


if __name__ == "__main__":
    sys.exit(main())
