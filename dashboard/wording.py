"""How dates read on the public pages: absolute, then relative, in the active
language."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import Commitment, Status


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _months(count: int) -> str:
    return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}


def _years(count: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


def elapsed(earlier: dt.date, later: dt.date) -> str:
    """The calendar time from `earlier` to `later`: "3 years 11 months", "12 days".

    Whole months count only once the day of the month is reached again, so
    31 Dec 2021 → 5 Dec 2025 is 3 years 11 months.
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    if months < 1:
        return _days((later - earlier).days)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(_years(years))
    if months:
        parts.append(_months(months))
    return " ".join(parts)


def deadline_status(deadline: dt.date | None, status: str, today: dt.date) -> str:
    """The relative half of "31 Dec 2021 · 3 years 11 months overdue".

    Achieved (fully or partly) reads "met", not achieved "not met"; otherwise the
    time left or overdue. A commitment that cannot be verified is never called
    overdue (it is final), only past its deadline. In the active language.
    """
    if deadline is None:
        return ""
    if status == Status.ACHIEVED:
        return _("met")
    if status == Status.PARTIALLY_ACHIEVED:
        return _("partly met")
    if status == Status.BROKEN:
        return _("not met")
    if deadline == today:
        return _("due today")
    if deadline > today:
        days = (deadline - today).days
        left = _days(days) if days < 60 else elapsed(today, deadline)
        return _("%(time)s left") % {"time": left}
    if status == Status.UNVERIFIABLE:
        return _("passed %(time)s ago") % {"time": elapsed(deadline, today)}
    return _("%(time)s overdue") % {"time": elapsed(deadline, today)}


def citation(commitment: Commitment, as_of: dt.date, url: str) -> str:
    """ "Cite this" in plain text: title, status, as-of date, permanent URL."""
    return _(
        "“%(title)s”. Uade, commitment %(number)s. Status: %(status)s, as of "
        "%(day)s. %(url)s"
    ) % {
        "title": commitment.title,
        "number": commitment.pk,
        "status": commitment.get_status_display(),
        "day": date_format(as_of, "UADE_LONG_DATE"),
        "url": url,
    }


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
            _("Status: %(status)s, as of %(day)s")
            % {"status": commitment.get_status_display(), "day": as_of.isoformat()}
        ),
        "year": str(as_of.year),
        "urldate": as_of.isoformat(),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{uade-commitment-{commitment.pk},\n{body}\n}}"
