"""Importing a speech in the browser, and watching its extraction until the review
page can open.

The import itself is `commitments.services.import_address`, as for the commands and
the API: one transaction for the speech and its extraction's outbox row, the task
queued after commit. Every refusal of the importer is shown beside the field it is
about, and nothing is written.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from addresses import services as address_services
from addresses.models import Address
from commitments import services as commitment_services
from commitments.models import Extraction, ExtractionState
from config.permissions import (
    IMPORT_ADDRESSES,
    VIEW_COMMITMENTS,
    permissions_required,
    signed_in_user,
)
from workspace.import_forms import REFUSAL_FIELDS, ImportAddressForm

# How often the progress page asks again, in seconds (htmx, and the no-JS refresh).
POLL_SECONDS = 2
NOSCRIPT_REFRESH_SECONDS = 3


@permissions_required(VIEW_COMMITMENTS, IMPORT_ADDRESSES)
@require_http_methods(["GET", "HEAD", "POST"])
def import_address(request: HttpRequest) -> HttpResponse:
    """The import form; on success, on to the extraction's progress."""
    if request.method != "POST":
        return _render_form(request, ImportAddressForm())
    try:
        form = ImportAddressForm(request.POST, request.FILES)
    except RequestDataTooBig:
        # A pasted text over Django's request limit never reaches the importer.
        form = ImportAddressForm({})
        form.full_clean()
        form.errors.clear()
        form.add_error("text", _too_large_message())
        return _render_form(request, form, status=413)
    existing: Address | None = None
    if form.is_valid():
        upload = form.upload
        try:
            if upload is not None:
                address_services.check_text_size(upload.size or 0)
                data: bytes | str = upload.read()
            else:
                data = form.cleaned_data["text"]
            address = commitment_services.import_address(
                data, form.address_input(), created_by=signed_in_user(request)
            )
        except address_services.ImportRefused as refusal:
            if isinstance(refusal, address_services.AlreadyImported):
                existing = refusal.existing
                message = (
                    f"This text is already imported as “{existing.title}” "
                    f"({existing.delivered_on:%-d %b %Y}); nothing was changed."
                )
            else:
                message = str(refusal)
            form.add_error(_field_of(refusal, is_upload=upload is not None), message)
        else:
            messages.success(
                request,
                f"“{address.title}” is imported; its commitments are being read.",
            )
            return redirect("workspace:import_progress", slug=address.slug)
    return _render_form(request, form, existing=existing)


def _is_htmx(request: HttpRequest) -> bool:
    # django_htmx.middleware.HtmxMiddleware sets `request.htmx`, truthy for htmx.
    return bool(getattr(request, "htmx", False))


def _field_of(
    refusal: address_services.ImportRefused, *, is_upload: bool
) -> str | None:
    if refusal.field == "text":
        return "file" if is_upload else "text"
    return REFUSAL_FIELDS.get(refusal.field)


def _too_large_message() -> str:
    limit_mb = settings.UADE_MAX_TEXT_BYTES / (1024 * 1024)
    return (
        f"The text is over the {limit_mb:g} MB limit; split it into separate speeches."
    )


def _render_form(
    request: HttpRequest,
    form: ImportAddressForm,
    *,
    existing: Address | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "workspace/import.html",
        {"form": form, "existing": existing},
        status=status,
    )


@permissions_required(VIEW_COMMITMENTS)
@require_safe
def import_progress(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the extraction of a speech stands, asked again every few seconds.

    htmx polls the status part of the page; without JavaScript the page refreshes
    itself. Once the proposals are in, both land on the review page (htmx through
    `HX-Redirect`, so the whole page changes, not the polled part).
    """
    address = get_object_or_404(Address.objects.defer("text"), slug=slug)
    extraction = Extraction.objects.filter(address=address).first()
    if extraction is not None and extraction.state == ExtractionState.DONE:
        review_url = reverse("workspace:review", kwargs={"slug": address.slug})
        if _is_htmx(request):
            return HttpResponseClientRedirect(review_url)
        return redirect(review_url)
    context = {
        "address": address,
        "extraction": extraction,
        "is_unfinished": extraction is not None
        and extraction.state in ExtractionState.unfinished(),
        "poll_seconds": POLL_SECONDS,
        "refresh_seconds": NOSCRIPT_REFRESH_SECONDS,
    }
    if _is_htmx(request):
        return render(request, "workspace/import_status.html", context)
    return render(request, "workspace/import_progress.html", context)
