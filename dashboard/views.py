"""The public commitment pages: the list (and its CSV) and one commitment."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.models import Commitment
from dashboard import records, wording
from dashboard.exports import csv_lines
from dashboard.filters import CommitmentFilter, public_commitments
from dashboard.links import (
    commitment_permalink,
    commitment_slug,
    commitment_url,
    paragraph_url,
)
from tracking.models import ProgressUpdate

PAGE_SIZE = 25


def _filtered(request: HttpRequest) -> CommitmentFilter:
    return CommitmentFilter(
        request.GET, queryset=public_commitments(timezone.localdate())
    )


@require_GET
def commitment_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/commitment_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "commitments": page.object_list,
            "is_filtered": any(
                value for key, value in request.GET.items() if key not in ("page",)
            ),
        },
    )


@require_GET
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


@require_GET
def commitment_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponsePermanentRedirect(commitment_url(_published(pk)))


@require_GET
def commitment_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    commitment = _published(pk)
    if slug != commitment_slug(commitment):
        return HttpResponsePermanentRedirect(commitment_url(commitment))
    today = timezone.localdate()
    # A mention or evidence in a speech that is not public is not shown: its
    # title and words are not on the record yet.
    mentions = list(
        commitment.mentions.filter(address__is_public=True)
        .select_related("address")
        .defer("address__text")
        .order_by("address__delivered_on", "start")
    )
    updates = list(
        ProgressUpdate.objects.filter(commitment=commitment)
        .select_related("evidence_address")
        .order_by("created_at", "id")
    )
    public_evidence = [
        update
        for update in updates
        if update.evidence_address is not None and update.evidence_address.is_public
    ]
    positions = records.paragraph_positions(
        [(mention.address_id, mention.start) for mention in mentions]
        + [
            (update.evidence_address_id, update.evidence_start)
            for update in public_evidence
            if update.evidence_address_id and update.evidence_start is not None
        ]
    )
    quoted_mentions = [
        {
            "mention": mention,
            "url": paragraph_url(
                mention.address.slug,
                positions.get((mention.address_id, mention.start)),
            ),
            "position": positions.get((mention.address_id, mention.start)),
        }
        for mention in mentions
    ]
    evidence_links = {
        update.pk: paragraph_url(
            update.evidence_address.slug,
            None
            if update.evidence_start is None
            else positions.get((update.evidence_address.pk, update.evidence_start)),
        )
        for update in public_evidence
        if update.evidence_address is not None
    }
    timeline = [
        {
            "update": update,
            "evidence_link": evidence_links.get(update.pk),
            "show_quote": update.pk in evidence_links,
        }
        for update in reversed(updates)
    ]
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
            "mentions": quoted_mentions,
            "timeline": timeline,
            "rating_history": records.rating_history(updates),
            "permalink": permalink,
            "citation": wording.citation(commitment, today, permalink),
            "bibtex": wording.bibtex(commitment, today, permalink),
        },
    )
