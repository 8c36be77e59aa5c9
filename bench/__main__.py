"""Run the benchmarks and print their figures against the targets."""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from bench import extraction

    figures = extraction.run()
    print("extraction:", json.dumps(figures))
    ok = (
        figures["extract_cpu_seconds_best"] <= 0.3 and figures["command_peak_mb"] <= 200
    )
    print(
        f"  76 KB address: {figures['extract_cpu_seconds_best']} s CPU "
        "(target ≤ 0.3 s), "
        f"command peak {figures['command_peak_mb']} MB (target ≤ 200 MB)"
        f" -> {'met' if ok else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
