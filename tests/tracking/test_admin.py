"""Progress updates in the admin: listed and inspected, never added or changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import CommitmentFactory, UserFactory
from tracking import services
from tracking.models import EvidenceKind, ProgressUpdate

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:tracking_progressupdate_changelist"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", superuser=True))
    return client


def record(
    commitment, *, status: str = "in_progress", note: str = ""
) -> ProgressUpdate:
    return services.record_progress_update(
        commitment.pk,
        author=UserFactory(),
        status=status,
        note=note,
        reason="no_funding" if status in services.STALLED_OR_BROKEN else "",
        evidence=services.Evidence(
            kind=EvidenceKind.NEWS_REPORT,
            url="https://kazinform.kz/news/1",
            title="Schools opened",
            on=dt.date(2024, 5, 20),
        ),
        today=dt.date(2024, 6, 1),
    )


@pytest.fixture
def update():
    return record(
        CommitmentFactory(changes={"title": "100 rural schools"}),
        note="Forty schools opened.",
    )


def test_progress_update_changelist_renders_with_search_and_filter(
    admin_client, update
):
    record(CommitmentFactory(changes={"title": "Tax Code"}), status="stalled")

    response = admin_client.get(
        reverse(CHANGELIST), {"q": "schools", "status__exact": "in_progress"}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [update]
    assert "100 rural schools" in response.content.decode()


def test_progress_update_changelist_queries_do_not_grow_with_the_rows(
    admin_client, django_assert_max_num_queries
):
    for _ in range(10):
        record(CommitmentFactory())

    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse(CHANGELIST))

    assert response.context["cl"].result_count == 10


def test_progress_update_admin_offers_no_add_and_no_delete(admin_client, update):
    changelist = admin_client.get(reverse(CHANGELIST)).content.decode()
    add_page = admin_client.get(reverse("admin:tracking_progressupdate_add"))
    delete_page = admin_client.post(
        reverse("admin:tracking_progressupdate_delete", args=[update.pk]),
        {"post": "yes"},
    )
    bulk_delete = admin_client.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
    )

    assert reverse("admin:tracking_progressupdate_add") not in changelist
    assert 'value="delete_selected"' not in changelist
    assert add_page.status_code == 403
    assert delete_page.status_code == 403
    assert bulk_delete.status_code in (200, 302)
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_progress_update_change_page_is_read_only(admin_client, update):
    url = reverse("admin:tracking_progressupdate_change", args=[update.pk])

    page = admin_client.get(url)
    post = admin_client.post(url, {"note": "Rewritten.", "status": "achieved"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Forty schools opened." in html
    assert 'name="note"' not in html
    assert 'name="_save"' not in html
    assert post.status_code == 403
    update.refresh_from_db()
    assert (update.note, update.status) == ("Forty schools opened.", "in_progress")


def test_progress_update_admin_is_hidden_from_staff_without_view_permission(
    client, update
):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 403
