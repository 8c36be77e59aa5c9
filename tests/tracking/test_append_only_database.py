"""Progress updates are append-only in the database itself, not only in the ORM."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import CommitmentFactory, UserFactory
from tracking import services
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def update() -> ProgressUpdate:
    return services.record_progress_update(
        CommitmentFactory().pk,
        author=UserFactory(),
        status="in_progress",
        note="Draft law submitted.",
        evidence=services.Evidence(kind=EvidenceKind.NEWS_REPORT),
    )


def _refused(action) -> str:
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():
        action()
    return str(refusal.value)


def test_the_base_manager_cannot_change_an_update(update):
    message = _refused(
        lambda: ProgressUpdate._base_manager.filter(pk=update.pk).update(note="edited")
    )

    assert "Cannot update or delete" in message
    assert ProgressUpdate.objects.get(pk=update.pk).note == "Draft law submitted."


def test_the_base_manager_cannot_delete_an_update(update):
    _refused(lambda: ProgressUpdate._base_manager.filter(pk=update.pk).delete())

    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE tracking_progressupdate SET status = 'achieved' WHERE id = %s",
        "DELETE FROM tracking_progressupdate WHERE id = %s",
    ],
)
def test_raw_sql_cannot_rewrite_the_history(update, sql):
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [update.pk])

    _refused(run)

    assert ProgressUpdate.objects.get(pk=update.pk).status == "in_progress"


def test_new_updates_are_still_appended(update):
    services.record_progress_update(
        update.commitment_id,
        author=update.author,
        status="achieved",
        evidence=services.Evidence(
            kind=EvidenceKind.NEWS_REPORT, url="https://kazinform.kz/news/2"
        ),
    )

    assert ProgressUpdate.objects.filter(commitment=update.commitment).count() == 2
