"""Geometry of the scoreboard's charts (pure; no database)."""

from __future__ import annotations

import datetime as dt

from dashboard.charts import line_chart, stacked_bar


def test_a_stacked_bar_fills_the_width_in_shares_leaving_out_empty_parts():
    segments = stacked_bar([("achieved", 1), ("stalled", 0), ("broken", 3)])

    assert [(s.key, s.x, s.width, s.share) for s in segments] == [
        ("achieved", 0.0, 25.0, 25),
        ("broken", 25.0, 75.0, 75),
    ]
    assert stacked_bar([("achieved", 0)]) == []


def test_a_scaled_bar_is_as_long_as_its_total_against_the_longest_row():
    segments = stacked_bar([("achieved", 1), ("broken", 3)], scale=16)

    assert [(s.x, s.width) for s in segments] == [(0.0, 6.25), (6.25, 18.75)]
    # Too narrow for its text: the <title>, the legend and the table give it.
    assert not segments[0].has_room
    assert segments[1].has_room


def test_a_line_chart_spans_the_months_on_a_round_scale():
    months = [dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1)]

    chart = line_chart(months, [("achieved", [0, 3, 7]), ("broken", [1, 1, 1])])

    assert [tick.label for tick in chart.y_ticks] == ["0", "2", "4", "6", "8"]
    assert [tick.label for tick in chart.x_ticks] == ["2025", "2026"]
    achieved = chart.lines[0].points.split()
    assert achieved[0] == f"{chart.left}.0,{chart.bottom}.0"
    assert achieved[-1].startswith(f"{chart.right}.0,")
    assert chart.lines[0].last_value == 7


def test_one_month_is_a_flat_line_across():
    chart = line_chart([dt.date(2026, 1, 1)], [("achieved", [2])])

    [start, end] = chart.lines[0].points.split()
    assert start.split(",")[1] == end.split(",")[1]
    assert end.startswith(f"{chart.right}")


def test_the_first_months_year_gives_way_to_a_january_close_by():
    months = [dt.date(2020 + (10 + n) // 12, (10 + n) % 12 + 1, 1) for n in range(60)]

    chart = line_chart(months, [("achieved", [0] * 60)])

    assert months[0] == dt.date(2020, 11, 1)
    assert [tick.label for tick in chart.x_ticks] == [
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
    ]
