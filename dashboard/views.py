"""The public pages of commitments: the scoreboard, the list (and its CSV) and one
commitment."""

from __future__ import annotations

from typing import Any, cast

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from addresses.models import RecordVersion
from addresses.versioning import cached
from commitments.models import Area, Commitment
from dashboard import records, scoreboard, wording
from dashboard.exports import csv_lines
from dashboard.filters import CommitmentFilter, public_commitments
from dashboard.links import (
    commitment_permalink,
    commitment_slug,
    commitment_url,
)
from dashboard.paging import IdFirstPaginator

PAGE_SIZE = 25
# The list filters that narrow the scoreboard too.
SCOREBOARD_NARROWING = ("area", "speaker")


def _filtered(request: HttpRequest) -> CommitmentFilter:
    return CommitmentFilter(
        request.GET, queryset=public_commitments(timezone.localdate())
    )


@require_safe
def commitment_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = IdFirstPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/commitment_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "commitments": page.object_list,
            "is_filtered": any(
                value
                for key, value in request.GET.items()
                if key not in ("page", "sort")
            ),
        },
    )


@require_safe
def commitment_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The rows of the list page with the same filters and order, every page."""
    filterset = _filtered(request)
    response = StreamingHttpResponse(
        csv_lines(filterset.qs.iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="uade-commitments.csv"'
    return response


def _published(pk: int) -> Commitment:
    return get_object_or_404(Commitment.objects.published(), pk=pk)


@require_safe
def commitment_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponsePermanentRedirect(commitment_url(_published(pk)))


@require_safe
def commitment_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    commitment = _published(pk)
    if slug != commitment_slug(commitment):
        return HttpResponsePermanentRedirect(commitment_url(commitment))
    today = timezone.localdate()
    record = records.public_record(commitment)
    permalink = commitment_permalink(commitment)
    return render(
        request,
        "dashboard/commitment_detail.html",
        {
            "commitment": commitment,
            "today": today,
            "is_overdue": commitment.is_overdue(today),
            "deadline_status": wording.deadline_status(
                commitment.deadline, commitment.status, today
            ),
            "mentions": record.mentions,
            "timeline": record.timeline,
            "rating_history": record.rating_history,
            "goalposts": record.goalposts,
            "permalink": permalink,
            "citation": wording.citation(commitment, today, permalink),
            "bibtex": wording.bibtex(commitment, today, permalink),
        },
    )


@require_safe
def scoreboard_page(request: HttpRequest) -> HttpResponse:
    """`/`: the published record in figures, narrowed by the list's own filters."""
    today = timezone.localdate()
    narrowing = {
        name: request.GET[name]
        for name in SCOREBOARD_NARROWING
        if request.GET.get(name)
    }
    # The filters' form costs as much as the rest of a kept page: made only when
    # something is narrowed, or the page is built.
    filterset = cast(
        CommitmentFilter,
        SimpleLazyObject(
            lambda: CommitmentFilter(narrowing, queryset=Commitment.objects.published())
        ),
    )
    is_valid = not narrowing or filterset.is_valid()
    used = narrowing if is_valid else {}
    # Built from every commitment and update, and a long page: kept for each
    # version of the record, narrowing, day and language, so that a reader after
    # the first costs one query. The board itself is only read to build the page
    # (and by whoever asks the context for it).
    version = RecordVersion.current()
    parts = [sorted(narrowing.items()), today, get_language()]

    def board() -> scoreboard.Scoreboard:
        return cached(
            "scoreboard",
            parts,
            lambda: scoreboard.build(filterset.qs, used, today),
            version=version,
        )

    context: dict[str, Any] = {
        "board": SimpleLazyObject(board),
        "filter": filterset,
        "today": today,
        "statuses": scoreboard.STATUS_ORDER,
        "area": Area(narrowing["area"]).label
        if is_valid and "area" in narrowing
        else None,
        "speaker": filterset.form.cleaned_data.get("speaker")
        if narrowing and is_valid
        else None,
        "is_narrowed": bool(narrowing),
    }

    def page() -> tuple[int, str]:
        body = render_to_string("dashboard/_scoreboard_body.html", context, request)
        return context["board"].total.count, body

    total, body = cached("scoreboard-page", parts, page, version=version)
    # A template's own output, escaped there.
    context.update(total=total, body=mark_safe(body))  # noqa: S308
    return render(request, "dashboard/scoreboard.html", context)
