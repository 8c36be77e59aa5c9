"""Cards for other sites' iframes: the only routes that may be framed.

Every other page keeps `X-Frame-Options: DENY` and the policy's `frame-ancestors
'none'` (the settings' defaults); these are exempt from the first and replace the
second with UADE_EMBED_FRAME_ANCESTORS, and open Uade's own pages in a new tab rather
than inside the frame.
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from addresses.models import Address
from commitments.models import Commitment
from dashboard import wording
from dashboard.links import commitment_url
from dashboard.scorecards import mentioned_in, scorecard, status_counts


@xframe_options_exempt
# (django-csp 4.0 types its decorators for views that take the request alone.)
@csp_replace({"frame-ancestors": settings.UADE_EMBED_FRAME_ANCESTORS})  # type: ignore[arg-type]
@require_safe
def commitment_card(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.published(), pk=pk)
    today = timezone.localdate()
    # The first quote on the record; one in a speech not yet public is not.
    quote = (
        commitment.mentions.filter(address__is_public=True)
        .order_by("address__delivered_on", "start")
        .values_list("quote", flat=True)
        .first()
    )
    return render(
        request,
        "dashboard/embed_commitment.html",
        {
            "commitment": commitment,
            "quote": quote or "",
            "is_overdue": commitment.is_overdue(today),
            "deadline_status": wording.deadline_status(
                commitment.deadline, commitment.status, today
            ),
            "page_url": f"{settings.SITE_URL}{commitment_url(commitment)}",
        },
    )


@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.UADE_EMBED_FRAME_ANCESTORS})
@require_safe
def scoreboard_card(request: HttpRequest) -> HttpResponse:
    """All published commitments, or with `?speech=<slug>` those of one public
    speech (an unknown or hidden one is a 404)."""
    slug = request.GET.get("speech")
    address = None
    if slug:
        address = get_object_or_404(
            Address.objects.public().only("slug", "title"), slug=slug
        )
    commitments = (
        Commitment.objects.published() if address is None else mentioned_in(address)
    )
    return render(
        request,
        "dashboard/embed_scoreboard.html",
        {
            "address": address,
            "scorecard": scorecard(
                status_counts(commitments), speech=slug or None, absolute=True
            ),
            "as_of": timezone.localdate(),
            "site_url": settings.SITE_URL,
        },
    )
