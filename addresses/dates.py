"""Read the dates people type (pure; no Django).

One parser for every route that takes a date — imports, manifests, the extraction and
reminder commands — so they accept and refuse the same things, with the same words.
Years outside `years` are refused: nothing Uade records happened before 1900, and
arithmetic on a year such as 9999 overflows.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})")
DEFAULT_YEARS = (1900, 2200)


class DateRefused(ValueError):
    """The value is not a date Uade accepts; the message says what to give."""


def parse_iso_date(
    value: str, *, what: str = "date", years: tuple[int, int] = DEFAULT_YEARS
) -> dt.date:
    """Parse YYYY-MM-DD strictly, within `years` (inclusive)."""
    value = value.strip()
    if not value:
        raise DateRefused(f"The {what} is missing; give it as YYYY-MM-DD.")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise DateRefused(
            f'The {what} "{value}" is not a valid date; give it as YYYY-MM-DD.'
        ) from None
    _check_year(day.year, value, what, years)
    return day


def parse_iso_datetime(
    value: str, *, what: str = "time", years: tuple[int, int] = DEFAULT_YEARS
) -> dt.datetime:
    """Parse YYYY-MM-DD[THH:MM[:SS]] with an optional offset, within `years`.

    The result is naive when no offset was given; the caller decides its zone.
    """
    value = value.strip()
    body = _OFFSET.sub("", value[10:], count=1) if len(value) > 10 else ""
    try:
        if not _ISO_DATETIME.fullmatch(value[:10] + body):
            raise ValueError(value)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise DateRefused(
            f'The {what} "{value}" is not an ISO 8601 date and time; give it as '
            "YYYY-MM-DDTHH:MM, e.g. 2025-01-02T09:00."
        ) from None
    _check_year(moment.year, value, what, years)
    return moment


def _check_year(year: int, value: str, what: str, years: tuple[int, int]) -> None:
    first, last = years
    if not first <= year <= last:
        raise DateRefused(
            f'The {what} "{value}" is outside the years {first}–{last} that Uade '
            "accepts."
        )
