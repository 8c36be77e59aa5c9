"""Fixtures of the API tests: readers of every kind, and a small published record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from api.models import ApiKey
from tests.factories import UserFactory
from tracking.demo import ensure_groups


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    caches["throttle"].clear()


@pytest.fixture
def groups() -> Any:
    return ensure_groups()


@pytest.fixture
def analyst(groups) -> Any:
    user = UserFactory(username="ana", is_staff=True)
    user.groups.add(groups[0])
    return user


@pytest.fixture
def editor(groups) -> Any:
    user = UserFactory(username="eda", is_staff=True)
    user.groups.add(groups[0], groups[1])
    return user


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def keyed_client(user: Any = None, rate: str = "") -> tuple[APIClient, ApiKey, str]:
    """A client that sends a new key (naming `user`, or nobody)."""
    api_key, key = ApiKey.objects.create_key(name="script", user=user, rate=rate)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client, api_key, key


@pytest.fixture
def analyst_client(analyst) -> APIClient:
    client = APIClient()
    client.force_authenticate(analyst)
    return client
