"""Request guards that apply to every route."""

from __future__ import annotations

from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.http.response import Http404


class RejectNulMiddleware:
    """Answer 404 to a path and 400 to a query string that contains a NUL character.

    No URL of Uade's contains one, and PostgreSQL refuses NUL in any text value, so
    without this guard a lookup such as `/addresses/%00/` fails with a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            if request.path.startswith("/api/"):
                return _problem(404, "Not Found", "No such page.")
            raise Http404("No such page.")
        if any("\x00" in key or "\x00" in value for key, value in _pairs(request)):
            message = "The query string contains a NUL character."
            if request.path.startswith("/api/"):
                return _problem(400, "Bad Request", message)
            return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)


def _problem(status: int, title: str, detail: str) -> HttpResponse:
    """The API's errors are problem documents (RFC 9457), these too."""
    return JsonResponse(
        {
            "type": f"/api/#error-{status}",
            "title": title,
            "status": status,
            "detail": detail,
        },
        status=status,
        content_type="application/problem+json",
    )


def _pairs(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]
