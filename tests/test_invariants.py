"""The record's three promises, tried by every way in:

- only editors publish or unpublish a commitment or a speech;
- nobody edits or deletes a progress update, superusers included;
- what a reader sends is shown to nobody outside the analysts before an analyst
  accepts it, and afterwards only as the progress update the analyst wrote.

The walk in tests/test_routes_roles.py checks what every route answers; these tests
check what the requests changed, or showed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from addresses.models import Address
from commitments.models import Commitment
from dashboard.links import commitment_url
from tests.addresses.test_admin import change_form_data
from tests.factories import UserFactory
from tests.test_routes_roles import (
    ROLES,
    World,
    body,
    client_as,
    make_world,
    routes,
)
from tracking.models import (
    AppendOnly,
    EvidenceKind,
    ProgressUpdate,
    ReaderSubmission,
    SubmissionState,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    # Tests do not run collectstatic, which /healthz checks for otherwise; and the
    # walks below send more API requests within a second than the rates allow.
    settings.WHITENOISE_USE_FINDERS = True
    for name in ("UADE_API_ANON_RATE", "UADE_API_KEY_RATE", "UADE_API_USER_RATE"):
        setattr(settings, name, "100000/min")
    caches["throttle"].clear()


@pytest.fixture
def world() -> World:
    return make_world()


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.exc_info!r}"


# ------------------------------------------------------------- only editors publish

# Each way to publish (`publish=True`) or unpublish a commitment, by its id.
CommitmentWay = Callable[[Client, Commitment, bool], Any]


def workspace_action(client: Client, commitment: Commitment, publish: bool) -> Any:
    return client.post(
        reverse("workspace:commitment", args=[commitment.pk]),
        {"action": "publish" if publish else "unpublish"},
    )


def workspace_bulk(client: Client, commitment: Commitment, publish: bool) -> Any:
    return client.post(
        reverse("workspace:commitments"),
        {"action": "publish" if publish else "unpublish", "selected": [commitment.pk]},
    )


def admin_action(client: Client, commitment: Commitment, publish: bool) -> Any:
    return client.post(
        reverse("admin:commitments_commitment_changelist"),
        {
            "action": "publish_selected" if publish else "unpublish_selected",
            "_selected_action": [commitment.pk],
        },
    )


def admin_change_form(client: Client, commitment: Commitment, publish: bool) -> Any:
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    data = change_form_data(client.get(url))
    if publish:
        data["is_published"] = "on"
    else:
        data.pop("is_published", None)
    return client.post(url, data)


def api_patch(client: Client, commitment: Commitment, publish: bool) -> Any:
    return client.patch(
        f"/api/v1/commitments/{commitment.pk}/",
        json.dumps({"is_published": publish}),
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )


# Editors publish by these; analysts by none of them.
EDITORS_WAYS: dict[str, CommitmentWay] = {
    "workspace page": workspace_action,
    "workspace bulk action": workspace_bulk,
    "admin action": admin_action,
}
# `is_published` is read-only on the admin's form and no field of the API's edit:
# nobody publishes by these.
NOBODYS_WAYS: dict[str, CommitmentWay] = {
    "admin change form": admin_change_form,
    "API PATCH": api_patch,
}


def publishing(world: World) -> dict[str, Any]:
    """What publishing changes: every commitment's flag and version, every
    speech's visibility."""
    return {
        "commitments": list(
            Commitment.objects.order_by("pk").values_list(
                "pk", "is_published", "version"
            )
        ),
        "speeches": list(Address.objects.order_by("pk").values_list("pk", "is_public")),
    }


def post_speech_form(client: Client, address: Address, *, public: bool) -> Any:
    url = reverse("admin:addresses_address_change", args=[address.pk])
    data = change_form_data(client.get(url))
    if public:
        data["is_public"] = "on"
    else:
        data.pop("is_public", None)
    return client.post(url, data)


