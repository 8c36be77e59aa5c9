"""The rating rules of `record_progress_update`: what a verdict must rest on, why a
commitment stalled, when evidence may be dated, how long a note may be; and the
safe rendering of notes. The site's form and the API obey the same rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from commitments.models import Commitment
from tests.factories import (
    AddressFactory,
    AnalystFactory,
    CandidateFactory,
    CommitmentFactory,
)
from tracking import services
from tracking.demo import ensure_groups
from tracking.models import EvidenceKind, ProgressUpdate
from tracking.notes import render_note

MADE_ON = dt.date(2020, 9, 1)
LATER_TEXT = "Progress report\n\nTen new schools have opened this year.\n"


@pytest.fixture
def analyst() -> Any:
    ensure_groups()
    return AnalystFactory(username="ana")


@pytest.fixture
def speech() -> Any:
    return AddressFactory(delivered_on=MADE_ON)


@pytest.fixture
def commitment(speech: Any) -> Commitment:
    return CommitmentFactory(
        candidate=CandidateFactory(address=speech), changes={"title": "Schools"}
    )


@pytest.fixture
def later() -> Any:
    return AddressFactory(text=LATER_TEXT, delivered_on=dt.date(2024, 2, 1))


def passage(address: Any, words: str = "Ten new schools") -> services.Evidence:
    start = address.text.index(words)
    return services.Evidence(
        kind=EvidenceKind.LATER_SPEECH,
        address=address,
        start=start,
        end=start + len(words),
        on=address.delivered_on,
    )


def refused(commitment: Commitment, author: Any, **arguments: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as error:
        services.record_progress_update(commitment.pk, author=author, **arguments)
    assert not ProgressUpdate.objects.exists()
    commitment.refresh_from_db()
    assert commitment.status == "not_rated"
    return error.value.message_dict


LINK = services.Evidence(kind=EvidenceKind.NEWS_REPORT, url="https://example.org/n")


# ---------------------------------------------------------------------- service


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["achieved", "partially_achieved", "broken"])
def test_a_verdict_on_other_evidence_alone_is_refused(commitment, analyst, status):
    errors = refused(
        commitment,
        analyst,
        status=status,
        reason="no_funding" if status == "broken" else "",
        note="just trust me",
        evidence=services.Evidence(kind=EvidenceKind.OTHER),
    )
    assert list(errors) == ["evidence_url"]
    assert "needs evidence a reader can check" in errors["evidence_url"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["achieved", "partially_achieved", "broken"])
def test_a_verdict_on_a_link_or_a_later_passage_is_recorded(
    commitment, analyst, later, status
):
    reason = "no_funding" if status == "broken" else ""
    services.record_progress_update(
        commitment.pk, author=analyst, status=status, reason=reason, evidence=LINK
    )
    services.record_progress_update(
        commitment.pk,
        author=analyst,
        status=status,
        reason=reason,
        evidence=passage(later),
    )
    assert ProgressUpdate.objects.count() == 2


@pytest.mark.django_db
def test_a_later_speech_without_a_passage_is_not_checkable_for_a_verdict(
    commitment, analyst, later
):
    errors = refused(
        commitment,
        analyst,
        status="achieved",
        evidence=services.Evidence(kind=EvidenceKind.LATER_SPEECH, address=later),
    )
    assert list(errors) == ["evidence_url"]


@pytest.mark.django_db
def test_in_progress_and_cannot_be_verified_may_rest_on_other(commitment, analyst):
    for status in ("in_progress", "unverifiable"):
        services.record_progress_update(
            commitment.pk,
            author=analyst,
            status=status,
            evidence=services.Evidence(kind=EvidenceKind.OTHER),
        )
    assert ProgressUpdate.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "word"), [("stalled", "stalled"), ("broken", "not achieved")]
)
def test_stalled_and_not_achieved_need_a_reason(commitment, analyst, status, word):
    errors = refused(commitment, analyst, status=status, evidence=LINK)
    assert errors == {"reason": [f"Say why the commitment is {word}: choose a reason."]}


@pytest.mark.django_db
def test_evidence_dated_before_the_promise_is_refused(commitment, analyst):
    errors = refused(
        commitment,
        analyst,
        status="in_progress",
        evidence=services.Evidence(
            kind=EvidenceKind.NEWS_REPORT, on=MADE_ON - dt.timedelta(days=1)
        ),
    )
    assert errors == {
        "evidence_on": [
            "The evidence cannot be dated before the commitment was made (01 Sep 2020)."
        ]
    }


@pytest.mark.django_db
def test_evidence_dated_the_day_of_the_promise_is_accepted(commitment, analyst):
    services.record_progress_update(
        commitment.pk,
        author=analyst,
        status="in_progress",
        evidence=services.Evidence(kind=EvidenceKind.NEWS_REPORT, on=MADE_ON),
    )


@pytest.mark.django_db
def test_the_speech_the_commitment_comes_from_is_not_evidence(
    commitment, analyst, speech
):
    errors = refused(
        commitment, analyst, status="achieved", evidence=passage(speech, "We will")
    )
    assert errors == {
        "evidence_address": [
            "The evidence must be a later speech, not the one the commitment was "
            "made in."
        ]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, -10])
def test_a_speech_delivered_before_or_with_the_promise_is_not_evidence(
    commitment, analyst, days
):
    earlier = AddressFactory(
        text=LATER_TEXT, delivered_on=MADE_ON + dt.timedelta(days=days)
    )
    errors = refused(
        commitment,
        analyst,
        status="in_progress",
        evidence=services.Evidence(
            kind=EvidenceKind.LATER_SPEECH, address=earlier, on=MADE_ON
        ),
    )
    assert list(errors) == ["evidence_address"]
    assert (
        "must be delivered after the commitment was made"
        in (errors["evidence_address"][0])
    )


@pytest.mark.django_db
def test_a_note_over_the_limit_is_refused(commitment, analyst, settings):
    settings.UADE_NOTE_MAX_CHARS = 10_000
    errors = refused(
        commitment,
        analyst,
        status="in_progress",
        evidence=LINK,
        note="x" * 200_000,
    )
    assert errors == {
        "note": ["Keep the note under 10,000 characters (it has 200,000)."]
    }
    services.record_progress_update(
        commitment.pk,
        author=analyst,
        status="in_progress",
        evidence=LINK,
        note="x" * 10_000,
    )


# ------------------------------------------------------------------------- API


@pytest.mark.django_db
def test_the_api_returns_each_rule_as_a_400_field_error(commitment, analyst):
    client = APIClient()
    client.force_authenticate(analyst)
    response = client.post(
        "/api/v1/updates/",
        {
            "commitment": commitment.pk,
            "status": "achieved",
            "evidence_kind": "other",
            "note": "just trust me",
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["evidence_url"]
    assert "needs evidence a reader can check" in errors["evidence_url"][0]
    body = {
        "commitment": commitment.pk,
        "status": "stalled",
        "evidence_kind": "news_report",
    }
    response = client.post("/api/v1/updates/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "reason": ["Say why the commitment is stalled: choose a reason."]
    }
    response = client.post(
        "/api/v1/updates/", {**body, "note": "x" * 200_000}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    assert not ProgressUpdate.objects.exists()


# -------------------------------------------------------------- the site's form


def progress_form(commitment: Commitment) -> str:
    return f"/analyst/commitments/{commitment.pk}/progress/"


@pytest.fixture
def analyst_client(client: Client, analyst: Any) -> Client:
    client.force_login(analyst)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            {"status": "achieved", "evidence_kind": "other", "note": "trust me"},
            "evidence_url",
            "needs evidence a reader can check",
            id="verdict on other",
        ),
        pytest.param(
            {"status": "stalled", "evidence_kind": "news_report"},
            "reason",
            "Say why the commitment is stalled",
            id="stalled without a reason",
        ),
        pytest.param(
            {
                "status": "in_progress",
                "evidence_kind": "news_report",
                "evidence_on": "2020-08-31",
            },
            "evidence_on",
            "before the commitment was made",
            id="evidence before the promise",
        ),
        pytest.param(
            {
                "status": "in_progress",
                "evidence_kind": "news_report",
                "note": "x" * 200_000,
            },
            "note",
            "Keep the note under 10,000 characters",
            id="200,000-character note",
        ),
    ],
)
def test_log_progress_shows_each_rule_next_to_its_field_and_writes_nothing(
    analyst_client, commitment, data, field, message
):
    response = analyst_client.post(progress_form(commitment), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    html = response.content.decode()
    field_block = html[html.index(f'id="field-{field}"') :]
    assert message in field_block[: field_block.index("</div>")]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_log_progress_refuses_the_commitments_own_speech_next_to_the_speech(
    analyst_client, commitment, speech
):
    response = analyst_client.post(
        progress_form(commitment),
        {
            "status": "achieved",
            "evidence_kind": "later_speech",
            "evidence_address": speech.pk,
            "evidence_passage": "We will build",
        },
    )
    assert list(response.context["form"].errors) == ["evidence_address"]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_log_progress_prefills_a_passage_from_the_address_and_span(
    analyst_client, commitment, later
):
    start = later.text.index("Ten new")
    end = start + len("Ten new schools have opened this year.")
    url = (
        f"{progress_form(commitment)}?evidence_address={later.pk}"
        f"&evidence_start={start}&evidence_end={end}&next=/analyst/"
    )
    response = analyst_client.get(url)
    form = response.context["form"]
    assert form["evidence_passage"].value() == "Ten new schools have opened this year."
    assert form["evidence_kind"].value() == "later_speech"
    assert str(form["evidence_address"].value()) == str(later.pk)
    assert form["evidence_on"].value() == later.delivered_on
    data = {
        "status": "achieved",
        "evidence_kind": "later_speech",
        "evidence_address": later.pk,
        "evidence_passage": "Ten new schools have opened this year.",
        "evidence_start": start,
        "evidence_end": end,
        "evidence_on": later.delivered_on.isoformat(),
        "next": "/analyst/",
    }
    response = analyst_client.post(progress_form(commitment), data)
    assert response.status_code == 302
    assert response["Location"] == "/analyst/"
    update = ProgressUpdate.objects.get()
    assert (update.evidence_address, update.evidence_start, update.evidence_end) == (
        later,
        start,
        end,
    )


@pytest.mark.django_db
def test_log_progress_finds_a_pasted_passage_and_refuses_words_not_in_the_speech(
    analyst_client, commitment, later
):
    data = {
        "status": "in_progress",
        "evidence_kind": "later_speech",
        "evidence_address": later.pk,
    }
    response = analyst_client.post(
        progress_form(commitment), {**data, "evidence_passage": "No such words"}
    )
    assert response.context["form"].errors == {
        "evidence_passage": ["These words are not in that speech."]
    }
    response = analyst_client.post(
        progress_form(commitment),
        {**data, "evidence_passage": "new   schools have\nopened"},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.evidence_quote == "new schools have opened"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_log_progress_goes_back_only_to_a_page_of_this_site(
    analyst_client, commitment, target
):
    response = analyst_client.post(
        progress_form(commitment),
        {"status": "in_progress", "evidence_kind": "news_report", "next": target},
    )
    assert response["Location"] == f"/analyst/commitments/{commitment.pk}/"


@pytest.mark.django_db
def test_log_progress_shows_each_status_with_its_meaning(analyst_client, commitment):
    html = analyst_client.get(progress_form(commitment)).content.decode()
    assert 'type="radio" name="status" value="achieved"' in html
    assert "What was promised was done, as stated" in html
    assert "This is an outcome, not a gap." in html


@pytest.mark.django_db
def test_notes_render_as_safe_markdown_on_the_public_page(client, analyst, later):
    commitment = CommitmentFactory(changes={"title": "Roads"}, is_published=True)
    services.record_progress_update(
        commitment.pk,
        author=analyst,
        status="in_progress",
        evidence=LINK,
        note="**Done** in [part](https://example.org/r) <script>x()</script> "
        + "y" * 3000,
    )
    html = client.get(f"/commitments/{commitment.pk}/", follow=True).content.decode()
    assert "<strong>Done</strong>" in html
    assert 'href="https://example.org/r" rel="nofollow noopener"' in html
    assert "<script>x()" not in html
    assert '<div class="note">' in html


# ------------------------------------------------------------- note rendering


def test_render_note_keeps_formatting_and_marks_links():
    html = render_note("# Heading\n\n- *one*\n- [two](https://example.org)")
    assert "<h3>Heading</h3>" in html
    assert "<em>one</em>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">two</a>' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "![x](javascript:alert(1))",
        "<svg onload=alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_render_note_strips_scripts_handlers_and_script_links(markdown):
    html = render_note(markdown).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "<img" not in html
    assert "<svg" not in html
    assert 'href="data:' not in html


TOKENS = [
    *"<>/\"'=:()[]!*_`# \n",
    "script",
    "javascript",
    "JavaScript",
    "java\tscript",
    "onerror",
    "img",
    "a href",
    "&#58;",
    "&colon;",
    "src",
    "http://x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join) | st.text())
def test_rendered_notes_never_contain_a_script_tag_or_a_script_url(markdown):
    html = render_note(markdown).lower()
    assert "<script" not in html
    assert "javascript:" not in html
