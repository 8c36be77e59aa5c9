"""How dates read on the public pages: absolute, then relative."""

from __future__ import annotations

import datetime as dt

from commitments.models import Commitment, Status


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def elapsed(earlier: dt.date, later: dt.date) -> str:
    """The calendar time from `earlier` to `later`: "3 years 11 months", "12 days".

    Whole months count only once the day of the month is reached again, so
    31 Dec 2021 → 5 Dec 2025 is 3 years 11 months.
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    if months < 1:
        return _plural((later - earlier).days, "day")
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(_plural(years, "year"))
    if months:
        parts.append(_plural(months, "month"))
    return " ".join(parts)


def deadline_status(deadline: dt.date | None, status: str, today: dt.date) -> str:
    """The relative half of "31 Dec 2021 · 3 years 11 months overdue".

    Achieved (fully or partly) reads "met", not achieved "not met"; otherwise the
    time left or overdue. A commitment that cannot be verified is never called
    overdue (it is final), only past its deadline.
    """
    if deadline is None:
        return ""
    if status in (Status.ACHIEVED, Status.PARTIALLY_ACHIEVED):
        return "met" if status == Status.ACHIEVED else "partly met"
    if status == Status.BROKEN:
        return "not met"
    if deadline == today:
        return "due today"
    if deadline > today:
        days = (deadline - today).days
        if days < 60:
            return f"{_plural(days, 'day')} left"
        return f"{elapsed(today, deadline)} left"
    if status == Status.UNVERIFIABLE:
        return f"passed {elapsed(deadline, today)} ago"
    return f"{elapsed(deadline, today)} overdue"


def citation(commitment: Commitment, as_of: dt.date, url: str) -> str:
    """ "Cite this" in plain text: title, status, as-of date, permanent URL."""
    return (
        f"“{commitment.title}”. Uade, commitment {commitment.pk}. "
        f"Status: {commitment.get_status_display()}, as of "
        f"{as_of.day} {as_of:%B %Y}. {url}"
    )


def _bibtex_text(text: str) -> str:
    # Braces and backslashes would end or escape the field.
    return "".join(
        f"\\{character}" if character in "{}\\%&#_$" else character
        for character in text
    )


def bibtex(commitment: Commitment, as_of: dt.date, url: str) -> str:
    """ "Cite this" as a BibTeX `@misc` entry."""
    fields = {
        "title": _bibtex_text(commitment.title),
        "author": "{Uade}",
        "howpublished": f"\\url{{{url}}}",
        "note": _bibtex_text(
            f"Status: {commitment.get_status_display()}, as of {as_of.isoformat()}"
        ),
        "year": str(as_of.year),
        "urldate": as_of.isoformat(),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{uade-commitment-{commitment.pk},\n{body}\n}}"
