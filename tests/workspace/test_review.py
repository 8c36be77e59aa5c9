"""The review page: a speech's text beside its candidates, and every action on them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from addresses.models import Address
from commitments.models import Candidate, CandidateState, Commitment
from tests.factories import AddressFactory, AnalystFactory, CandidateFactory, UserFactory
from tracking.demo import ensure_groups

pytestmark = pytest.mark.django_db

TEXT = (
    "Address on the future\n"
    "\n"
    "Dear compatriots, this year was hard.\n"
    "\n"
    "I instruct the Government to build 100 schools by 2025. "
    "We will open 20 clinics in the regions.\n"
    "\n"
    "The <b>budget</b> will grow & prosper.\n"
)


def review_page(address: Address) -> str:
    return f"/analyst/addresses/{address.slug}/review/"


def action_url(candidate: Candidate) -> str:
    return f"{review_page(candidate.address)}{candidate.pk}/"


def messages_in(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def analyst() -> Any:
    ensure_groups()
    return AnalystFactory(username="ana", first_name="Ana", last_name="Bekova")


@pytest.fixture
def client(analyst: Any) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


@pytest.fixture
def address() -> Address:
    return AddressFactory(text=TEXT)


def candidate_on(address: Address, quote: str, **fields: Any) -> Candidate:
    return CandidateFactory(address=address, quote=quote, **fields)


@pytest.fixture
def schools(address: Address) -> Candidate:
    return candidate_on(
        address,
        "I instruct the Government to build 100 schools by 2025.",
        deadline_text="by 2025",
    )


@pytest.fixture
def clinics(address: Address) -> Candidate:
    return candidate_on(
        address, "We will open 20 clinics in the regions.", tier="soft"
    )


def test_review_page_shows_the_text_with_each_candidate_marked(
    client, address, schools, clinics
):
    response = client.get(review_page(address))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="p-1"' in html and 'id="p-3"' in html
    assert f'data-candidate="{schools.pk}"' in html
    assert "cand--core" in html and "cand--soft" in html
    assert "◆ core" in html and "◇ soft" in html
    # Speech text is escaped, never HTML.
    assert "The &lt;b&gt;budget&lt;/b&gt; will grow &amp; prosper." in html
    assert f'id="c-{schools.pk}"' in html and f'id="c-{clinics.pk}"' in html
    assert "0 of 2 reviewed" in html
