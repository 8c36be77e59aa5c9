"""The deadline calendar (a page and an iCalendar feed) and the methodology page."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from commitments.models import Status
from dashboard import calendar
from dashboard.methodology import STATUS_MEANINGS


def _year(request: HttpRequest, default: int) -> int:
    """The `year` in the URL; a malformed one, or one outside the years Uade
    accepts for any date, is a page that does not exist."""
    value = request.GET.get("year", "")
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise Http404("No such year.")
    year = int(value)
    if not settings.UADE_MIN_YEAR <= year <= settings.UADE_MAX_YEAR:
        raise Http404("No such year.")
    return year


@require_safe
def deadline_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today.year)
    commitments = list(calendar.due_in(year, today))
    years = calendar.deadline_years()
    return render(
        request,
        "dashboard/calendar.html",
        {
            "year": year,
            "today": today,
            "months": calendar.by_month(commitments, today),
            "count": len(commitments),
            "years": years,
            "previous_year": max((y for y in years if y < year), default=None),
            "next_year": min((y for y in years if y > year), default=None),
        },
    )


@require_safe
def deadline_calendar_ics(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        calendar.ics(calendar.calendar_commitments()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="uade-deadlines.ics"'
    return response


@require_safe
def methodology(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/methodology.html",
        {
            "statuses": [
                (status.value, STATUS_MEANINGS[status.value]) for status in Status
            ],
            "final_statuses": [
                status.label for status in Status if status in Status.final()
            ],
        },
    )
