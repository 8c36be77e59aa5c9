"""How deadlines read: pure, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.wording import deadline_status, elapsed


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (dt.date(2021, 12, 31), dt.date(2025, 12, 5), "3 years 11 months"),
        (dt.date(2021, 12, 31), dt.date(2022, 12, 31), "1 year"),
        (dt.date(2024, 1, 15), dt.date(2024, 2, 14), "30 days"),
        (dt.date(2024, 1, 15), dt.date(2024, 2, 15), "1 month"),
        (dt.date(2024, 1, 15), dt.date(2024, 1, 16), "1 day"),
    ],
)
def test_elapsed_counts_calendar_years_months_then_days(earlier, later, expected):
    assert elapsed(earlier, later) == expected


TODAY = dt.date(2025, 12, 5)


@pytest.mark.parametrize(
    ("deadline", "status", "expected"),
    [
        (None, "in_progress", ""),
        (dt.date(2021, 12, 31), "in_progress", "3 years 11 months overdue"),
        (dt.date(2025, 12, 4), "stalled", "1 day overdue"),
        (dt.date(2025, 12, 5), "not_rated", "due today"),
        (dt.date(2025, 12, 6), "not_rated", "1 day left"),
        (dt.date(2026, 1, 4), "in_progress", "30 days left"),
        (dt.date(2027, 3, 5), "in_progress", "1 year 3 months left"),
        (dt.date(2021, 12, 31), "achieved", "met"),
        (dt.date(2021, 12, 31), "partially_achieved", "partly met"),
        (dt.date(2030, 12, 31), "broken", "not met"),
        (dt.date(2025, 1, 5), "unverifiable", "passed 11 months ago"),
    ],
)
def test_deadline_status(deadline, status, expected):
    assert deadline_status(deadline, status, TODAY) == expected