def test_an_analyst_publishes_and_unpublishes_nothing_by_any_way(world):
    analyst = signed_in(world.users["analyst"])
    before = publishing(world)

    for name, way in {**EDITORS_WAYS, **NOBODYS_WAYS}.items():
        for commitment, publish in ((world.commitment, True), (world.published, False)):
            response = way(analyst, commitment, publish)
            assert_no_server_error(response, name)
            assert publishing(world) == before, f"{name} (publish={publish})"
    for address, public in ((world.unpublished, True), (world.public, False)):
        response = post_speech_form(analyst, address, public=public)
        assert_no_server_error(response, "admin speech form")
        assert publishing(world) == before, f"admin speech form (public={public})"


@pytest.mark.parametrize("way", EDITORS_WAYS)
def test_an_editor_publishes_and_unpublishes_a_commitment(world, way):
    editor = signed_in(world.users["editor"])
    commitment = world.commitment

    EDITORS_WAYS[way](editor, commitment, True)
    commitment.refresh_from_db()
    published = commitment.is_published
    EDITORS_WAYS[way](editor, commitment, False)
    commitment.refresh_from_db()

    assert (published, commitment.is_published) == (True, False)


@pytest.mark.parametrize(
    ("way", "saved"), [("admin change form", 302), ("API PATCH", 200)]
)
def test_not_even_an_editor_publishes_by_the_admin_form_or_the_api(world, way, saved):
    editor = signed_in(world.users["editor"])
    before = publishing(world)

    answers = [
        NOBODYS_WAYS[way](editor, world.commitment, True).status_code,
        NOBODYS_WAYS[way](editor, world.published, False).status_code,
    ]

    # The edit is taken (nothing else changed, so the version stays) but the
    # flag is not among what it may change.
    assert answers == [saved, saved]
    assert publishing(world) == before


def test_an_editor_hides_and_shows_a_speech_in_the_admin(world):
    editor = signed_in(world.users["editor"])
    address = world.unpublished

    shown = post_speech_form(editor, address, public=True)
    address.refresh_from_db()
    is_public = address.is_public
    hidden = post_speech_form(editor, address, public=False)
    address.refresh_from_db()

    assert (shown.status_code, hidden.status_code) == (302, 302)
    assert (is_public, address.is_public) == (True, False)


# ------------------------------------------------- nobody edits a progress update

EVERY_ROLE = (*ROLES, "superuser")


def stored_update(update: ProgressUpdate) -> dict[str, Any]:
    """The whole row, every column as stored."""
    return ProgressUpdate.objects.filter(pk=update.pk).values().get()


def client_for(world: World, role: str) -> Client:
    if role == "superuser":
        return signed_in(UserFactory(username="root", superuser=True))
    return client_as(world, role)


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_no_role_edits_or_deletes_a_progress_update_through_api_or_admin(world, role):
    update = world.objects["tracking.progressupdate"]
    before, count = stored_update(update), ProgressUpdate.objects.count()
    client = client_for(world, role)
    rewrite = {"note": "Rewritten", "status": "achieved", "evidence_kind": "other"}
    api_url = f"/api/v1/updates/{update.pk}/"
    change_url = reverse("admin:tracking_progressupdate_change", args=[update.pk])
    attempts = {
        # The API has no such methods for updates, whoever asks.
        "API PUT": lambda: client.put(
            api_url, rewrite, content_type="application/json"
        ),
        "API PATCH": lambda: client.patch(
            api_url, rewrite, content_type="application/json"
        ),
        "API DELETE": lambda: client.delete(api_url),
        "admin change": lambda: client.post(change_url, rewrite),
        "admin delete": lambda: client.post(
            reverse("admin:tracking_progressupdate_delete", args=[update.pk]),
            {"post": "yes"},
        ),
        "admin delete action": lambda: client.post(
            reverse("admin:tracking_progressupdate_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [update.pk],
                "post": "yes",
            },
        ),
    }

    for name, attempt in attempts.items():
        response = attempt()
        assert_no_server_error(response, name)
        if name.startswith("API"):
            assert response.status_code == 405, name
        assert stored_update(update) == before, name
        assert ProgressUpdate.objects.count() == count, name


