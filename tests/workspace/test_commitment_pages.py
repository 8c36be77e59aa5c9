"""The analysts' commitment pages: the list with its filters and bulk actions, one
commitment (edit with conflicts, assign, publish, mentions, history), permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from commitments import services as commitment_services
from commitments.history import readable_changes
from commitments.models import Commitment
from tests.factories import (
    AddressFactory,
    AnalystFactory,
    CandidateFactory,
    CommitmentFactory,
    UserFactory,
    edit_form,
)
from tracking import services
from tracking.demo import ensure_groups
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

LIST = "/analyst/commitments/"


def page_of(commitment: Commitment) -> str:
    return f"/analyst/commitments/{commitment.pk}/"


@pytest.fixture
def groups() -> Any:
    return ensure_groups()


@pytest.fixture
def analyst(groups: Any) -> Any:
    return AnalystFactory(username="ana", first_name="Ana", last_name="Bekova")


@pytest.fixture
def other_analyst(groups: Any) -> Any:
    return AnalystFactory(username="bo", first_name="", last_name="")


@pytest.fixture
def editor(groups: Any) -> Any:
    user = AnalystFactory(username="eda", first_name="Eda", last_name="Nur")
    user.groups.add(groups[1])
    return user


@pytest.fixture
def analyst_client(client: Client, analyst: Any) -> Client:
    client.force_login(analyst)
    return client


@pytest.fixture
def editor_client(editor: Any) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def titles_in(response: Any) -> list[str]:
    return [commitment.title for commitment, _ in response.context["commitments"]]


def make(title: str, **row: Any) -> Commitment:
    changes = {"title": title}
    for name in ("deadline", "area"):
        if name in row:
            changes[name] = row.pop(name)
    return CommitmentFactory(changes=changes, **row)


# ------------------------------------------------------------------- permissions


@pytest.mark.parametrize("path", [LIST, "/analyst/commitments/{pk}/"])
def test_commitment_pages_send_anonymous_visitors_to_sign_in(client, path):
    commitment = make("Water")
    response = client.get(path.format(pk=commitment.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", [LIST, "/analyst/commitments/{pk}/"])
def test_commitment_pages_refuse_a_user_without_the_analysts_permission(client, path):
    commitment = make("Water")
    client.force_login(UserFactory(username="outsider"))
    assert client.get(path.format(pk=commitment.pk)).status_code == 403


# ----------------------------------------------------------------------- the list


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_list_filters_by_status_area_assignee_overdue_due_within_and_published(
    analyst_client, analyst, other_analyst
):
    make("Overdue water", deadline=dt.date(2025, 1, 1), area="environment")
    make("Soon schools", deadline=dt.date(2026, 6, 20), assignee=analyst)
    make("Later roads", deadline=dt.date(2027, 1, 1), assignee=other_analyst)
    make("Kept promise", status="achieved", is_published=True)

    def listed(query: str) -> set[str]:
        return set(titles_in(analyst_client.get(f"{LIST}?{query}")))

    assert listed("") == {
        "Overdue water",
        "Soon schools",
        "Later roads",
        "Kept promise",
    }
    assert listed("status=achieved") == {"Kept promise"}
    assert listed("status=achieved&status=not_rated") == {
        "Overdue water",
        "Soon schools",
        "Later roads",
        "Kept promise",
    }
    assert listed("area=environment") == {"Overdue water"}
    assert listed("assignee=me") == {"Soon schools"}
    assert listed("assignee=nobody") == {"Overdue water", "Kept promise"}
    assert listed(f"assignee={other_analyst.pk}") == {"Later roads"}
    assert listed("overdue=true") == {"Overdue water"}
    assert listed("overdue=false") == {"Soon schools", "Later roads", "Kept promise"}
    assert listed("due_within=30") == {"Soon schools"}
    assert listed("published=true") == {"Kept promise"}
    assert listed("published=false") == {"Overdue water", "Soon schools", "Later roads"}


def test_list_filters_by_speech_search_and_staleness(analyst_client, settings):
    speech = AddressFactory()
    in_speech = CommitmentFactory(
        candidate=CandidateFactory(address=speech), changes={"title": "From speech"}
    )
    make("Desalination plants on the Caspian")
    make("Freshly accepted")
    long_ago = timezone.now() - dt.timedelta(
        days=settings.UADE_REMINDER_STALE_AFTER_DAYS + 1
    )
    Commitment.objects.exclude(title="Freshly accepted").update(created_at=long_ago)
    response = analyst_client.get(f"{LIST}?speech={speech.slug}")
    assert titles_in(response) == [in_speech.title]
    response = analyst_client.get(f"{LIST}?q=desalination")
    assert titles_in(response) == ["Desalination plants on the Caspian"]
    stale = set(titles_in(analyst_client.get(f"{LIST}?stale=on")))
    assert stale == {"From speech", "Desalination plants on the Caspian"}
    # News logged recently makes it fresh again.
    Commitment.objects.filter(title="From speech").update(
        last_progress_at=timezone.now()
    )
    stale = set(titles_in(analyst_client.get(f"{LIST}?stale=on")))
    assert stale == {"Desalination plants on the Caspian"}


def test_list_sorts_by_deadline_title_and_oldest(analyst_client):
    make("B late", deadline=dt.date(2031, 1, 1))
    make("A early", deadline=dt.date(2029, 1, 1))
    make("C none")
    assert titles_in(analyst_client.get(LIST)) == ["A early", "B late", "C none"]
    assert titles_in(analyst_client.get(f"{LIST}?sort=title")) == [
        "A early",
        "B late",
        "C none",
    ]
    assert titles_in(analyst_client.get(f"{LIST}?sort=updated"))[0] in {
        "A early",
        "B late",
        "C none",
    }


def test_list_pages_by_25_and_keeps_the_filters_in_the_page_links(analyst_client):
    for n in range(30):
        make(f"Commitment {n:02}", area="health")
    response = analyst_client.get(f"{LIST}?area=health")
    assert len(response.context["commitments"]) == 25
    assert response.context["matching"] == 30
    assert "?area=health&amp;page=2" in response.content.decode()
    second = analyst_client.get(f"{LIST}?area=health&page=2")
    assert len(second.context["commitments"]) == 5


def test_list_shows_the_counts(analyst_client, analyst):
    make("Mine", assignee=analyst)
    make("Nobody's", deadline=dt.date(2001, 1, 1))
    counts = analyst_client.get(LIST).context["counts"]
    assert counts == {
        "total": 2,
        "overdue": 1,
        "unassigned": 1,
        "unpublished": 2,
        "mine": 1,
    }


def test_an_invalid_filter_lists_nothing_rather_than_everything(analyst_client):
    make("Water")
    response = analyst_client.get(f"{LIST}?speech=no-such-speech")
    assert titles_in(response) == []
    assert "could not be read" in response.content.decode()


def test_bulk_assign_assigns_the_selected_in_one_go(analyst_client, other_analyst):
    one, two, untouched = make("One"), make("Two"), make("Three")
    response = analyst_client.post(
        LIST,
        {
            "action": "assign",
            "selected": [one.pk, two.pk],
            "assignee": other_analyst.pk,
            "next": f"{LIST}?sort=title",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?sort=title"
    assignees = dict(Commitment.objects.values_list("title", "assignee_id"))
    assert assignees == {
        "One": other_analyst.pk,
        "Two": other_analyst.pk,
        "Three": None,
    }
    one.refresh_from_db()
    assert one.version == 2
    untouched.refresh_from_db()
    assert untouched.version == 1


def test_bulk_assign_to_nobody_unassigns(analyst_client, analyst):
    one = make("One", assignee=analyst)
    analyst_client.post(LIST, {"action": "assign", "selected": [one.pk]})
    one.refresh_from_db()
    assert one.assignee is None


def test_bulk_publish_is_refused_to_an_analyst_and_hidden_from_them(analyst_client):
    one = make("One")
    page = analyst_client.get(LIST).content.decode()
    assert 'value="publish"' not in page
    response = analyst_client.post(LIST, {"action": "publish", "selected": [one.pk]})
    assert response.status_code == 403
    one.refresh_from_db()
    assert not one.is_published


def test_bulk_publish_and_unpublish_by_an_editor(editor_client):
    one, two = make("One"), make("Two")
    assert 'value="publish"' in editor_client.get(LIST).content.decode()
    editor_client.post(LIST, {"action": "publish", "selected": [one.pk, two.pk]})
    assert Commitment.objects.filter(is_published=True).count() == 2
    editor_client.post(LIST, {"action": "unpublish", "selected": [two.pk]})
    assert list(Commitment.objects.filter(is_published=True)) == [one]


def test_bulk_action_without_a_selection_says_so(analyst_client):
    response = analyst_client.post(LIST, {"action": "assign"}, follow=True)
    assert "Select at least one commitment." in response.content.decode()


def test_bulk_action_does_not_follow_a_next_to_another_site(analyst_client):
    one = make("One")
    response = analyst_client.post(
        LIST,
        {"action": "assign", "selected": [one.pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == LIST


def _list_queries(client: Client, django_assert_max_num_queries: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{LIST}?status=not_rated&sort=title")
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_the_same_at_10_and_300_commitments(
    analyst_client, analyst, other_analyst, django_assert_max_num_queries
):
    for n in range(10):
        make(f"Commitment {n}", assignee=analyst if n % 2 else other_analyst)
    at_ten = _list_queries(analyst_client, django_assert_max_num_queries)
    rows = [
        Commitment(
            title=f"Bulk {n}",
            first_made_on=dt.date(2020, 1, 1),
            assignee=analyst if n % 2 else other_analyst,
        )
        for n in range(290)
    ]
    Commitment.objects.bulk_create(rows)
    at_300 = _list_queries(analyst_client, django_assert_max_num_queries)
    assert Commitment.objects.count() == 300
    assert at_300 == at_ten
    # Session, user, permissions (2), analysts, count, counts, page, speeches.
    assert at_ten <= 9
    with django_assert_max_num_queries(at_ten):
        analyst_client.get(f"{LIST}?status=not_rated&sort=title")


# ----------------------------------------------------------------- one commitment


def test_edit_saves_every_field_and_bumps_the_version(analyst_client):
    commitment = make("Old title")
    response = analyst_client.post(
        page_of(commitment),
        edit_form(
            commitment,
            title="New title",
            summary="A summary",
            area="health",
            type="legislative",
            actor="Ministry of Health",
            deadline="2030-12-31",
            deadline_text="by 2030",
            target="100 clinics",
        ),
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.version == 2
    assert (commitment.title, commitment.area, commitment.type) == (
        "New title",
        "health",
        "legislative",
    )
    assert commitment.deadline == dt.date(2030, 12, 31)
    assert (commitment.actor, commitment.deadline_text, commitment.target) == (
        "Ministry of Health",
        "by 2030",
        "100 clinics",
    )


def test_edit_refuses_an_empty_title_next_to_the_field(analyst_client):
    commitment = make("Keep me")
    response = analyst_client.post(page_of(commitment), edit_form(commitment, title=""))
    assert response.status_code == 200
    assert "title" in response.context["edit_form"].errors
    commitment.refresh_from_db()
    assert commitment.title == "Keep me"


def test_a_concurrent_edit_is_shown_side_by_side_and_nothing_is_saved(
    analyst_client, other_analyst
):
    commitment = make("Original", deadline=dt.date(2030, 1, 1))
    loaded = edit_form(commitment)
    services.edit_commitment(
        commitment.pk,
        version=commitment.version,
        changes={"title": "Their title", "target": "Their target"},
        editor=other_analyst,
    )
    response = analyst_client.post(
        page_of(commitment), {**loaded, "title": "My title", "summary": "My summary"}
    )
    assert response.context["conflict"]
    rows = {row["name"]: row for row in response.context["conflict"]["rows"]}
    assert set(rows) == {"title", "summary", "target"}
    assert (rows["title"]["theirs"], rows["title"]["yours"]) == (
        "Their title",
        "My title",
    )
    assert (rows["target"]["theirs"], rows["target"]["yours"]) == ("Their target", "—")
    html = response.content.decode()
    assert 'name="keep_title"' in html
    assert "Someone else saved this commitment" in html
    commitment.refresh_from_db()
    assert (commitment.title, commitment.summary) == ("Their title", "")
    # The form now carries the stored version, so the choices save against it.
    assert response.context["edit_form"]["version"].value() == str(commitment.version)


def test_the_chosen_merge_saves_and_loses_nothing(analyst_client, other_analyst):
    commitment = make("Original")
    loaded = edit_form(commitment)
    services.edit_commitment(
        commitment.pk,
        version=commitment.version,
        changes={"title": "Their title", "target": "Their target"},
        editor=other_analyst,
    )
    mine = {**loaded, "title": "My title", "summary": "My summary"}
    conflict = analyst_client.post(page_of(commitment), mine)
    version = conflict.context["edit_form"]["version"].value()
    response = analyst_client.post(
        page_of(commitment),
        {
            **mine,
            "version": version,
            "keep_title": "yours",
            "keep_summary": "yours",
            "keep_target": "theirs",
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.title, commitment.summary, commitment.target) == (
        "My title",
        "My summary",
        "Their target",
    )


def test_a_merge_without_a_choice_for_every_field_asks_again(
    analyst_client, other_analyst
):
    commitment = make("Original")
    loaded = edit_form(commitment)
    services.edit_commitment(
        commitment.pk, version=1, changes={"title": "Theirs"}, editor=other_analyst
    )
    mine = {**loaded, "title": "Mine"}
    version = (
        analyst_client.post(page_of(commitment), mine)
        .context["edit_form"]["version"]
        .value()
    )
    response = analyst_client.post(
        page_of(commitment), {**mine, "version": version, "keep_title": ""}
    )
    assert response.context["conflict"]
    assert "Choose which version to keep." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.title == "Theirs"


def test_assign_from_the_commitment_page(analyst_client, other_analyst):
    commitment = make("Water")
    response = analyst_client.post(
        page_of(commitment), {"action": "assign", "assignee": other_analyst.pk}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.assignee == other_analyst


def test_an_analyst_cannot_publish_and_sees_no_button(analyst_client):
    commitment = make("Water")
    assert (
        'value="publish"'
        not in analyst_client.get(page_of(commitment)).content.decode()
    )
    response = analyst_client.post(page_of(commitment), {"action": "publish"})
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert not commitment.is_published


def test_an_editor_publishes_and_unpublishes(editor_client):
    commitment = make("Water")
    editor_client.post(page_of(commitment), {"action": "publish"})
    commitment.refresh_from_db()
    assert commitment.is_published
    editor_client.post(page_of(commitment), {"action": "unpublish"})
    commitment.refresh_from_db()
    assert not commitment.is_published


def test_mentions_link_to_their_paragraph_of_the_public_speech(analyst_client):
    commitment = make("Schools")
    mention = commitment.mentions.get()
    html = analyst_client.get(page_of(commitment)).content.decode()
    # The factory's speech: heading, opening paragraph, then the promise (¶ 3).
    assert f"/addresses/{mention.address.slug}/#p-3" in html


def test_history_reads_as_labels_and_values_with_one_name_and_date_format(
    analyst_client, analyst, other_analyst
):
    commitment = make("Water")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        services.record_progress_update(
            commitment.pk,
            author=analyst,
            status="in_progress",
            evidence=services.Evidence(kind=EvidenceKind.OTHER),
        )
        services.assign(commitment.pk, other_analyst, by=analyst)
        commitment_services.edit_commitment(
            commitment.pk,
            version=3,
            changes={"area": "health", "deadline": dt.date(2030, 1, 2)},
            editor=analyst,
        )
    lines = {str(change) for change in readable_changes(commitment)}
    assert "Status: Not yet rated → In progress" in lines
    assert "Assigned to: — → bo" in lines
    assert "Area: Education → Health" in lines
    assert "Deadline: — → 2 Jan 2030" in lines
    html = analyst_client.get(page_of(commitment)).content.decode()
    assert "<strong>Status:</strong> Not yet rated → In progress" in html
    assert "Ana Bekova" in html
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    assert f"{tomorrow:%-d %b %Y}, " in html
