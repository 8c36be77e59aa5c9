"""Writers racing on one commitment, on PostgreSQL: each thread has its own
connection and a barrier starts them together.

Two analysts saving the same version: one saves, the other is shown the conflict,
and after their choice both analysts' values are where they chose, in the history
too. Two API edits with the same If-Match: one 200, one 412 carrying the stored
values. Many progress updates at once: all kept, in one order, and the commitment's
status is the last one's. (Concurrent reminder sweeps: tracking's
test_reminders_concurrency.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from commitments.models import Commitment
from tests.dashboard.helpers import published
from tests.factories import AnalystFactory, edit_form
from tracking import services as tracking_services
from tracking.demo import ensure_groups
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

T = TypeVar("T")


def race(*calls: Callable[[], T]) -> list[T]:
    """Run `calls` at once, each in a thread with its own database connection;
    their results, in the order of `calls`."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            connection.ensure_connection()  # connected before the start line
            start.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # handed to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def analysts() -> list[Any]:
    groups = ensure_groups()
    people = [AnalystFactory(username=name) for name in ("ana", "bo")]
    for person in people:
        person.groups.add(groups[0])
    return people


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_analysts_saving_one_version_lose_nothing(analysts: list[Any]) -> None:
    commitment = published("Build 100 schools")
    page = f"/analyst/commitments/{commitment.pk}/"
    ana, bo = (_signed_in(person) for person in analysts)
    for client in (ana, bo):
        assert client.get(page).status_code == 200
    wanted = {"ana": {"title": "Build 120 schools"}, "bo": {"target": "120 schools"}}
    forms = {name: edit_form(commitment, **change) for name, change in wanted.items()}

    first = race(
        lambda: ana.post(page, forms["ana"]), lambda: bo.post(page, forms["bo"])
    )

    codes = sorted(response.status_code for response in first)
    assert codes == [200, 302]
    [saved] = [
        name for name, r in zip(wanted, first, strict=True) if r.status_code == 302
    ]
    [late] = [name for name in wanted if name != saved]
    conflict = first[list(wanted).index(late)]
    assert conflict.context["conflict"]
    rows = {row["name"] for row in conflict.context["conflict"]["rows"]}
    # Each analyst's own change, and the other's, is offered for choosing.
    assert rows == {"title", "target"}
    version = conflict.context["edit_form"]["version"].value()
    # The late analyst keeps the other's change and their own.
    own = next(iter(wanted[late]))
    choices = {f"keep_{name}": "yours" if name == own else "theirs" for name in rows}
    client = ana if late == "ana" else bo
    after = client.post(page, {**forms[late], "version": version, **choices})

    assert after.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.title, commitment.target) == ("Build 120 schools", "120 schools")
    assert commitment.version == 3
    history = list(
        Commitment.history.filter(id=commitment.pk)
        .order_by("history_date", "history_id")
        .values_list("history_user__username", "title", "target")
    )
    assert history[-2:] == [
        (saved, *_values(wanted[saved], "Build 100 schools", "")),
        (late, "Build 120 schools", "120 schools"),
    ]


def _values(change: dict[str, str], title: str, target: str) -> tuple[str, str]:
    return change.get("title", title), change.get("target", target)


def test_two_api_edits_with_one_etag_give_one_200_and_one_412_with_current(
    analysts: list[Any],
) -> None:
    commitment = published("Build 100 schools")
    url = f"/api/v1/commitments/{commitment.pk}/"
    clients = []
    for person in analysts:
        client = APIClient()
        client.force_authenticate(person)
        clients.append(client)
    etag = clients[0].get(url)["ETag"]
    assert clients[1].get(url)["ETag"] == etag
    titles = ["Build 120 schools", "Build 150 schools"]

    answers = race(
        *(
            lambda client=client, title=title: client.patch(
                url, {"title": title}, format="json", HTTP_IF_MATCH=etag
            )
            for client, title in zip(clients, titles, strict=True)
        )
    )

    assert sorted(answer.status_code for answer in answers) == [200, 412]
    won = next(answer for answer in answers if answer.status_code == 200)
    lost = next(answer for answer in answers if answer.status_code == 412)
    commitment.refresh_from_db()
    assert commitment.title == won.json()["title"]
    assert commitment.version == 2
    assert lost["Content-Type"] == "application/problem+json"
    assert lost.json()["current"]["title"] == commitment.title
    assert lost.json()["current"]["version"] == commitment.version


def test_progress_updates_logged_at_once_are_all_kept_in_one_order(
    analysts: list[Any],
) -> None:
    commitment = published("Build 100 schools")
    statuses = ["in_progress", "stalled"] * 4

    def log(number: int, status: str) -> int:
        return tracking_services.record_progress_update(
            commitment.pk,
            author=analysts[number % 2],
            status=status,
            note=f"Update {number}",
            reason="no_funding" if status == "stalled" else "",
            evidence=tracking_services.Evidence(kind=EvidenceKind.OTHER),
        ).pk

    created = race(
        *(
            lambda number=number, status=status: log(number, status)
            for number, status in enumerate(statuses)
        )
    )

    updates = list(commitment.progress_updates.order_by("created_at", "id"))
    assert sorted(update.pk for update in updates) == sorted(created)
    assert sorted(update.note for update in updates) == sorted(
        f"Update {number}" for number in range(len(statuses))
    )
    # Writers wait for one another, so time and id tell the same order.
    assert [update.pk for update in updates] == sorted(created)
    assert len({update.created_at for update in updates}) == len(statuses)
    commitment.refresh_from_db()
    latest = updates[-1]
    assert commitment.status == latest.status
    assert commitment.last_progress_at == latest.created_at
    assert ProgressUpdate.objects.count() == len(statuses)


def test_an_edit_sent_with_an_etag_already_stale_gets_current_too(
    analysts: list[Any],
) -> None:
    # The race above may end here as well: the later edit's If-Match is checked
    # after the earlier one committed.
    commitment = published("Build 100 schools")
    url = f"/api/v1/commitments/{commitment.pk}/"
    client = APIClient()
    client.force_authenticate(analysts[0])
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"title": "New"}, format="json", HTTP_IF_MATCH=etag)

    stale = client.patch(url, {"title": "Newer"}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale.json()["current"]["title"] == "New"
    assert stale.json()["current"]["version"] == 2
