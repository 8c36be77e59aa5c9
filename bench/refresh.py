"""The background task end to end on the worst inputs: import a 2 MB speech, then
extract, link against the demo's 177 commitments and store, as the worker does.

Each case runs in a fresh process on its own copy of a SQLite database that already
holds the demo, and reports the wall time of `run_extraction` (extraction, linking,
writing candidates and suggestions) and the peak memory of the whole process (Django,
the import and the task). Targets, as for extraction alone: ≤ 30 s and ≤ 300 MB.

`python -m bench.refresh NAME` runs one case in this process (the database given by
DATABASE_URL) and prints its figures as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.extraction import ROOT, WORST_CASE_BYTES, WORST_CASES, _peak_mb

# The cases that give the longest line, the most candidates and the most segments
# (a letter, not a digit, a line: the importer refuses a text without letters).
CASES = {
    "no full stop": WORST_CASES["no full stop"],
    "dated clauses": WORST_CASES["dated clauses"],
    "short commitments": WORST_CASES["short commitments"],
    "one letter a line": "a\n",
}
SECONDS = 30
PEAK_MB = 300


def run() -> dict[str, Any]:
    """Build a demo database once, then run each case on a copy of it."""
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "demo.sqlite3"
        env = _env(template, folder)
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        figures: dict[str, Any] = {}
        for name in CASES:
            database = Path(folder) / "case.sqlite3"
            shutil.copyfile(template, database)
            result = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.refresh", name],
                cwd=ROOT,
                env=_env(database, folder),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                figures[name] = {"failed": result.stderr.strip()[-300:]}
                continue
            case = json.loads(result.stdout)
            case["met"] = case["task_seconds"] <= SECONDS and case["peak_mb"] <= PEAK_MB
            figures[name] = case
    return figures


def _env(database: Path, folder: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "UADE_VAR_DIR": folder,
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def measure(name: str) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from addresses.services import AddressInput
    from addresses.services import import_address as store_speech
    from commitments import services
    from commitments.models import Extraction

    unit = CASES[name]
    address = store_speech(
        (unit * (WORST_CASE_BYTES // len(unit) + 1))[:WORST_CASE_BYTES],
        AddressInput(title=f"Worst case: {name}", speaker="Bench", delivered_on=
                     "2024-06-01"),
    )  # fmt: skip
    Extraction.objects.create(address=address)
    started = time.perf_counter()
    result = services.run_extraction(address.pk)
    seconds = time.perf_counter() - started
    extraction = Extraction.objects.get(pk=address.pk)
    return {
        "state": extraction.state,
        "error": extraction.error,
        "task_seconds": round(seconds, 1),
        "peak_mb": round(_peak_mb(), 1),
        "candidates": result.candidates if result else 0,
        "restatements": result.restatements if result else 0,
        "evidence": result.evidence if result else 0,
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
