"""Pagination that stays fast on deep pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from addresses.versioning import cached_count


class IdFirstPaginator(Paginator[Any]):
    """Pages a query by its ids, then loads only that page's rows.

    The page's slice (`ORDER BY … OFFSET n LIMIT k`) selects ids alone, which an
    index on the sort columns answers without reading the rows it skips; the
    rows of the page, with their annotations and prefetches, are then loaded by
    primary key. The page keeps the query's order. The count is kept in the
    cache until the record changes.
    """

    def __init__(self, queryset: QuerySet[Any], per_page: int) -> None:
        super().__init__(queryset.values_list("pk", flat=True), per_page)
        self.rows = queryset

    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list)

    def page(self, number: Any) -> Page[Any]:
        page = super().page(number)
        ids = list(page.object_list)
        by_id = self.rows.in_bulk(ids)
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return page
