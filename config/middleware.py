"""Request guards that apply to every route."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.http.response import Http404
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# Seconds a client is asked to wait after the database failed it: long enough for a
# restarted or failed-over server to take connections again.
RETRY_AFTER_SECONDS = 10


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


class DatabaseUnavailableMiddleware:
    """Answer 503 with `Retry-After` when the database fails a request, rather than
    a server error, and drop the broken connection so the next request opens a new
    one.

    A lost connection (the server restarted, failed over, or ended the backend)
    raises OperationalError or InterfaceError; so do a deadlock or a cancelled
    statement, for which trying again is also the answer. The services write in
    transactions, which the database rolls back with the connection. The answer is
    built without touching the database (no session, no user).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "The database failed %s %s; answered 503: %s",
            request.method,
            request.path,
            " ".join(str(exception).split())[:300] or type(exception).__name__,
        )
        for connection in connections.all(initialized_only=True):
            # Outside a transaction only; a broken one is closed, a working one
            # (the error was a deadlock, say) is kept. Django does this itself at
            # the end of a request, but a test client skips that.
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        if request.path.startswith("/api/"):
            response = _problem(
                503,
                "Service Unavailable",
                "The database is not answering. Try again shortly.",
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


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
