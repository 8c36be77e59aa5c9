"""Every database connection killed: the request that loses its connection gets a
clean 503 with Retry-After, nothing it was writing is kept, and the next request is
served on a new connection.

Only this test database's own backends are ended (`pg_terminate_backend` of a pid
checked to belong to it): the server is shared.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from addresses.models import RecordVersion
from commitments.models import Commitment
from tests.dashboard.helpers import published
from tests.factories import UserFactory
from tests.integration.conftest import second_connection, wait_for
from tracking.demo import ensure_groups
from tracking.models import ProgressUpdate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other_connection() -> Iterator[Any]:
    other = second_connection()
    yield other
    other.close()


def _terminate(other: Any, pid: int) -> None:
    """End backend `pid`, and only if it is a connection to this test database."""
    with other.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE pid = %s AND datname = current_database()",
            [pid],
        )
        assert cursor.fetchone() == (True,)
    assert wait_for(lambda: not _alive(other, pid), timeout=10)


def _alive(other: Any, pid: int) -> bool:
    with other.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def _own_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_a_page_whose_connection_was_killed_answers_503_then_recovers(
    other_connection: Any,
) -> None:
    commitment = published("Build 100 new schools")
    page = Client().get(f"/commitments/{commitment.pk}/")["Location"]
    client = Client()
    assert client.get(page).status_code == 200

    _terminate(other_connection, _own_pid())
    response = client.get(page)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    # Sent back through every middleware, the policy included.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body
    assert "psycopg2" not in body
    again = client.get(page)
    assert again.status_code == 200
    assert "Build 100 new schools" in again.content.decode()


def test_an_api_read_whose_connection_was_killed_answers_a_503_problem(
    other_connection: Any,
) -> None:
    commitment = published("Build 100 new schools")
    url = f"/api/v1/commitments/{commitment.pk}/"
    client = APIClient()
    assert client.get(url).status_code == 200

    _terminate(other_connection, _own_pid())
    response = client.get(url)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert response.json()["status"] == 503
    assert client.get(url).json()["title"] == "Build 100 new schools"


def test_a_write_whose_connection_is_killed_mid_way_keeps_nothing(
    other_connection: Any,
) -> None:
    commitment = published("Build 100 new schools")
    analyst = UserFactory(username="ana")
    analyst.groups.add(ensure_groups()[0])
    body = {
        "commitment": commitment.pk,
        "status": "in_progress",
        "evidence_kind": "other",
        "note": "Tenders announced.",
    }
    answers: list[Any] = []

    def post() -> None:
        client = APIClient()
        client.force_authenticate(analyst)
        try:
            answers.append(client.post("/api/v1/updates/", body, format="json"))
        finally:
            connection.close()

    # Hold the record's version row: the update's INSERT has run when its trigger
    # waits for it, so the write is caught half-way through its transaction. (The
    # row comes with the migrations; an earlier test's flush may have removed it.)
    RecordVersion.objects.get_or_create(pk=1)
    locker = second_connection()
    writer = threading.Thread(target=post)
    try:
        with locker.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "SELECT 1 FROM addresses_recordversion WHERE id = 1 FOR UPDATE"
            )
            writer.start()
            assert wait_for(lambda: _waiting_writer(other_connection) is not None)
            pid = _waiting_writer(other_connection)
            assert pid is not None
            assert _has_inserted_an_update(other_connection, pid)
            _terminate(other_connection, pid)
    finally:
        locker.close()
    writer.join(timeout=30)

    [response] = answers
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert not ProgressUpdate.objects.exists()
    commitment.refresh_from_db()
    assert commitment.status == "not_rated"
    assert Commitment.history.filter(id=commitment.pk).count() == 1

    # Sent again, the same update is kept once.
    post()
    assert answers[-1].status_code == 201
    assert ProgressUpdate.objects.count() == 1


def _has_inserted_an_update(other: Any, pid: int) -> bool:
    """Whether backend `pid` holds the lock an INSERT into the updates takes."""
    with other.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation "
            "WHERE pg_locks.pid = %s AND relname = 'tracking_progressupdate' "
            "AND mode = 'RowExclusiveLock'",
            [pid],
        )
        return cursor.fetchone() is not None


def _waiting_writer(other: Any) -> int | None:
    """The pid of a connection to this database waiting for a lock, if any."""
    with other.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])
