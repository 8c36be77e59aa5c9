"""Commitments in the admin: browsing, editing through the services, review actions."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from commitments import services
from commitments.models import Candidate, CandidateState, Commitment
from tests.factories import (
    AddressFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
)
from tracking.demo import ensure_groups

pytestmark = pytest.mark.django_db

SPEECH = (
    "State of the Nation Address\n"
    "\n"
    "Dear compatriots!\n"
    "\n"
    "We will build one hundred new schools in rural areas by 2025. "
    "The Government will raise teachers' salaries by 25 percent next year. "
    "It is necessary to digitise all public services by 2026.\n"
)


class _FormValues(HTMLParser):
    """The values a browser would submit from one form of a page."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.in_form = found.get("id") == self.form_id
        if not self.in_form:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind == "submit" or (kind == "checkbox" and "checked" not in found):
                return
            self.values[name] = found.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in found:
            self.values[self._select] = found.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str, form_id: str = "commitment_form") -> dict[str, str]:
    parser = _FormValues(form_id)
    parser.feed(html)
    return parser.values


@pytest.fixture
def admin_user():
    return UserFactory(username="admin", superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def address():
    return AddressFactory(text=SPEECH, delivered_on=dt.date(2020, 9, 1))


@pytest.fixture
def candidates(address):
    services.refresh_candidates(address.pk)
    return list(address.candidates.all())


@pytest.fixture
def commitment(address):
    return CommitmentFactory(
        candidate=CandidateFactory(
            address=address,
            quote="We will build one hundred new schools in rural areas by 2025.",
        ),
        changes={"title": "100 rural schools", "deadline": dt.date(2025, 12, 31)},
    )


def change_url(commitment: Commitment) -> str:
    return reverse("admin:commitments_commitment_change", args=[commitment.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# ------------------------------------------------------------------ changelist


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"q": "schools"}, {"Schools, published"}, id="search title"),
        pytest.param(
            {"q": "teachers"}, {"Salaries, draft"}, id="search a mention's quote"
        ),
        pytest.param(
            {"is_published__exact": "1"}, {"Schools, published"}, id="published"
        ),
        pytest.param({"area__exact": "education"}, {"Schools, published"}, id="area"),
        pytest.param({"status__exact": "achieved"}, {"Salaries, draft"}, id="status"),
        pytest.param(
            {"first_made_on__year": "2020", "type__exact": "spending"},
            {"Salaries, draft"},
            id="date and type",
        ),
    ],
)
def test_commitment_changelist_renders_with_search_and_filters(
    admin_client, candidates, query, expected
):
    schools, salaries, _ = candidates
    CommitmentFactory(
        candidate=schools,
        changes={"title": "Schools, published", "area": "education"},
        is_published=True,
    )
    CommitmentFactory(
        candidate=salaries,
        changes={"title": "Salaries, draft", "area": "social", "type": "spending"},
        status="achieved",
    )

    response = admin_client.get(
        reverse("admin:commitments_commitment_changelist"), query
    )

    assert response.status_code == 200
    assert {str(row) for row in response.context["cl"].result_list} == expected
    for title in expected:
        assert title in response.content.decode()


def test_commitment_changelist_queries_do_not_grow_with_the_rows(
    admin_client, django_assert_max_num_queries
):
    for _ in range(12):
        CommitmentFactory(assignee=UserFactory())

    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:commitments_commitment_changelist"))

    assert response.context["cl"].result_count == 12


def test_commitment_admin_does_not_offer_adding_a_commitment(admin_client):
    response = admin_client.get(reverse("admin:commitments_commitment_add"))

    assert response.status_code == 403


# ----------------------------------------------------------------- change form


def test_commitment_change_form_saves_through_the_service_with_the_user(
    admin_client, admin_user, commitment
):
    values = form_values(admin_client.get(change_url(commitment)).content.decode())
    assert values["loaded_version"] == "1"

    response = admin_client.post(
        change_url(commitment),
        {**values, "title": "One hundred rural schools", "area": "regions"},
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.title, commitment.area, commitment.version) == (
        "One hundred rural schools",
        "regions",
        2,
    )
    assert sorted(
        (change.user, change.field, change.old, change.new)
        for change in commitment.changes()
    ) == [
        (admin_user, "area", "education", "regions"),
        (admin_user, "title", "100 rural schools", "One hundred rural schools"),
    ]


