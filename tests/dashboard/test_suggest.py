"""Readers suggest evidence or a correction from a commitment's public page.

What they send waits for an analyst and is shown on no public page; once an
analyst logs it, only the progress update (with the link as evidence) is public.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from commitments.models import Commitment
from dashboard.links import commitment_url
from tests.dashboard.helpers import published
from tests.factories import AnalystFactory
from tracking import submissions
from tracking.demo import ensure_groups
from tracking.models import DismissReason, EvidenceKind, ReaderSubmission

pytestmark = pytest.mark.django_db

THANKS = "Thanks — an analyst will review it; nothing is published until they do."
NOTE = "Zx-reader-note: the law on schools was adopted on 3 March."
LINK = "https://example.org/zx-reader-link/law-on-schools"
EMAIL = "zx-reader@example.org"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def suggest_url(commitment: Commitment) -> str:
    return reverse("dashboard:suggest", args=[commitment.pk])


def post(client: Client, commitment: Commitment, **fields: Any) -> Any:
    data = {"url": LINK, "note": NOTE, "email": "", "website": "", **fields}
    return client.post(suggest_url(commitment), data)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def commitment() -> Commitment:
    return published("Build 100 new schools", area="education")


# ------------------------------------------------------------------- the form


def test_the_commitment_page_offers_the_form_with_labels_and_csrf(client, commitment):
    html = client.get(commitment_url(commitment)).content.decode()

    assert 'id="suggest-heading"' in html
    assert f'action="{suggest_url(commitment)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("url", "note", "email"):
        assert f'<label for="suggest_{field}">' in html
        assert f'aria-describedby="suggest_{field}_helptext"' in html
    # The honeypot is in the page, hidden from people and assistive technology.
    assert re.search(
        r'<div class="field" hidden aria-hidden="true">[^/]*suggest_website', html
    )
    assert 'tabindex="-1"' in html


def test_the_form_has_a_page_of_its_own_without_javascript(client, commitment):
    response = client.get(suggest_url(commitment))

    assert response.status_code == 200
    assert "Suggest evidence or a correction" in response.content.decode()


def test_a_suggestion_is_stored_for_moderation_and_the_reader_thanked(
    client, commitment
):
    response = post(client, commitment, email=EMAIL)

    assert response.status_code == 302
    assert response["Location"] == commitment_url(commitment)
    stored = ReaderSubmission.objects.get()
    assert (stored.commitment, stored.url, stored.note, stored.email, stored.state) == (
        commitment,
        LINK,
        NOTE,
        EMAIL,
        "pending",
    )
    page = client.get(response["Location"]).content.decode()
    assert THANKS in page
    for secret in (NOTE, LINK, EMAIL):
        assert secret not in page


def test_the_hash_stands_for_the_connections_address_not_a_forged_header(
    client, commitment, settings
):
    settings.UADE_TRUSTED_PROXY_COUNT = 0
    post(client, commitment, HTTP_X_FORWARDED_FOR="203.0.113.50")

    stored = ReaderSubmission.objects.get()
    assert stored.client_hash == submissions.client_hash("127.0.0.1")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param({"note": ""}, "note", "Say what the link shows", id="no note"),
        pytest.param(
            {"note": "   "}, "note", "Say what the link shows", id="blank note"
        ),
        pytest.param(
            {"note": "x" * 2001}, "note", "at most 2000 characters", id="too long"
        ),
        pytest.param({"url": "not a link at all"}, "url", "valid URL", id="bad url"),
        pytest.param(
            {"url": "ftp://example.org/x"}, "url", "http:// or https://", id="ftp"
        ),
        pytest.param({"email": "nobody"}, "email", "valid email", id="bad email"),
    ],
)
def test_bad_input_shows_errors_next_to_the_fields_and_stores_nothing(
    client, commitment, fields, field, message
):
    response = post(client, commitment, **fields)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    html = response.content.decode()
    assert re.search(
        rf'id="suggest_{field}"[^>]*>.*?class="field-error"', html, flags=re.S
    )
    assert "Your suggestion was not sent" in html
    assert not ReaderSubmission.objects.exists()


def test_unpublished_commitments_take_no_suggestions(client):
    hidden = published("A hidden promise", is_published=False)

    assert client.get(suggest_url(hidden)).status_code == 404
    assert post(client, hidden).status_code == 404
    assert not ReaderSubmission.objects.exists()


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, commitment):
    response = post(client, commitment, website="https://cheap-pills.example")

    assert response.status_code == 302
    assert THANKS in client.get(response["Location"]).content.decode()
    assert not ReaderSubmission.objects.exists()


def test_posting_needs_the_csrf_token(commitment):
    client = Client(enforce_csrf_checks=True)

    assert post(client, commitment).status_code == 403
    assert not ReaderSubmission.objects.exists()


def test_past_the_hourly_limit_the_reader_gets_429_then_may_send_again(
    client, commitment, settings
):
    settings.UADE_SUBMISSIONS_PER_HOUR = 5
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            assert post(client, commitment).status_code == 302
    with time_machine.travel(NOW + dt.timedelta(minutes=20), tick=False):
        limited = post(client, commitment, note="One too many.")
    with time_machine.travel(NOW + dt.timedelta(hours=1, seconds=1), tick=False):
        again = post(client, commitment)

    assert limited.status_code == 429
    assert limited["Retry-After"] == str(40 * 60)
    page = text_of(limited.content.decode())
    assert "at most 5 suggestions an hour" in page
    assert "in 40 minutes" in page
    assert "One too many." in page  # given back to its writer to keep
    assert again.status_code == 302
    assert ReaderSubmission.objects.count() == 6


# ------------------------------------------------------ never public before review


def public_pages(commitment: Commitment) -> list[str]:
    address = commitment.mentions.get().address
    return [
        "/",
        commitment_url(commitment),
        suggest_url(commitment),
        "/commitments/",
        f"/commitments/?q={commitment.title}",
        "/commitments.csv",
        "/feeds/updates/",
        f"/feeds/commitments/{commitment.pk}/",
        "/feeds/areas/education/",
        f"/feeds/addresses/{address.slug}/",
        f"/addresses/{address.slug}/",
        "/addresses/",
        f"/embed/commitments/{commitment.pk}/",
        "/embed/scoreboard/",
        "/calendar/",
        "/calendar.ics",
        "/sitemap.xml",
    ]


def contents(client: Client, path: str) -> str:
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return body.decode()


def test_pending_and_dismissed_submissions_appear_on_no_public_page(client, commitment):
    ensure_groups()
    analyst = AnalystFactory()
    post(client, commitment, email=EMAIL)
    dismissed = submissions.submit(
        commitment.pk,
        note="Zx-dismissed-note",
        url="https://example.org/zx-dismissed",
        client_address="192.0.2.9",
    ).submission
    assert dismissed is not None
    submissions.dismiss_submission(dismissed.pk, by=analyst, reason=DismissReason.SPAM)

    for path in public_pages(commitment):
        page = contents(client, path)
        for secret in (NOTE, LINK, EMAIL, "zx-dismissed", "Zx-dismissed"):
            assert secret not in page, f"{path} shows {secret!r}"


def test_an_accepted_submission_is_public_only_as_its_progress_update(
    client, commitment
):
    ensure_groups()
    analyst = AnalystFactory()
    post(client, commitment, email=EMAIL)
    submissions.accept_submission(
        ReaderSubmission.objects.get().pk,
        by=analyst,
        status="in_progress",
        evidence_kind=EvidenceKind.LAW_OR_DECREE,
        evidence_title="Law on schools",
        note="The law is adopted; schools are yet to be built.",
    )

    page = contents(client, commitment_url(commitment))
    assert LINK in page  # the evidence of the update
    assert "The law is adopted; schools are yet to be built." in page
    for path in public_pages(commitment):
        page = contents(client, path)
        assert NOTE not in page, f"{path} shows the reader's note"
        assert EMAIL not in page, f"{path} shows the reader's email"
