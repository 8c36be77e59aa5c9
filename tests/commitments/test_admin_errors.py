"""The admin answers a bad id or a forbidden delete with 4xx, never a server error."""

from __future__ import annotations

import pytest

from commitments import services
from commitments.models import Commitment
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def accepted():
    reviewer = UserFactory()
    return services.accept_candidate(CandidateFactory().pk, reviewer=reviewer)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/commitments/commitment/abc/history/",
        "/admin/commitments/commitment/{pk}/history/abc/",
        "/admin/commitments/commitment/{pk}/history/999999/",
        "/admin/commitments/commitment/%00/history/",
    ],
)
def test_history_pages_with_ids_that_cannot_exist_are_not_found(
    superuser_client, accepted, path
):
    response = superuser_client.get(path.format(pk=accepted.pk))

    assert response.status_code == 404


def test_the_history_page_of_a_commitment_still_opens(superuser_client, accepted):
    response = superuser_client.get(
        f"/admin/commitments/commitment/{accepted.pk}/history/"
    )

    assert response.status_code == 200


def test_nobody_deletes_a_commitment_in_the_admin_not_even_a_superuser(
    superuser_client, accepted
):
    # Deleting one that came from a candidate used to end in an IntegrityError.
    page = superuser_client.get(f"/admin/commitments/commitment/{accepted.pk}/delete/")
    posted = superuser_client.post(
        f"/admin/commitments/commitment/{accepted.pk}/delete/", {"post": "yes"}
    )
    listed = superuser_client.get("/admin/commitments/commitment/")

    assert page.status_code == posted.status_code == 403
    assert Commitment.objects.filter(pk=accepted.pk).exists()
    assert "delete_selected" not in listed.content.decode()


def test_a_nul_in_an_admin_search_is_a_bad_request(superuser_client):
    assert (
        superuser_client.get("/admin/commitments/commitment/?q=%00").status_code == 400
    )


def test_a_nul_in_a_public_path_is_not_found(client):
    assert client.get("/addresses/%00/").status_code == 404
    assert client.get("/addresses/?page=%00").status_code == 400


def test_failed_extractions_are_listed_and_can_be_queued_again(
    superuser_client, monkeypatch
):
    from commitments import tasks
    from commitments.models import Extraction, ExtractionState
    from tests.factories import AddressFactory

    sent: list[int] = []
    monkeypatch.setattr(tasks.extract_candidates, "delay", sent.append)
    failed = Extraction.objects.create(
        address=AddressFactory(),
        state=ExtractionState.FAILED,
        error="The extractor failed: ValueError: bad",
    )

    listed = superuser_client.get("/admin/commitments/extraction/?state__exact=failed")
    superuser_client.post(
        "/admin/commitments/extraction/",
        {"action": "queue_again", "_selected_action": [failed.pk]},
    )

    assert "The extractor failed: ValueError: bad" in listed.content.decode()
    assert sent == [failed.pk]
    assert Extraction.objects.get(pk=failed.pk).state == ExtractionState.QUEUED
