"""Writing through the API: analysts only, through the same services as the site."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from commitments.models import Candidate, Commitment
from tests.api.conftest import keyed_client
from tests.dashboard.helpers import published
from tests.factories import CandidateFactory, UserFactory
from tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader with key", "staff", "analyst", "analyst's key", "editor")


@pytest.fixture
def clients(analyst, editor):
    anonymous = APIClient()
    reader, _, _ = keyed_client()
    staff = APIClient()
    staff.force_authenticate(UserFactory(username="staffer", is_staff=True))
    session = APIClient()
    session.force_authenticate(analyst)
    script, _, _ = keyed_client(user=analyst)
    chief = APIClient()
    chief.force_authenticate(editor)
    return dict(
        zip(ROLES, (anonymous, reader, staff, session, script, chief), strict=True)
    )


def expected(allowed: int) -> dict[str, int]:
    return dict(zip(ROLES, (401, 403, 403, allowed, allowed, allowed), strict=True))


def update_body(commitment: Commitment) -> dict:
    return {
        "commitment": commitment.pk,
        "status": "achieved",
        "evidence_kind": "law_or_decree",
        "evidence_title": "Decree No. 123",
        "evidence_url": "https://example.org/decree-123",
        "evidence_on": "2021-06-01",
        "note": "Signed.",
    }


def test_logging_a_progress_update_by_role(clients):
    commitment = published("Rated")
    answers = {
        role: client.post(
            "/api/v1/updates/", update_body(commitment), format="json"
        ).status_code
        for role, client in clients.items()
    }

    assert answers == expected(201)
    assert ProgressUpdate.objects.count() == 3


def test_a_logged_update_sets_the_status_and_is_answered_whole(analyst):
    client, _, _ = keyed_client(user=analyst)
    commitment = published("Rated")

    response = client.post("/api/v1/updates/", update_body(commitment), format="json")

    update = ProgressUpdate.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"http://testserver/api/v1/updates/{update.pk}/"
    assert response.json()["status"] == "achieved"
    assert update.author == analyst
    commitment.refresh_from_db()
    assert commitment.status == "achieved"


def test_the_services_rules_come_back_as_field_errors(analyst_client):
    commitment = published("Rated")
    body = {
        **update_body(commitment),
        "evidence_on": "2999-01-01",
        "reason": "no_money",
    }

    response = analyst_client.post("/api/v1/updates/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"evidence_on", "reason"}
    assert not ProgressUpdate.objects.exists()


def test_editing_a_commitment_by_role(clients):
    commitment = published("Old title")
    answers = {}
    for role, client in clients.items():
        commitment.refresh_from_db()
        answers[role] = client.patch(
            f"/api/v1/commitments/{commitment.pk}/",
            {"title": f"Title by {role}", "version": commitment.version},
            format="json",
        ).status_code

    assert answers == expected(200)
    commitment.refresh_from_db()
    assert commitment.title == "Title by editor"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_commitments_cannot_be_replaced_or_deleted(analyst_client, method):
    commitment = published("Kept")

    response = getattr(analyst_client, method)(f"/api/v1/commitments/{commitment.pk}/")

    assert response.status_code == 405


def test_an_edit_with_the_etag_it_read_succeeds_and_a_stale_one_gets_412(
    analyst_client,
):
    commitment = published("Old title")
    url = f"/api/v1/commitments/{commitment.pk}/"
    etag = analyst_client.get(url)["ETag"]

    first = analyst_client.patch(
        url, {"title": "New title"}, format="json", HTTP_IF_MATCH=etag
    )
    second = analyst_client.patch(
        url, {"title": "Newer title"}, format="json", HTTP_IF_MATCH=etag
    )

    assert first.status_code == 200
    assert first.json()["title"] == "New title"
    assert first["ETag"] == analyst_client.get(url)["ETag"] != etag
    assert second.status_code == 412
    assert second["Content-Type"] == "application/problem+json"
    commitment.refresh_from_db()
    assert commitment.title == "New title"


def test_an_edit_with_a_stale_version_gets_412_with_the_current_values(
    analyst_client,
):
    commitment = published("Old title")
    url = f"/api/v1/commitments/{commitment.pk}/"
    version = commitment.version
    analyst_client.patch(url, {"title": "First", "version": version}, format="json")

    response = analyst_client.patch(
        url, {"title": "Second", "version": version}, format="json"
    )

    assert response.status_code == 412
    assert response.json()["current"]["title"] == "First"
    assert response.json()["current"]["version"] == version + 1


def test_an_edit_that_names_no_version_gets_428(analyst_client):
    commitment = published("Old title")

    response = analyst_client.patch(
        f"/api/v1/commitments/{commitment.pk}/", {"title": "New"}, format="json"
    )

    assert response.status_code == 428
    assert response.json()["type"] == "/api/#error-428"


def test_reviewing_candidates_by_role(clients):
    candidates = {role: CandidateFactory() for role in clients}

    answers = {
        role: client.post(
            f"/api/v1/candidates/{candidates[role].pk}/accept/",
            {"title": "Accepted here"},
            format="json",
        ).status_code
        for role, client in clients.items()
    }
    reads = {
        role: client.get("/api/v1/candidates/").status_code
        for role, client in clients.items()
    }

    assert answers == expected(201)
    assert reads == expected(200)
    assert Commitment.objects.filter(title="Accepted here").count() == 3


def test_accepting_merging_and_rejecting_candidates(analyst_client):
    existing = published("Existing")
    to_accept, to_merge, to_reject = (CandidateFactory() for _ in range(3))

    accepted = analyst_client.post(
        f"/api/v1/candidates/{to_accept.pk}/accept/", {}, format="json"
    )
    again = analyst_client.post(
        f"/api/v1/candidates/{to_accept.pk}/accept/", {}, format="json"
    )
    merged = analyst_client.post(
        f"/api/v1/candidates/{to_merge.pk}/merge/",
        {"commitment": existing.pk},
        format="json",
    )
    unnamed = analyst_client.post(
        f"/api/v1/candidates/{to_reject.pk}/merge/",
        {"commitment": 999999},
        format="json",
    )
    rejected = analyst_client.post(
        f"/api/v1/candidates/{to_reject.pk}/reject/",
        {"reason": "Not a commitment."},
        format="json",
    )

    assert accepted.status_code == 201
    assert accepted.json()["url"] == accepted["Location"]
    assert again.status_code == 409
    assert again.json()["detail"] == "This candidate was already accepted."
    assert merged.status_code == 200
    assert [mention["kind"] for mention in merged.json()["mentions"]] == [
        "original",
        "restated",
    ]
    assert unnamed.status_code == 400
    assert set(unnamed.json()["errors"]) == {"commitment"}
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "rejected"
    assert Candidate.objects.get(pk=to_reject.pk).rejection_reason == (
        "Not a commitment."
    )


def test_importing_a_speech_answers_202_with_where_to_poll(
    analyst, django_capture_on_commit_callbacks
):
    client, _, _ = keyed_client(user=analyst)
    text = (
        "Address to the nation\n\n"
        "I instruct the Government to build 100 new schools by the end of 2026.\n"
    )
    upload = SimpleUploadedFile("speech.txt", text.encode(), "text/plain")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/addresses/",
            {
                "file": upload,
                "title": "Address 2026",
                "speaker": "Kassym-Jomart Tokayev",
                "delivered_on": dt.date(2026, 9, 1).isoformat(),
            },
            format="multipart",
        )
    body = response.json()
    poll = client.get(response["Location"])

    assert response.status_code == 202, body
    assert body["address"]["title"] == "Address 2026"
    assert body["extraction"]["url"] == response["Location"]
    assert poll.status_code == 200
    assert poll.json()["state"] == "done"
    assert poll.json()["candidates"] >= 1
    assert (
        client.post(
            "/api/v1/addresses/",
            {
                "file": SimpleUploadedFile("speech.txt", text.encode()),
                "title": "Again",
                "speaker": "Kassym-Jomart Tokayev",
                "delivered_on": "2026-09-01",
            },
            format="multipart",
        ).status_code
        == 409
    )


def test_an_import_the_rules_refuse_is_a_400_saying_why(analyst_client):
    response = analyst_client.post(
        "/api/v1/addresses/",
        {
            "file": SimpleUploadedFile("speech.txt", b"\x00\x01\x02"),
            "title": "Binary",
            "speaker": "Somebody",
            "delivered_on": "2026-09-01",
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"file"}


def test_a_session_write_needs_its_csrf_token(analyst):
    commitment = published("Rated")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(analyst)

    refused = client.post("/api/v1/updates/", update_body(commitment), format="json")
    client.get("/accounts/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    allowed = client.post(
        "/api/v1/updates/",
        update_body(commitment),
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert allowed.status_code == 201


@pytest.mark.parametrize("method", ["put", "delete"])
def test_nothing_can_be_replaced_or_deleted_by_anyone(clients, method):
    commitment = published("Kept")
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        author=UserFactory(),
        status="in_progress",
        evidence_kind="other",
    )
    candidate = CandidateFactory()
    paths = [
        f"/api/v1/commitments/{commitment.pk}/",
        f"/api/v1/updates/{update.pk}/",
        f"/api/v1/candidates/{candidate.pk}/",
        f"/api/v1/addresses/{candidate.address.slug}/",
        f"/api/v1/speakers/{candidate.address.speaker.slug}/",
    ]

    answers = {
        (role, path): getattr(client, method)(path).status_code
        for role, client in clients.items()
        for path in paths
    }

    assert set(answers.values()) == {405}
