"""The public speech page: one speech with its published commitments marked.

It is the `addresses` namespace's `detail` route (`Address.get_absolute_url`
reverses it; see `dashboard.address_urls`), served here because marking
commitments needs the commitment records, which the speech library below them
does not know.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from addresses.models import Address
from dashboard import embeds, speeches


@require_safe
def speech_detail(request: HttpRequest, slug: str) -> HttpResponse:
    address = get_object_or_404(
        Address.objects.public().select_related("speaker"), slug=slug
    )
    page = speeches.speech_page(address)
    return render(
        request,
        "addresses/address_detail.html",
        {
            "address": address,
            "segments": page.paragraphs,
            "scorecard": page.scorecard,
            "embed_code": embeds.iframe_code(
                embeds.scoreboard_card_url(address.slug),
                _("Uade: the commitments of %(title)s") % {"title": address.title},
                260,
            ),
        },
    )
