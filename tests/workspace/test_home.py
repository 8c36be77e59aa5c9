"""The analyst's home page: their commitments due soon, overdue and gone quiet, the
review queues, suggested evidence, their recent activity, each list paged, with
clear empty states and a query count that does not grow with the record."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments import services as commitment_services
from commitments.models import Commitment, EvidenceSuggestion, Extraction
from tests.factories import (
    AddressFactory,
    AnalystFactory,
    CandidateFactory,
    CommitmentFactory,
)
from tracking import services as tracking_services
from tracking.demo import ensure_groups
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

HOME = "/analyst/"


@pytest.fixture
def analyst() -> Any:
    ensure_groups()
    return AnalystFactory(username="ana", first_name="Ana", last_name="Bekova")


@pytest.fixture
def analyst_client(client: Client, analyst: Any) -> Client:
    client.force_login(analyst)
    return client


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def words(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def titles(section: Any) -> list[str]:
    return [row.title for row in section.rows]


def quiet(commitment: Commitment, days_ago: int = 100) -> Commitment:
    Commitment.objects.filter(pk=commitment.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return commitment


def test_my_commitments_due_soon_overdue_and_quiet(
    analyst_client: Client, analyst: Any
) -> None:
    soon = CommitmentFactory(
        assignee=analyst, changes={"title": "Soon", "deadline": days(12)}
    )
    CommitmentFactory(
        assignee=analyst, changes={"title": "Later", "deadline": days(90)}
    )
    late = CommitmentFactory(
        assignee=analyst, changes={"title": "Late", "deadline": days(-40)}
    )
    silent = quiet(CommitmentFactory(assignee=analyst, changes={"title": "Silent"}))
    CommitmentFactory(
        assignee=analyst,
        status="achieved",
        changes={"title": "Done", "deadline": days(-40)},
    )
    CommitmentFactory(changes={"title": "Someone else's", "deadline": days(3)})
    updated = quiet(CommitmentFactory(assignee=analyst, changes={"title": "Updated"}))
    tracking_services.record_progress_update(
        updated.pk,
        author=analyst,
        status="in_progress",
        evidence=tracking_services.Evidence(
            kind=EvidenceKind.NEWS_REPORT,
            url="https://example.org/news",
            title="Works began",
            on=timezone.localdate(),
        ),
    )

    response = analyst_client.get(HOME)
    html = text(response)

    assert response.status_code == 200
    assert titles(response.context["due_soon"]) == ["Soon"]
    assert titles(response.context["overdue_mine"]) == ["Late"]
    assert titles(response.context["stale"]) == ["Silent"]
    assert f'href="/analyst/commitments/{soon.pk}/"' in html
    assert "in 1 week" in html
    assert f'href="/analyst/commitments/{late.pk}/"' in html
    assert "overdue" in html
    assert f'href="/analyst/commitments/{silent.pk}/"' in html
    assert "No update since" in html
    assert "My commitments (5 open)" in words(response)
    # Each list leads on to the analysts' commitment list, filtered the same way.
    for query in (
        "assignee=me&amp;due_within=30",
        "assignee=me&amp;overdue=true",
        "assignee=me&amp;stale=on",
    ):
        assert f'href="/analyst/commitments/?{query}"' in html


def test_the_home_page_links_import_reminders_and_submissions(
    analyst_client: Client,
) -> None:
    html = text(analyst_client.get(HOME))
    assert 'href="/analyst/import/"' in html
    assert "Import a speech" in html
    assert 'href="/analyst/reminders/"' in html
    assert 'href="/analyst/submissions/"' in html


def test_a_new_analyst_sees_clear_empty_states(analyst_client: Client) -> None:
    html = text(analyst_client.get(HOME))
    for message in (
        "No open commitment is assigned to you.",
        "No proposed commitment waits for review.",
        "No suggested evidence waits",
        "No commitment is overdue.",
        "Nothing yet: the progress you log and the proposals you review appear here.",
    ):
        assert message in html, message
    assert "Speeches without proposals yet" not in html
    assert "Nothing of yours is due" not in html


def test_each_of_my_lists_says_when_it_is_empty(
    analyst_client: Client, analyst: Any
) -> None:
    CommitmentFactory(assignee=analyst, changes={"deadline": days(200)})
    html = text(analyst_client.get(HOME))
    for message in (
        "Nothing of yours is due in the next 30 days.",
        "None of your commitments is overdue.",
        "Every commitment of yours has had an update in the last 90 days.",
    ):
        assert message in html, message
    assert "No open commitment is assigned to you." not in html


def test_the_navigation_marks_the_workspace_as_the_current_section(
    analyst_client: Client,
) -> None:
    html = text(analyst_client.get(HOME))
    assert '<a href="/analyst/" aria-current="page">Workspace</a>' in html
    assert '<a href="/" aria-current="page">' not in html


def test_review_queues_show_each_speech_with_its_pending_count(
    analyst_client: Client, analyst: Any
) -> None:
    address = AddressFactory(
        title="Spring Address",
        text="Opening.\n\nWe will build 10 schools.\n\nWe will open 5 clinics.\n",
    )
    CandidateFactory(address=address, quote="We will build 10 schools.")
    clinics = CandidateFactory(address=address, quote="We will open 5 clinics.")
    commitment_services.reject_candidate(
        clinics.pk, reviewer=analyst, reason="Not a commitment"
    )
    AddressFactory(title="Reviewed Address")

    response = analyst_client.get(HOME)
    html = text(response)

    assert [row.title for row in response.context["queues"].rows] == ["Spring Address"]
    assert (
        f'<a href="/analyst/addresses/{address.slug}/review/">Spring Address</a>'
        in (html)
    )
    assert "<strong>1</strong> of 2 pending" in html
    assert "Reviewed Address" not in html


def test_suggested_evidence_waiting_is_counted_per_speech(
    analyst_client: Client, analyst: Any
) -> None:
    commitment = CommitmentFactory()
    later = AddressFactory(title="A Later Interview")
    quote = later.text.splitlines()[0]
    for start in (0, 1, 2):
        EvidenceSuggestion.objects.create(
            address=later,
            start=start,
            end=len(quote),
            quote=quote,
            commitment=commitment,
            score=0.5,
            rank=1,
        )
    EvidenceSuggestion.objects.filter(start=2).update(is_dismissed=True)

    response = analyst_client.get(HOME)
    html = text(response)

    assert "Suggested evidence (2 waiting)" in words(response)
    assert f'href="/analyst/addresses/{later.slug}/review/#evidence"' in html
    assert "<strong>2</strong> passages" in html


def test_my_recent_activity_links_quotes_to_their_paragraph(
    analyst_client: Client, analyst: Any
) -> None:
    address = AddressFactory(
        title="Autumn Address",
        text="Opening words.\n\nWe will build 10 schools by 2030.\n",
    )
    candidate = CandidateFactory(
        address=address, quote="We will build 10 schools by 2030."
    )
    commitment = commitment_services.accept_candidate(
        candidate.pk, reviewer=analyst, changes={"title": "Ten schools"}
    )
    tracking_services.record_progress_update(
        commitment.pk,
        author=analyst,
        status="in_progress",
        evidence=tracking_services.Evidence(
            kind=EvidenceKind.NEWS_REPORT,
            url="https://example.org/schools",
            title="Schools under way",
            on=timezone.localdate(),
        ),
    )

    html = text(analyst_client.get(HOME))

    assert "Rated In progress" in html
    assert 'href="https://example.org/schools"' in html
    assert "Accepted a proposal" in html
    assert f'href="/addresses/{address.slug}/#p-2"' in html
    assert f'href="/analyst/commitments/{commitment.pk}/"' in html


def test_every_list_is_paged_and_keeps_the_others_page(
    analyst_client: Client, analyst: Any
) -> None:
    for number in range(23):
        CommitmentFactory(
            changes={"title": f"Overdue {number:02}", "deadline": days(-30 + number)}
        )

    first = analyst_client.get(HOME)
    overdue = first.context["overdue"]
    assert overdue.count == 23
    assert titles(overdue) == [f"Overdue {n:02}" for n in range(10)]
    assert overdue.next_url == "?overdue=2#overdue"
    assert 'rel="next"' in first.content.decode()
    assert 'hx-select="#overdue"' in first.content.decode()

    last = analyst_client.get(HOME, {"overdue": "3", "due": "2"})
    assert titles(last.context["overdue"]) == [f"Overdue {n:02}" for n in range(20, 23)]
    assert last.context["overdue"].previous_url == "?overdue=2&due=2#overdue"
    assert last.context["overdue"].next_url == ""
    # A page past the end shows the last one rather than failing.
    assert analyst_client.get(HOME, {"overdue": "99"}).status_code == 200


def test_an_extraction_in_progress_links_to_its_progress(
    analyst_client: Client,
) -> None:
    address = AddressFactory(title="Winter Address")
    Extraction.objects.create(address=address)

    html = text(analyst_client.get(HOME))

    assert f'href="/analyst/addresses/{address.slug}/extraction/"' in html
    assert "Winter Address" in html


def _world(analyst: Any) -> None:
    """Something in every list of the page."""
    address = AddressFactory(
        text="Opening.\n\nWe will build 10 schools.\n\nWe will open 5 clinics.\n"
    )
    CandidateFactory(address=address, quote="We will build 10 schools.")
    reviewed = CandidateFactory(address=address, quote="We will open 5 clinics.")
    commitment_services.reject_candidate(
        reviewed.pk, reviewer=analyst, reason="Not a commitment"
    )
    commitment = CommitmentFactory(assignee=analyst, changes={"deadline": days(5)})
    quote = address.text.splitlines()[0]
    EvidenceSuggestion.objects.create(
        address=address,
        start=0,
        end=len(quote),
        quote=quote,
        commitment=commitment,
        score=0.5,
        rank=1,
    )
    Extraction.objects.create(address=address)


def _more_commitments(analyst: Any, count: int) -> None:
    """`count` more of the analyst's commitments: due soon, overdue and quiet."""
    Commitment.objects.bulk_create(
        Commitment(
            title=f"Bulk {number}",
            first_made_on=dt.date(2020, 9, 1),
            assignee=analyst,
            deadline=days(number % 60 - 30),
        )
        for number in range(count)
    )
    Commitment.objects.filter(title__startswith="Bulk", deadline__lt=days(-20)).update(
        created_at=timezone.now() - dt.timedelta(days=200)
    )


def test_the_query_count_is_the_same_at_10_and_300_commitments(
    analyst_client: Client, analyst: Any, django_assert_max_num_queries: Any
) -> None:
    _world(analyst)
    _more_commitments(analyst, 9)
    with CaptureQueriesContext(connection) as at_10:
        small = analyst_client.get(HOME)
    assert Commitment.objects.count() == 10
    for name in ("due_soon", "overdue_mine", "stale", "overdue", "queues", "evidence"):
        assert small.context[name].rows, name

    _more_commitments(analyst, 290)
    assert Commitment.objects.count() == 300
    with django_assert_max_num_queries(len(at_10.captured_queries)):
        large = analyst_client.get(HOME)
    assert large.context["overdue"].page.paginator.num_pages > 1
