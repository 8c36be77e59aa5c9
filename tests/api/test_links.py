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
