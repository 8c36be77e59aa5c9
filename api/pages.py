"""The API's quick start: a page for journalists, with examples to copy."""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api.errors import PROBLEM_MEDIA_TYPE, problem_type
from api.exports import ADDRESS_COLUMNS, COMMITMENT_COLUMNS, UPDATE_COLUMNS
from api.schema import _DETAILS


@require_safe
def quickstart(request: HttpRequest) -> HttpResponse:
    """How to read the record as data, in three `curl` commands."""
    return render(
        request,
        "api/quickstart.html",
        {
            "base": request.build_absolute_uri("/").rstrip("/"),
            "anon_rate": settings.UADE_API_ANON_RATE,
            "key_rate": settings.UADE_API_KEY_RATE,
            "commitment_columns": [name for name, _ in COMMITMENT_COLUMNS],
            "update_columns": [name for name, _ in UPDATE_COLUMNS],
            "address_columns": [name for name, _ in ADDRESS_COLUMNS],
            "errors": [(code, detail) for code, (detail, _) in _DETAILS.items()],
        },
    )


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /api/: a problem document, not the site's page."""
    return JsonResponse(
        {
            "type": problem_type(404),
            "title": HTTPStatus.NOT_FOUND.phrase,
            "status": 404,
            "detail": f"There is nothing at {request.path}; the API's addresses are "
            "listed at /api/v1/ and documented at /api/docs/.",
        },
        status=404,
        content_type=PROBLEM_MEDIA_TYPE,
    )