def test_commitment_change_form_assigns_through_the_service(
    admin_client, admin_user, commitment
):
    analyst = UserFactory()
    values = form_values(admin_client.get(change_url(commitment)).content.decode())

    response = admin_client.post(
        change_url(commitment), {**values, "assignee": str(analyst.pk)}
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.assignee == analyst
    [change] = commitment.changes()
    assert (change.user, change.field) == (admin_user, "assignee")


def test_commitment_change_form_cannot_change_status_or_publishing(
    admin_client, commitment
):
    values = form_values(admin_client.get(change_url(commitment)).content.decode())

    admin_client.post(
        change_url(commitment),
        {**values, "status": "achieved", "is_published": "on", "version": "9"},
    )

    commitment.refresh_from_db()
    assert (commitment.status, commitment.is_published, commitment.version) == (
        "not_rated",
        False,
        1,
    )


def test_commitment_change_form_that_is_stale_shows_an_error_instead_of_saving(
    admin_client, commitment
):
    values = form_values(admin_client.get(change_url(commitment)).content.decode())
    services.edit_commitment(
        commitment.pk,
        version=1,
        changes={"title": "Saved meanwhile"},
        editor=UserFactory(),
    )

    response = admin_client.post(
        change_url(commitment), {**values, "title": "My stale title"}
    )

    assert response.status_code == 200
    assert "Someone saved this commitment while you were editing it" in (
        response.content.decode()
    )
    commitment.refresh_from_db()
    assert (commitment.title, commitment.version) == ("Saved meanwhile", 2)


def test_commitment_change_page_shows_mentions_read_only(admin_client, commitment):
    response = admin_client.get(change_url(commitment))

    html = response.content.decode()
    assert response.status_code == 200
    assert "We will build one hundred new schools in rural areas by 2025." in html
    assert 'name="mentions-0-quote"' not in html


def test_commitment_history_page_lists_the_editor(admin_client, commitment):
    services.edit_commitment(
        commitment.pk,
        version=1,
        changes={"title": "Edited"},
        editor=UserFactory(username="history-editor"),
    )

    response = admin_client.get(
        reverse("admin:commitments_commitment_history", args=[commitment.pk])
    )

    assert response.status_code == 200
    assert "history-editor" in response.content.decode()


# -------------------------------------------------------------- publish action


def test_publish_action_by_an_editor_publishes(admin_client, commitment):
    response = admin_client.post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "publish_selected", "_selected_action": [commitment.pk]},
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.is_published
    assert messages_of(response) == ["Published 1 commitment(s)."]


def test_publish_action_by_an_analyst_is_refused_with_a_message(client, commitment):
    analysts, _ = ensure_groups()
    analyst = UserFactory(is_staff=True)
    analyst.groups.add(analysts)
    client.force_login(analyst)

    response = client.post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "publish_selected", "_selected_action": [commitment.pk]},
    )

    commitment.refresh_from_db()
    assert not commitment.is_published
    assert messages_of(response) == [
        "Only editors may publish or unpublish commitments."
    ]


# ------------------------------------------------------------ candidate actions


def candidate_action(client, action: str, candidates: list[Candidate]):
    return client.post(
        reverse("admin:commitments_candidate_changelist"),
        {
            "action": action,
            "_selected_action": [candidate.pk for candidate in candidates],
        },
    )


def test_candidate_accept_action_accepts_the_selected_candidates(
    admin_client, admin_user, candidates
):
    response = candidate_action(admin_client, "accept_selected", candidates[:2])

    assert response.status_code == 302
    assert messages_of(response) == ["Reviewed 2 candidate(s)."]
    assert list(
        Candidate.objects.order_by("start").values_list("state", "reviewer")
    ) == [
        ("accepted", admin_user.pk),
        ("accepted", admin_user.pk),
        ("pending", None),
    ]
    assert Commitment.objects.count() == 2


def test_candidate_reject_action_rejects_the_selected_candidates(
    admin_client, candidates
):
    response = candidate_action(admin_client, "reject_selected", candidates)

    assert response.status_code == 302
    assert set(Candidate.objects.values_list("state", "rejection_reason")) == {
        ("rejected", "Not a commitment")
    }


@pytest.mark.parametrize("action", ["accept_selected", "reject_selected"])
def test_candidate_action_over_a_reviewed_candidate_changes_nothing(
    admin_client, admin_user, candidates, action
):
    services.reject_candidate(candidates[1].pk, reviewer=admin_user, reason="Vague.")

    response = candidate_action(admin_client, action, candidates)

    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("Nothing changed: This candidate was already rejected")
    assert list(
        Candidate.objects.order_by("start").values_list("state", flat=True)
    ) == [
        CandidateState.PENDING,
        CandidateState.REJECTED,
        CandidateState.PENDING,
    ]
    assert not Commitment.objects.exists()


def test_candidate_changelist_renders_with_search_and_filter(admin_client, candidates):
    response = admin_client.get(
        reverse("admin:commitments_candidate_changelist"),
        {"q": "teachers", "state__exact": "pending"},
    )

    assert response.status_code == 200
    assert [candidate.pk for candidate in response.context["cl"].result_list] == [
        candidates[1].pk
    ]


def test_candidate_change_page_is_read_only(admin_client, candidates):
    url = reverse("admin:commitments_candidate_change", args=[candidates[0].pk])

    page = admin_client.get(url)
    post = admin_client.post(url, {"quote": "Rewritten", "state": "accepted"})

    assert page.status_code == 200
    assert 'name="quote"' not in page.content.decode()
    assert post.status_code == 403
    candidates[0].refresh_from_db()
    assert candidates[0].is_pending
