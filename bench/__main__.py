"""Run the benchmarks and print their figures against the targets.

`python -m bench [extraction|refresh|reminders|web]`; reminders and web need
PostgreSQL (DATABASE_URL): reminders run in a throw-away test database, web in
databases of its own beside the configured one (bench.web). Every figure is also
written to `bench/results/<timestamp>.json`. `python -m bench load` and `python -m
bench faults` are the load test, with and without faults (bench.load).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from bench import extraction, refresh, reminders, web

    if sys.argv[1:2] == ["load"]:
        from bench import load

        return load.main(sys.argv[2:])
    if sys.argv[1:2] == ["faults"]:
        from bench import load

        return load.main(["--faults", "all", *sys.argv[2:]])
    chosen = set(sys.argv[1:]) or {"extraction", "refresh", "reminders", "web"}
    results: dict[str, Any] = {}
    if "web" in chosen:
        # First, while nothing else this command started is using the machine.
        results["web"] = figures = web.run()
        if "skipped" in figures:
            print("web:", figures["skipped"])
        else:
            lines, verdicts = web.report(figures)
            print("\n".join(lines))
            for line, met in verdicts:
                _verdict(line, met)
    if "extraction" in chosen:
        results["extraction"] = figures = extraction.run()
        print("extraction:", json.dumps(figures))
        _verdict(
            f"76 KB address: {figures['extract_cpu_seconds_best']} s CPU (≤ 0.5 s; "
            f"{figures['extract_cpu_seconds_first']} s the first time, model loaded), "
            f"command peak {figures['command_peak_mb']} MB (≤ 250 MB)",
            figures["extract_cpu_seconds_best"] <= 0.5
            and figures["command_peak_mb"] <= 250,
        )
        press = figures["press_conference"]
        if press:
            _verdict(
                f"press conference, {press['words']:,} words: "
                f"{press['extract_cpu_seconds']} s CPU (≤ 2 s)",
                press["extract_cpu_seconds"] <= 2,
            )
        for name, case in figures["worst_cases"].items():
            if "failed" in case:
                _verdict(f"2 MB {name}: {case['failed']}", False)
                continue
            _verdict(
                f"2 MB {name}: {case['extract_cpu_seconds']} s CPU (≤ "
                f"{extraction.WORST_CASE_SECONDS} s), peak {case['peak_mb']} MB (≤ "
                f"{extraction.WORST_CASE_MB} MB); {case['candidates']:,} candidates, "
                f"{case['quoted_chars']:,} characters quoted, "
                f"{case['json_mb']} MB of JSON",
                case["met"],
            )
    if "refresh" in chosen:
        results["refresh"] = cases = refresh.run()
        print("refresh:", json.dumps(cases))
        for name, case in cases.items():
            if "failed" in case:
                _verdict(f"2 MB {name}, import and task: {case['failed']}", False)
                continue
            _verdict(
                f"2 MB {name}, the background task (extract, link against the demo, "
                f"store): {case['task_seconds']} s (≤ {refresh.SECONDS} s), process "
                f"peak {case['peak_mb']} MB (≤ {refresh.PEAK_MB} MB); "
                f"{case['candidates']:,} candidates, extraction {case['state']}",
                case["met"],
            )
    if "reminders" in chosen:
        results["reminders"] = figures = reminders.run()
        print("reminders:", json.dumps(figures))
        if "skipped" not in figures:
            _verdict(
                f"planning {figures['plan_commitments']:,} commitments: "
                f"{figures['plan_seconds']} s with deadlines over 3 years, "
                f"{figures['plan_dense_seconds']} s with all due within a month "
                f"({figures['plan_dense_rows_created']:,} rows) (≤ 30 s)",
                max(figures["plan_seconds"], figures["plan_dense_seconds"]) <= 30,
            )
            _verdict(
                f"sweep of {figures['sweep_due']:,} due among 1,000,000 commitments: "
                f"{figures['sweep_seconds_at_1m_commitments']} s (≤ 2 s); at 100,000: "
                f"{figures['sweep_seconds_at_100k_commitments']} s; claim query uses "
                f"{figures['claim_query_plan']}",
                figures["sweep_seconds_at_1m_commitments"] <= 2,
            )
    _write(results)
    return 0


def _write(results: dict[str, Any]) -> None:
    folder = Path(__file__).resolve().parent / "results"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Figures written to {path.relative_to(Path.cwd())}")


def _verdict(line: str, met: bool) -> None:
    print(f"  {line} -> {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
