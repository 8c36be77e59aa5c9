"""Progress over time: how many commitments stood at each status, month by month
(pure; no Django).

Fed by the append-only update history, so each month shows what was known at its
end, not what is known today: a commitment rated achieved in March and corrected to
in progress in May counts as achieved in March and April only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

# (commitment id, status, when it was rated: a time, or the first day of its month)
UpdateRow = tuple[int, str, dt.datetime | dt.date]


@dataclass(frozen=True)
class MonthCounts:
    month: dt.date  # the first day of the month
    counts: dict[str, int]  # status → commitments at it at the month's end


def _month(moment: dt.date | dt.datetime) -> dt.date:
    return dt.date(moment.year, moment.month, 1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def burn_up(
    updates: Iterable[UpdateRow],
    statuses: Collection[str],
    until: dt.date,
) -> list[MonthCounts]:
    """The count of commitments at each of `statuses` at the end of every month,
    from the month of the first update to the month of `until`, both included.

    A commitment's status at a month's end is that of its latest update up to then
    (ties in time go to the later row, so give the rows in the order they were
    written). Times are read as given: pass local times to count by local months.
    An empty history gives no months.
    """
    # A stable sort: rows written at the same moment keep their order.
    ordered: Sequence[UpdateRow] = sorted(updates, key=lambda row: row[2])
    if not ordered:
        return []
    current: dict[int, str] = {}
    # Kept up to date as commitments move, rather than recounted every month: a
    # million updates over ten years would be a billion steps.
    standing: dict[str, int] = defaultdict(int)
    series = []
    month = _month(ordered[0][2])
    last = _month(until)
    index = 0
    while month <= last:
        end = _next_month(month)
        while index < len(ordered) and _month(ordered[index][2]) < end:
            commitment_id, status, _ = ordered[index]
            before = current.get(commitment_id)
            if before is not None:
                standing[before] -= 1
            standing[status] += 1
            current[commitment_id] = status
            index += 1
        counts = {status: standing[status] for status in statuses}
        series.append(MonthCounts(month=month, counts=counts))
        month = end
    return series
