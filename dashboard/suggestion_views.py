"""Readers' suggested evidence or corrections, sent from a commitment's page.

Stored for moderation by `tracking.submissions.submit`; nothing a reader sends is
shown on any public page. The form works without JavaScript: a POST either
redirects back to the commitment with a thank-you (post/redirect/get) or shows
the form again with its errors.
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commitments.models import Commitment
from config.auth import client_ip_address
from config.forms import show_service_errors
from dashboard.forms import HONEYPOT, SuggestionForm
from dashboard.links import commitment_url
from tracking import submissions

# Ids of the form's fields, apart from any other form on the commitment page.
FORM_AUTO_ID = "suggest_%s"


def new_form() -> SuggestionForm:
    return SuggestionForm(auto_id=FORM_AUTO_ID)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.published(), pk=pk)
    if request.method == "GET":
        return _form_page(request, commitment, new_form())

    form = SuggestionForm(request.POST, auto_id=FORM_AUTO_ID)
    client_address = client_ip_address(request) or ""
    honeypot = request.POST.get(HONEYPOT, "")
    if honeypot.strip():
        # A bot: it is thanked like anyone, and nothing is stored.
        submissions.submit(
            commitment.pk, note="", client_address=client_address, honeypot=honeypot
        )
        return _thanks(request, commitment)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submissions.submit(
                commitment.pk,
                note=data["note"],
                url=data["url"],
                email=data["email"],
                client_address=client_address,
            )
        except ValidationError as error:
            show_service_errors(form, error)
        except submissions.RateLimited as error:
            return _rate_limited(request, commitment, error, data["note"])
        else:
            return _thanks(request, commitment)
    return _form_page(request, commitment, form)


def _form_page(
    request: HttpRequest, commitment: Commitment, form: SuggestionForm
) -> HttpResponse:
    return render(
        request,
        "dashboard/suggest.html",
        {"commitment": commitment, "form": form},
    )


def _thanks(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    messages.success(
        request,
        _("Thanks — an analyst will review it; nothing is published until they do."),
    )
    return redirect(commitment_url(commitment))


def _rate_limited(
    request: HttpRequest,
    commitment: Commitment,
    error: submissions.RateLimited,
    note: str,
) -> HttpResponse:
    seconds = max(1, math.ceil((error.retry_at - timezone.now()).total_seconds()))
    response = render(
        request,
        "dashboard/suggest_limited.html",
        {
            "commitment": commitment,
            "limit": error.limit,
            "minutes": math.ceil(seconds / 60),
            "note": note,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
