"""Counting the (input, entry point) pairs the bad-input tests try, for the summary
at the end of the run."""

from __future__ import annotations

import pytest

_PAIRS = "_uade_bad_input_pairs"


@pytest.fixture
def tried(request: pytest.FixtureRequest) -> list[str]:
    """The pairs tried so far in this run; each test adds its own."""
    pairs: list[str] = getattr(request.config, _PAIRS, [])
    setattr(request.config, _PAIRS, pairs)
    return pairs


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    pairs: list[str] = getattr(config, _PAIRS, [])
    if pairs:
        # "public list ?page=" and "log progress form, note" are one entry point
        # each with the field or parameter named after it.
        entries = {
            name.rsplit(" × ", 1)[1].split(" ?")[0].split(",")[0] for name in pairs
        }
        terminalreporter.write_line(
            f"bad inputs: {len(pairs)} (input, entry point) pairs tried through "
            f"{len(entries)} entry points"
        )
