"""Pages of API lists: numbered pages for most, a cursor for updates."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from addresses.versioning import CountKeptPaginator

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2&page_size=100` (at most 200 a page; 50 by default)."""

    django_paginator_class = CountKeptPaginator
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = (
        f"Rows a page, 1 to {MAX_PAGE_SIZE} (default 50); more is cut to "
        f"{MAX_PAGE_SIZE}."
    )


CURSOR_PREFIX = "after:"


def _encode(position: int) -> str:
    raw = f"{CURSOR_PREFIX}{position}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        position = int(text.removeprefix(CURSOR_PREFIX))
        if position < 0:
            raise ValueError(text)
        return position
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError(
            {"cursor": ["Not a cursor this API gave; start again without one."]}
        ) from None


class PollingCursorPagination(pagination.BasePagination):
    """Progress updates in the order they were recorded (by `id`), after a cursor.

    `next` is always given: the same URL with the cursor of the last row sent
    (or, when nothing was new, of the one before). Following it until
    `has_more` is false reads every row once; following it again later reads
    only what was recorded since, a rating dated in the past by its loader
    (`record_progress_update(rated_at=…)`) included, which a cursor by date
    would skip. Rows recorded less than `UADE_API_POLL_SETTLE_SECONDS` ago wait
    for the next poll, so an update whose transaction commits a moment after a
    newer one's cannot slip behind a cursor.
    """

    page_size = 50
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        size = self._page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        position = _decode(cursor) if cursor else None
        settle = dt.timedelta(seconds=settings.UADE_API_POLL_SETTLE_SECONDS)
        # Settled: recorded long enough ago. `created_at` is when it was recorded,
        # except for a rating loaded with a past date, which is settled at once.
        rows = queryset.filter(created_at__lte=timezone.now() - settle).order_by("id")
        if position is not None:
            rows = rows.filter(id__gt=position)
        page = list(rows[: size + 1])
        self.has_more = len(page) > size
        page = page[:size]
        self.position = page[-1].pk if page else position
        return page

    def _page_size(self, request: Request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, ""))
        except ValueError:
            return self.page_size
        return max(1, min(size, self.max_page_size))

    def next_link(self) -> str:
        url = self.request.build_absolute_uri()
        if self.position is None:
            return str(remove_query_param(url, self.cursor_query_param))
        return str(
            replace_query_param(url, self.cursor_query_param, _encode(self.position))
        )

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.next_link(), "has_more": self.has_more, "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "has_more", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "description": "Ask this next: the rows after the last one here "
                    "(now, or when polling later).",
                    "example": "https://uade.example.org/api/v1/updates/?cursor=MjAy",
                },
                "has_more": {
                    "type": "boolean",
                    "description": "Whether more rows are waiting right now.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor from the last answer's `next`; none to "
                "start from the first update.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page, 1 to {MAX_PAGE_SIZE} (default 50).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
