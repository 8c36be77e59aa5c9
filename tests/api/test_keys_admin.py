"""API keys in the admin: staff create them, see them once, revoke them."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client

from api.models import ApiKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="root", superuser=True))
    return client


def test_a_key_made_in_the_admin_is_shown_once_and_stored_hashed(admin_client, analyst):
    response = admin_client.post(
        "/admin/api/apikey/add/",
        {"name": "Newsroom", "user": analyst.pk, "rate": "5000/hour"},
    )

    api_key = ApiKey.objects.get()
    [message] = [
        str(message)
        for message in get_messages(response.wsgi_request)
        if "The API key for" in str(message)
    ]
    key = message.split("The API key for Newsroom is: ")[1].split(". Please")[0]
    assert response.status_code == 302
    assert api_key.user == analyst
    assert api_key.effective_rate == "5000/hour"
    assert key.startswith(api_key.prefix)
    assert key not in api_key.hashed_key
    assert ApiKey.objects.is_valid(key)
    assert "you will not be able to see it again" in message


def test_a_key_with_a_rate_throttles_cannot_read_is_refused(admin_client):
    response = admin_client.post(
        "/admin/api/apikey/add/", {"name": "Newsroom", "rate": "lots"}
    )

    assert response.status_code == 200
    assert not ApiKey.objects.exists()


def test_a_revoked_key_stays_revoked(analyst):
    api_key, key = ApiKey.objects.create_key(name="Old", user=analyst)
    api_key.revoked = True
    api_key.save()

    again = ApiKey.objects.get(pk=api_key.pk)
    again.revoked = False
    with pytest.raises(ValidationError, match="revoked"):
        again.save()
    assert not ApiKey.objects.is_valid(key)
