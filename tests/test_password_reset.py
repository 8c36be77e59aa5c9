"""Password reset by email: a link that works once, at the site's address, and an
answer that never says whether an account has the address given."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
NEW_PASSWORD = "a brand new passphrase 42"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = "https://uade.example"


def reset_link() -> str:
    [message] = mail.outbox
    found = re.search(r"https://uade\.example(/accounts/reset/\S+/\S+/)", message.body)
    assert found, message.body
    return found[1]


def test_the_login_page_links_to_password_reset(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert f'href="{RESET}"' in html
    assert "Forgot your password?" in html


def test_a_reset_email_carries_a_link_that_sets_a_new_password(
    client: Client,
) -> None:
    user = UserFactory(username="ana", email="ana@example.org")

    response = client.post(RESET, {"email": "ana@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Reset your Uade password"
    assert "ana" in message.body

    form = client.get(reset_link(), follow=True)
    assert form.status_code == 200
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    signed_in = client.post(
        "/accounts/login/", {"username": "ana", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_the_link_works_once(client: Client) -> None:
    UserFactory(username="ana", email="ana@example.org")
    client.post(RESET, {"email": "ana@example.org"})
    link = reset_link()
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client: Client,
) -> None:
    UserFactory(username="ana", email="ana@example.org")
    known = client.post(RESET, {"email": "ana@example.org"})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_the_link_uses_the_site_address_not_the_request_host(
    client: Client, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    UserFactory(username="ana", email="ana@example.org")
    client.post(RESET, {"email": "ana@example.org"}, headers={"host": "evil.example"})
    body = mail.outbox[0].body
    assert "https://uade.example/accounts/reset/" in body
    assert "evil.example" not in body


def test_a_weak_new_password_is_refused_beside_its_field(client: Client) -> None:
    UserFactory(username="ana", email="ana@example.org")
    client.post(RESET, {"email": "ana@example.org"})
    form = client.get(reset_link(), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
