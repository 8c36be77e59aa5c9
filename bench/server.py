"""What `make bench`'s web server adds to the product: the floor views and a count
of each response's SQL queries.

The floors return a constant through the same gunicorn, middleware and (for DRF)
the API's default authentication, permission, throttle and renderer classes, so a
page's time over its floor is what the page itself costs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

QUERIES_HEADER = "X-Bench-Queries"


def count_queries(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: the number of SQL statements a response ran, in a header.

    A streamed body's queries run after the header is sent and are not counted.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal count
            count += 1
            return execute(*args)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response

    return middleware


def django_floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class DrfFloor(APIView):
    def get(self, request: Request) -> Response:
        return Response({"ok": True})
