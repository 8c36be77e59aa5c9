"""The speech library in the admin: browsable, but speeches enter only by import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from addresses.models import AddressKind
from tests.factories import AddressFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

INTERVIEW = "– What will you build?\n\n– One hundred schools.\n"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def library():
    tokayev = SpeakerFactory(name="Kassym-Jomart Tokayev", role="President")
    return [
        AddressFactory(
            title="State of the Nation Address",
            speaker=tokayev,
            delivered_on=dt.date(2020, 9, 1),
        ),
        AddressFactory(
            title="Interview to Egemen Qazaqstan",
            speaker=tokayev,
            text=INTERVIEW,
            kind=AddressKind.INTERVIEW,
            delivered_on=dt.date(2020, 12, 1),
        ),
    ]


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        pytest.param(
            "speaker", {"q": "Tokayev"}, "Kassym-Jomart Tokayev", id="speaker"
        ),
        pytest.param(
            "address",
            {"q": "Egemen", "kind__exact": "interview", "is_public__exact": "1"},
            "Interview to Egemen Qazaqstan",
            id="address",
        ),
        pytest.param(
            "address",
            {"delivered_on__year": "2020", "q": "hundred"},
            "Interview to Egemen Qazaqstan",
            id="address by date and text",
        ),
        pytest.param(
            "segment",
            {
                "q": "Egemen",
                "kind__exact": "answer",
                "address__kind__exact": "interview",
            },
            "#p-2",
            id="segment",
        ),
    ],
)
def test_admin_changelist_renders_with_search_and_filter(
    superuser_client, model, query, expected
):
    response = superuser_client.get(
        reverse(f"admin:addresses_{model}_changelist"), query
    )

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_admin_address_change_page_shows_segments_read_only(superuser_client, library):
    address = library[1]

    response = superuser_client.get(
        reverse("admin:addresses_address_change", args=[address.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "– One hundred schools." in html
    assert 'name="text"' not in html  # read-only: shown, not editable


def test_admin_does_not_offer_adding_an_address(superuser_client):
    changelist = superuser_client.get(reverse("admin:addresses_address_changelist"))
    add_page = superuser_client.get(reverse("admin:addresses_address_add"))

    assert changelist.status_code == 200
    assert reverse("admin:addresses_address_add") not in changelist.content.decode()
    assert add_page.status_code == 403


def test_admin_does_not_offer_adding_a_segment(superuser_client):
    response = superuser_client.get(reverse("admin:addresses_segment_add"))

    assert response.status_code == 403
