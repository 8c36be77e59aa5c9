"""Id-first pages: the same rows, in the same order, as plain OFFSET pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from commitments.models import Commitment
from dashboard.filters import SORTS, public_commitments
from dashboard.paging import IdFirstPaginator
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_page_matches_plain_pagination(sort):
    address = AddressFactory()
    for number in range(23):
        commitment = published(
            f"Promise {number}",
            address=address,
            changes={"deadline": dt.date(2020 + number % 7, 1, 1)},
        )
        if number % 4 == 0:
            log(commitment, "in_progress", timezone.now() - dt.timedelta(days=number))
    rows = public_commitments(timezone.localdate()).order_by(*SORTS[sort])

    plain = Paginator(rows, 5)
    by_id = IdFirstPaginator(rows, 5)

    assert by_id.count == plain.count == 23
    for number in plain.page_range:
        assert [c.pk for c in by_id.page(number)] == [c.pk for c in plain.page(number)]
    # The rows come with what the list shows.
    first = by_id.page(1).object_list[0]
    assert hasattr(first, "is_overdue_today")
    assert hasattr(first, "originals")


def test_progress_sets_the_last_update_without_a_new_version():
    commitment = published("Open schools")
    history = commitment.history.count()
    first = log(commitment, "in_progress", timezone.now() - dt.timedelta(days=3))
    second = log(commitment, "in_progress", timezone.now())

    row = Commitment.objects.get(pk=commitment.pk)
    assert row.last_progress_at == second.created_at > first.created_at
    # One new version for the change of rating; the second update changes none.
    assert row.history.count() == history + 1
