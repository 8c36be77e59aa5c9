"""Pagination that stays fast on deep pages and on large records."""

from __future__ import annotations

from array import array
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from addresses.versioning import cached_for_query


class IdFirstPaginator(Paginator[Any]):
    """Pages a query by its ids, then loads only that page's rows.

    Every id of the query, in its order, is selected once for each version of the
    record (and kept in the cache: 100,000 ids are 800 KB), so that the count and
    any page, the thousandth included, are a slice of it: sorting by "most overdue"
    can use no index, and skipping 25,000 rows costs more than the page. The rows
    of the page, with their annotations and prefetches, are then loaded by primary
    key, in the query's order.
    """

    def __init__(self, queryset: QuerySet[Any], per_page: int) -> None:
        super().__init__(ordered_ids(queryset), per_page)
        self.rows = queryset

    def page(self, number: Any) -> Page[Any]:
        page = super().page(number)
        ids = list(page.object_list)
        by_id = self.rows.in_bulk(ids)
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return page


def ordered_ids(queryset: QuerySet[Any]) -> array[int]:
    """The ids of `queryset` in its order, kept until the record changes (the
    query's SQL, which holds its filters, order and today's date, is the key)."""
    ids = queryset.values_list("pk", flat=True)
    kept = cached_for_query(
        "ordered-ids", ids, lambda: array("q", ids).tobytes(), empty=b""
    )
    found = array("q")
    found.frombytes(kept)
    return found
