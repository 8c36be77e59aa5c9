"""Extraction speed and memory: the 76 KB seed address, and the worst inputs at 2 MB.

Targets: ≤ 0.5 s of `extract()` on one core for the seed, the sentence model
included (best of several runs, so a busy machine does not count against it; the
first run, which also loads the model, is reported beside it), ≤ 2 s for the longest
press conference of the shared corpus (about 30,000 words; measured when the corpus
is beside the project) and ≤ 250 MB peak memory for the whole command; for each
pathological input at the import limit (2 MB, UADE_MAX_TEXT_BYTES), ≤ 30 s of
`extract()` and ≤ 300 MB peak memory (the peak resident size of a process that
builds the text, extracts and serialises the candidates to JSON, as the command
does).

`python -m bench.extraction NAME` runs one worst case in this process and prints its
figures as JSON (the benchmark runs each so, in a subprocess of its own).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from addresses.text import decode_text
from bench.corpus import corpus
from commitments.extraction import extract

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "demo" / "seeds" / "000_c6f83971ef7d8c01.txt"
RUNS = 7
WORST_CASE_BYTES = 2 * 1024 * 1024  # the import limit, UADE_MAX_TEXT_BYTES
WORST_CASE_SECONDS = 30
WORST_CASE_MB = 300

# Each worst case is one unit repeated to 2 MB (all ASCII: characters are bytes).
WORST_CASES: dict[str, str] = {
    # One 2 MB line with no full stop: a single "sentence".
    "no full stop": "The Government will build 20 new schools and hospitals in every "
    "region by 2030 with 3 billion tenge ",
    # Many differently dated clauses in one line (2,596 candidates quoting the whole
    # 256 KB line once made 770 MB of JSON).
    "dated clauses": "We will build 10 schools by 2030 and 20 hospitals by 2031; ",
    "by 2030, repeated": "by 2030, ",
    "one word": "a",
    "commas": ",",
    "digits": "1",
    "within 999 decades": "within 999 decades ",
    # Runs of spaces and of adverbs that once made regexes backtrack.
    "spaces": "I ask the Government to set" + " " * 3000 + "a task of ",
    "adverbs": "The Government will " + "only " * 40 + "; ",
    "spaces in a commitment": "We will" + " " * 3000 + "be building 5 schools. ",
    # Once rescanned from each full stop or line: quadratic in the text.
    "abbreviations": "Mr. Smith ",
    "hard-wrapped lines": "word\n",
    # The most segments (a million: the most memory) and the most candidates.
    "one character a line": "1\n",
    "short commitments": "We will build 10 schools by 2030. ",
    "list items": "- the Government will build 10 schools by 2030;\n",
}


def run() -> dict[str, Any]:
    text = decode_text(SEED.read_bytes())
    delivered_on = dt.date(2020, 9, 1)
    started = time.process_time()
    extract(text, delivered_on=delivered_on)  # loads the model, warms the regexes
    first = time.process_time() - started
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
    child = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    # This child's own peak: RUSAGE_CHILDREN would report the largest of every
    # child this process has had (the web bench's, in `python -m bench`).
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    command_seconds = time.perf_counter() - started_wall
    peak_kb = usage.ru_maxrss
    return {
        "text_kb": round(len(text.encode("utf-8")) / 1024, 1),
        "proposals": len(proposals),
        "extract_cpu_seconds_best": round(min(seconds), 3),
        "extract_cpu_seconds_median": round(sorted(seconds)[len(seconds) // 2], 3),
        "extract_cpu_seconds_first": round(first, 3),
        "press_conference": _press_conference(),
        "command_wall_seconds": round(command_seconds, 2),
        "command_peak_mb": round(peak_kb / 1024, 1),
        "worst_cases": run_worst_cases(),
    }


def _press_conference() -> dict[str, Any] | None:
    """Time `extract()` on the corpus's longest interview, if the corpus is here."""
    interviews = [d for d in corpus() if d.kind == "interview"]
    if not interviews:
        return None
    longest = max(interviews, key=lambda d: len(d.text))
    started = time.process_time()
    proposals = extract(
        longest.text, delivered_on=longest.delivered_on, kind="interview"
    )
    return {
        "words": len(longest.text.split()),
        "proposals": len(proposals),
        "extract_cpu_seconds": round(time.process_time() - started, 3),
    }


def worst_case_text(name: str, size: int = WORST_CASE_BYTES) -> str:
    unit = WORST_CASES[name]
    return (unit * (size // len(unit) + 1))[:size]


def run_worst_cases() -> dict[str, dict[str, Any]]:
    """Run each worst case in a subprocess of its own (a fresh process per case)."""
    figures = {}
    for name in WORST_CASES:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.extraction", name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            figures[name] = {"failed": result.stderr.strip()[-300:]}
            continue
        case = json.loads(result.stdout)
        case["met"] = (
            case["extract_cpu_seconds"] <= WORST_CASE_SECONDS
            and case["peak_mb"] <= WORST_CASE_MB
        )
        figures[name] = case
    return figures


def _peak_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's VmHWM belongs to the process's own memory; ru_maxrss (the fallback) also
    counts the parent's resident memory at the fork, which would inflate the figure.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_worst_case(name: str) -> dict[str, Any]:
    """Extract from one worst case here and serialise it as the command does.

    Returns the CPU time of `extract()`, the peak memory of the whole process (text,
    extraction and JSON), the counts and the size of the JSON.
    """
    text = worst_case_text(name)
    started = time.process_time()
    candidates = extract(text, delivered_on=dt.date(2024, 1, 1))
    seconds = time.process_time() - started
    rows = [dataclasses.asdict(candidate) for candidate in candidates]
    output = json.dumps(rows, ensure_ascii=False, indent=1, default=str)
    return {
        "text_mb": round(len(text.encode("utf-8")) / 2**20, 2),
        "extract_cpu_seconds": round(seconds, 2),
        "peak_mb": round(_peak_mb(), 1),
        "candidates": len(candidates),
        "quoted_chars": sum(len(candidate.quote) for candidate in candidates),
        "json_mb": round(len(output.encode("utf-8")) / 2**20, 1),
    }


if __name__ == "__main__":
    print(json.dumps(measure_worst_case(sys.argv[1])))