def test_the_orm_refuses_to_edit_or_delete_a_progress_update(world):
    """The model and its QuerySet refuse; below them PostgreSQL's trigger refuses
    raw SQL and the base manager (tests/tracking/test_append_only_database.py)."""
    update = world.objects["tracking.progressupdate"]
    before = stored_update(update)
    update.note = "Rewritten"
    updates = ProgressUpdate.objects.filter(pk=update.pk)

    for attempt in (
        update.save,
        update.delete,
        lambda: updates.update(note="Rewritten"),
        updates.delete,
    ):
        with pytest.raises(AppendOnly):
            attempt()

    assert stored_update(update) == before


# ------------------------------------- readers' submissions wait for moderation

NOTE = "Zq-pending-note: the law on water was adopted in March."
EMAIL = "zq-reader@example.org"
LINK = "https://example.org/zq-reader-link/law-on-water"
ANALYSTS_NOTE = "Zq-analysts-note: adopted; pipes are yet to be laid."
READERS = ("anonymous", "reader")


def public_requests(world: World) -> list[str]:
    """Every route the URLconf has, as the walk fills it, and the searches and
    exports that could match the reader's words."""
    commitment = world.published
    words = "law water adopted"
    api = "/api/v1"
    return [
        *[route.path for route in routes(world)],
        f"/commitments/?q={words}",
        f"{api}/commitments/?search={words}",
        f"{api}/commitments/{commitment.pk}/",
        f"{api}/commitments/?format=csv",
        f"{api}/updates/?format=csv",
        f"{api}/updates/?commitment={commitment.pk}",
        f"{api}/stats/?search={words}",
        f"{api}/areas/?format=csv",
    ]


def shown(world: World, role: str, secrets: tuple[str, ...]) -> list[str]:
    """Where `role` reads any of `secrets` by GET."""
    client = client_as(world, role)
    found = []
    for path in public_requests(world):
        response = client.get(path)
        assert_no_server_error(response, path)
        text = body(response).decode(errors="replace")
        found += [f"{path} shows {secret!r}" for secret in secrets if secret in text]
    return found


@pytest.fixture
def pending(world: World) -> ReaderSubmission:
    """A reader's suggestion, sent by the public form on the published commitment."""
    response = Client().post(
        reverse("dashboard:suggest", args=[world.published.pk]),
        {"note": NOTE, "email": EMAIL, "url": LINK, "website": ""},
    )
    assert response.status_code == 302  # on to the thanks
    return ReaderSubmission.objects.get(note=NOTE)


@pytest.mark.parametrize("role", READERS)
def test_a_pending_submission_is_visible_nowhere_outside_the_workspace(
    world, pending, role
):
    assert pending.state == SubmissionState.PENDING

    assert shown(world, role, (NOTE, EMAIL, LINK)) == []


@pytest.mark.parametrize("role", READERS)
def test_an_accepted_submission_is_public_only_as_its_progress_update(
    world, pending, role
):
    analyst = signed_in(world.users["analyst"])
    accepted = analyst.post(
        reverse("workspace:accept_submission", args=[pending.pk]),
        {
            "status": "in_progress",
            "evidence_kind": EvidenceKind.NEWS_REPORT,
            "evidence_url": LINK,
            "note": ANALYSTS_NOTE,
        },
    )
    pending.refresh_from_db()
    client = client_as(world, role)
    page = body(client.get(commitment_url(world.published))).decode()
    updates = client.get(f"/api/v1/updates/?commitment={world.published.pk}").json()

    assert accepted.status_code == 302
    assert pending.state == SubmissionState.ACCEPTED
    # The update shows the analyst's note and the link as its evidence...
    assert ANALYSTS_NOTE in page
    assert LINK in page
    assert [(row["note"], row["evidence_url"]) for row in updates["results"]] == [
        (ANALYSTS_NOTE, LINK)
    ]
    # ...and what the reader wrote, or who they are, nowhere.
    assert shown(world, role, (NOTE, EMAIL)) == []
