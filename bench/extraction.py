"""Extraction speed and memory on the 76 KB seed address.

Targets: ≤ 0.3 s of `extract()` on one core (best of several runs, so a busy machine
does not count against it) and ≤ 200 MB peak memory for the whole command.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from addresses.text import decode_text
from commitments.extraction import extract

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "demo" / "seeds" / "000_c6f83971ef7d8c01.txt"
RUNS = 7


def run() -> dict[str, float]:
    text = decode_text(SEED.read_bytes())
    delivered_on = dt.date(2020, 9, 1)
    extract(text, delivered_on=delivered_on)  # warm the regex caches once
    seconds = []
    for _ in range(RUNS):
        started = time.process_time()
        proposals = extract(text, delivered_on=delivered_on)
        seconds.append(time.process_time() - started)
    command = [
        sys.executable,
        "manage.py",
        "extract_commitments",
        str(SEED),
        "--date",
        "2020-09-01",
        "--format",
        "json",
    ]
    started_wall = time.perf_counter()
    subprocess.run(  # noqa: S603
        command,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    command_seconds = time.perf_counter() - started_wall
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "text_kb": round(len(text.encode("utf-8")) / 1024, 1),
        "proposals": len(proposals),
        "extract_cpu_seconds_best": round(min(seconds), 3),
        "extract_cpu_seconds_median": round(sorted(seconds)[len(seconds) // 2], 3),
        "command_wall_seconds": round(command_seconds, 2),
        "command_peak_mb": round(peak_kb / 1024, 1),
    }
