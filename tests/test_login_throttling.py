"""Sign-in throttling: failures counted per username and per client address, on the
site's login and the admin's, with a cool-off and our own lockout page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client, RequestFactory

from config.auth import client_ip_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
LOCKED_OUT = "Sign-in is paused for 15 minutes."
# A sign-in posted without `next` lands on the workspace, from either page.
SIGN_INS = [
    pytest.param("/accounts/login/", "/analyst/", id="site"),
    pytest.param("/admin/login/", "/analyst/", id="admin"),
]
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    # The defaults, stated here so that the test says what it checks.
    settings.AXES_FAILURE_LIMIT = 5
    settings.UADE_LOGIN_COOLOFF_MINUTES = 15
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.UADE_TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def ana() -> Any:
    return UserFactory(username="ana", is_staff=True)


def sign_in(
    url: str, username: str, password: str, address: str = "203.0.113.7", **meta: str
) -> Any:
    """One sign-in from a fresh browser at `address`."""
    return Client(REMOTE_ADDR=address, **meta).post(
        url, {"username": username, "password": password}
    )


def signed_in(response: Any, target: str) -> bool:
    return response.status_code == 302 and response.url == target


def assert_locked_out(response: Any) -> None:
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_OUT in html
    assert "After 5 failed sign-ins for this username or from your network" in html
    assert '<input type="password" name="password"' in html  # still the login page


@pytest.mark.parametrize(("url", "target"), SIGN_INS)
def test_five_wrong_passwords_for_a_username_lock_it_from_every_address(
    ana, url, target
):
    for attempt in range(4):
        wrong = sign_in(url, "ana", "wrong", address=f"198.51.100.{attempt}")
        assert wrong.status_code == 200
        assert LOCKED_OUT not in wrong.content.decode()

    assert_locked_out(sign_in(url, "ana", "wrong", address="198.51.100.4"))
    assert_locked_out(sign_in(url, "ana", PASSWORD, address="192.0.2.1"))
    # Another account from the same addresses is not affected.
    UserFactory(username="bob", is_staff=True)
    assert signed_in(sign_in(url, "bob", PASSWORD, address="198.51.100.4"), target)


@pytest.mark.parametrize(("url", "target"), SIGN_INS)
def test_five_failed_sign_ins_from_an_address_lock_it_for_every_username(
    ana, url, target
):
    for name in ("aigerim", "bolat", "dana", "erlan", "farida"):
        sign_in(url, name, "guess", address="203.0.113.7")

    assert_locked_out(sign_in(url, "ana", PASSWORD, address="203.0.113.7"))
    # The username's own count is untouched, so from elsewhere it signs in.
    assert signed_in(sign_in(url, "ana", PASSWORD, address="192.0.2.1"), target)


@pytest.mark.parametrize(("url", "target"), SIGN_INS)
def test_after_the_cool_off_the_right_password_works_again(ana, url, target):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            sign_in(url, "ana", "wrong")
        traveller.shift(dt.timedelta(minutes=14, seconds=59))
        assert_locked_out(sign_in(url, "ana", PASSWORD))

        traveller.shift(dt.timedelta(seconds=2))
        assert signed_in(sign_in(url, "ana", PASSWORD), target)


def test_attempts_during_the_lockout_do_not_extend_it(ana):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            sign_in("/accounts/login/", "ana", "wrong")
        traveller.shift(dt.timedelta(minutes=10))
        assert_locked_out(sign_in("/accounts/login/", "ana", "wrong"))

        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        assert signed_in(sign_in("/accounts/login/", "ana", PASSWORD), "/analyst/")


def test_signing_in_to_ones_own_account_does_not_clear_guesses_at_another(ana):
    UserFactory(username="mallory")  # with the same factory password
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            for _ in range(4):
                sign_in("/accounts/login/", "ana", "guess")
            sign_in("/accounts/login/", "mallory", PASSWORD)

        assert_locked_out(sign_in("/accounts/login/", "ana", PASSWORD))


def test_failures_expire_after_the_cool_off(ana):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(4):
            sign_in("/accounts/login/", "ana", "wrong")
        traveller.shift(dt.timedelta(minutes=16))
        for _ in range(4):
            assert sign_in("/accounts/login/", "ana", "wrong").status_code == 200
        assert signed_in(sign_in("/accounts/login/", "ana", PASSWORD), "/analyst/")


def test_a_forged_forwarded_for_header_does_not_escape_the_address_count(ana):
    for attempt in range(5):
        sign_in(
            "/accounts/login/",
            f"user{attempt}",
            "guess",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )

    assert_locked_out(
        sign_in("/accounts/login/", "ana", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.50")
    )


def test_behind_a_declared_proxy_each_forwarded_client_is_counted_apart(ana, settings):
    settings.UADE_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for attempt in range(5):
        sign_in(
            "/accounts/login/",
            f"user{attempt}",
            "guess",
            address=proxy,
            # What the client sent first is ignored; the proxy appended the last.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.9",
        )

    assert_locked_out(
        sign_in(
            "/accounts/login/",
            "ana",
            PASSWORD,
            address=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    )
    assert signed_in(
        sign_in(
            "/accounts/login/",
            "ana",
            PASSWORD,
            address=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.10",
        ),
        "/analyst/",
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        pytest.param(0, "192.0.2.1", "10.0.0.2", id="no proxy declared"),
        pytest.param(1, "192.0.2.1", "192.0.2.1", id="one proxy"),
        pytest.param(1, "6.6.6.6, 192.0.2.1", "192.0.2.1", id="forged entry"),
        pytest.param(2, "6.6.6.6, 192.0.2.1, 10.0.0.1", "192.0.2.1", id="two proxies"),
        pytest.param(2, "192.0.2.1", "10.0.0.2", id="header too short"),
        pytest.param(1, "", "10.0.0.2", id="no header"),
        pytest.param(1, "not-an-address", "10.0.0.2", id="garbage"),
        pytest.param(1, "2001:DB8::1", "2001:db8::1", id="ipv6"),
    ],
)
def test_client_ip_address_reads_forwarded_for_only_behind_declared_proxies(
    settings, proxies, forwarded_for, expected
):
    settings.UADE_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
    )

    assert client_ip_address(request) == expected


def test_force_login_in_tests_is_not_counted_or_refused(client, ana):
    for _ in range(5):
        sign_in("/accounts/login/", "ana", "wrong", address="127.0.0.1")

    client.force_login(ana)

    assert client.get("/admin/").status_code == 200
