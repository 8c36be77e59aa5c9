"""A rating dated when it was made elsewhere (`rated_at`), for records loaded later:
never in the future, before the promise, its evidence or the latest update."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.dashboard.helpers import published
from tests.factories import AddressFactory, UserFactory
from tracking import services
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = pytest.mark.django_db


def rate(commitment, rated_at, on=None, status="in_progress"):
    return services.record_progress_update(
        commitment.pk,
        author=UserFactory(),
        status=status,
        evidence=services.Evidence(
            kind=EvidenceKind.NEWS_REPORT, url="https://example.org/news", on=on
        ),
        rated_at=rated_at,
    )


def aware(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def commitment():
    return published(
        "Build schools", address=AddressFactory(delivered_on=dt.date(2020, 9, 1))
    )


def test_a_dated_rating_dates_the_status_and_the_last_update(commitment):
    update = rate(commitment, aware(2022, 5, 2, 10), on=dt.date(2022, 5, 1))

    commitment.refresh_from_db()
    assert update.created_at == aware(2022, 5, 2, 10)
    assert commitment.status_changed_at == update.created_at
    assert commitment.last_progress_at == update.created_at


@pytest.mark.parametrize(
    ("rated_at", "on", "problem"),
    [
        (timezone.now() + dt.timedelta(hours=1), None, "in the future"),
        (aware(2020, 8, 31, 12), None, "before the promise"),
        (aware(2022, 5, 2, 10), dt.date(2022, 5, 3), "before its evidence"),
        (aware(2021, 1, 1, 10), None, "before the commitment's latest update"),
    ],
)
def test_an_impossible_date_is_refused_and_nothing_is_written(
    commitment, rated_at, on, problem
):
    rate(commitment, aware(2021, 6, 1, 10))

    with pytest.raises(ValidationError) as refused:
        rate(commitment, rated_at, on=on, status="achieved")

    assert problem in refused.value.message_dict["rated_at"][0]
    assert ProgressUpdate.objects.count() == 1
    commitment.refresh_from_db()
    assert commitment.status == "in_progress"
