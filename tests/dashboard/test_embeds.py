"""Cards for other sites' iframes, `/embed/…`, and the boxes that give their code."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re

import pytest
from django.conf import settings
from django.urls import reverse

from dashboard.links import commitment_url
from tests.dashboard.helpers import published
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

QUOTE = "We will build ten new schools in every region by the end of 2025."


def card(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    return response.content.decode()


def embed_code(html: str) -> str:
    """The text of the page's "copy embed code" box, as a reader copies it."""
    [code] = re.findall(
        r'<label for="embed-code">[^<]+</label>\s*'
        r'<textarea id="embed-code" readonly rows="3" spellcheck="false">([^<]*)'
        r"</textarea>",
        html,
    )
    return html_module.unescape(code)


def test_a_commitment_card_shows_title_status_deadline_quote_and_a_way_out(client):
    commitment = published(
        "Build ten new schools",
        address=AddressFactory(text=f"Opening.\n\n{QUOTE}\n"),
        quote=QUOTE,
        status="in_progress",
        deadline=dt.date(2099, 12, 31),
    )

    html = card(client, f"/embed/commitments/{commitment.pk}/")

    page_url = f"{settings.SITE_URL}{commitment_url(commitment)}"
    assert (
        f'<a href="{page_url}" target="_blank" rel="noopener">Build ten new schools</a>'
    ) in html
    assert '<span class="status status--in_progress">' in html
    assert "In progress" in html
    assert '<time datetime="2099-12-31">31 Dec 2099</time>' in html
    assert f"“{QUOTE}”" in html
    assert re.search(
        rf'<a href="{re.escape(page_url)}" target="_blank"[^>]*>[^<]*on Uade', html
    )
    # Not the site's own pages: no navigation, no footer.
    assert "site-header" not in html
    assert "site-footer" not in html


def test_the_cards_make_the_same_few_queries_at_10_and_60_commitments(
    client, django_assert_num_queries
):
    address = AddressFactory()
    first = published("The first", address=address, status="achieved")
    for number in range(9):
        published(f"Promise {number}", address=address, status="broken")
    urls = {
        # The commitment, then its first public quote.
        f"/embed/commitments/{first.pk}/": 2,
        # The counts by status.
        "/embed/scoreboard/": 1,
        # The speech, then its counts.
        f"/embed/scoreboard/?speech={address.slug}": 2,
    }
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            card(client, url)
    for number in range(50):
        published(f"Later promise {number}", address=address, status="stalled")
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            html = card(client, url)
    assert "<strong>60</strong> commitments</a> tracked" in html


def test_a_long_quote_is_cut_short_on_the_card(client):
    quote = "We will build schools " + "and more schools " * 30 + "by 2030."
    address = AddressFactory(text=f"Opening.\n\n{quote}\n")
    commitment = published("Schools", address=address, quote=quote)

    html = card(client, f"/embed/commitments/{commitment.pk}/")

    assert quote not in html
    assert "“We will build schools and more schools" in html
    assert "…”" in html


def test_markup_in_a_commitment_card_is_escaped(client):
    commitment = published("<script>alert(1)</script>")

    html = card(client, f"/embed/commitments/{commitment.pk}/")

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unpublished_and_unknown_commitments_have_no_card(client):
    hidden = published("A hidden promise", is_published=False)

    for pk in (hidden.pk, hidden.pk + 1000):
        response = client.get(f"/embed/commitments/{pk}/")
        assert response.status_code == 404
        assert "A hidden promise" not in response.content.decode()


def test_the_scoreboard_card_counts_published_commitments_by_status(client):
    for status in ("achieved", "achieved", "broken"):
        published(f"Promise {status}", status=status)
    published("Hidden", status="broken", is_published=False)

    html = card(client, "/embed/scoreboard/")

    base = f"{settings.SITE_URL}/commitments/"
    counts = re.findall(
        r'<li><a href="([^"]+)" target="_blank" rel="noopener">'
        r'<span class="status status--(\w+)">.*?<strong>(\d+)</strong></a></li>',
        html,
        flags=re.S,
    )
    assert counts == [
        (f"{base}?status=achieved", "achieved", "2"),
        (f"{base}?status=broken", "broken", "1"),
    ]
    assert "<strong>3</strong> commitments</a> tracked" in html


def test_the_scoreboard_card_of_one_speech_counts_its_commitments(client):
    address = AddressFactory()
    published("In this speech", address=address, status="stalled")
    published("In another speech", status="stalled")

    html = card(client, f"/embed/scoreboard/?speech={address.slug}")

    assert (
        f'href="{settings.SITE_URL}/commitments/?speech={address.slug}'
        '&amp;status=stalled"'
    ) in html
    assert "<strong>1</strong> commitment</a> tracked" in html
    assert str(address.title) in html


def test_the_scoreboard_card_of_a_hidden_or_unknown_speech_is_not_found(client):
    hidden = AddressFactory(is_public=False)

    for slug in (hidden.slug, "no-such-speech"):
        assert client.get(f"/embed/scoreboard/?speech={slug}").status_code == 404


def test_only_the_cards_may_be_framed(client):
    commitment = published("Build schools")
    address = AddressFactory()
    cards = [f"/embed/commitments/{commitment.pk}/", "/embed/scoreboard/"]
    others = [
        reverse("home"),
        "/addresses/",
        address.get_absolute_url(),
        "/commitments/",
        "/commitments.csv",
        commitment_url(commitment),
        f"/commitments/{commitment.pk}/",  # a redirect
        "/accounts/login/",
        "/admin/login/",
        "/healthz",
        "/no-such-page/",  # a 404
        f"/embed/commitments/{commitment.pk + 1000}/",  # no card: a 404
    ]

    for url in cards:
        assert "X-Frame-Options" not in client.get(url), url
    for url in others:
        assert client.get(url).get("X-Frame-Options") == "DENY", url


def test_the_commitment_page_gives_the_code_of_its_card(client):
    commitment = published("Build <ten> schools")

    html = client.get(commitment_url(commitment)).content.decode()

    code = embed_code(html)
    assert code.startswith(
        f'<iframe src="{settings.SITE_URL}/embed/commitments/{commitment.pk}/" '
        'title="Uade: Build &lt;ten&gt; schools"'
    )
    assert code.endswith("></iframe>")


def test_the_speech_page_gives_the_code_of_its_scorecard(client):
    address = AddressFactory()
    published("Build schools", address=address)

    html = client.get(address.get_absolute_url()).content.decode()

    code = embed_code(html)
    assert code.startswith(
        f'<iframe src="{settings.SITE_URL}/embed/scoreboard/?speech={address.slug}" '
    )
    # The card it frames is there.
    assert client.get(f"/embed/scoreboard/?speech={address.slug}").status_code == 200
