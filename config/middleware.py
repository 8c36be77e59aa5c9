"""Request guards that apply to every route."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
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
            raise Http404("No such page.")
        if any("\x00" in key or "\x00" in value for key, value in _pairs(request)):
            return HttpResponseBadRequest(
                "The query string contains a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)


def _pairs(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]
