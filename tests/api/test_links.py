"""The public site points to the same records in the API."""

from __future__ import annotations

import pytest

from dashboard.links import commitment_url
from tests.dashboard.helpers import published

pytestmark = pytest.mark.django_db


def test_a_commitment_page_links_to_its_record_in_the_api(client):
    commitment = published("Build schools")

    page = client.get(commitment_url(commitment)).content.decode()

    assert f'href="/api/v1/commitments/{commitment.pk}/"' in page
    assert 'href="/api/"' in page


def test_the_quick_start_shows_the_three_journeys_with_curl(client):
    page = client.get("/api/").content.decode()

    assert "/api/v1/commitments/?area=education&amp;overdue=true&amp;format=csv" in (
        page
    )
    assert "/api/v1/updates/?cursor=" in page
    assert "Authorization: Api-Key $UADE_API_KEY" in page
    assert 'id="error-412"' in page
    assert 'href="/api/docs/"' in page
