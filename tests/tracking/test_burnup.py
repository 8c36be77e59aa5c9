"""Progress over time from the update history (pure; no database)."""

from __future__ import annotations

import datetime as dt

from tracking.burnup import burn_up

STATUSES = ("achieved", "in_progress", "broken")


def at(year: int, month: int, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def test_no_history_gives_no_months():
    assert burn_up([], STATUSES, dt.date(2026, 6, 15)) == []


def test_each_month_counts_the_latest_status_known_at_its_end():
    rows = [
        (1, "in_progress", at(2025, 11, 3)),
        (2, "in_progress", at(2025, 12, 31)),
        (1, "achieved", at(2026, 1, 20)),
        (1, "in_progress", at(2026, 3, 1)),  # a correction: back from achieved
        (2, "broken", at(2026, 3, 2)),
        (3, "stalled", at(2026, 3, 3)),  # not a status asked for: counted nowhere
    ]

    months = burn_up(rows, STATUSES, dt.date(2026, 3, 31))

    assert [(month.month, month.counts) for month in months] == [
        (dt.date(2025, 11, 1), {"achieved": 0, "in_progress": 1, "broken": 0}),
        (dt.date(2025, 12, 1), {"achieved": 0, "in_progress": 2, "broken": 0}),
        (dt.date(2026, 1, 1), {"achieved": 1, "in_progress": 1, "broken": 0}),
        (dt.date(2026, 2, 1), {"achieved": 1, "in_progress": 1, "broken": 0}),
        (dt.date(2026, 3, 1), {"achieved": 0, "in_progress": 1, "broken": 1}),
    ]


def test_rows_written_at_the_same_moment_keep_their_order():
    moment = at(2026, 2, 10)
    rows = [(1, "achieved", moment), (1, "broken", moment)]

    [month] = burn_up(rows, STATUSES, dt.date(2026, 2, 28))

    assert month.counts == {"achieved": 0, "in_progress": 0, "broken": 1}


def test_rows_in_any_order_and_updates_after_the_last_month_left_out():
    rows = [
        (1, "broken", at(2026, 5, 1)),
        (1, "achieved", at(2026, 2, 1)),
    ]

    months = burn_up(rows, STATUSES, dt.date(2026, 3, 15))

    assert [month.counts["achieved"] for month in months] == [1, 1]
    assert [month.counts["broken"] for month in months] == [0, 0]
