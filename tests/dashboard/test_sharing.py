"""Sharing: canonical addresses, Open Graph and Twitter cards, the sitemap, and the
methodology page."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import xml.etree.ElementTree as ET

import pytest

from commitments.models import Status
from dashboard.links import commitment_url
from dashboard.methodology import STATUS_MEANINGS
from dashboard.templatetags.dashboard import STATUS_ICONS
from tests.dashboard.helpers import published
from tests.factories import AddressFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

SITE = "https://uade.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def said(title: str, quote: str, **row):
    """A published commitment whose original quote is `quote`."""
    address = AddressFactory(text=f"A speech\n\n{quote}\n")
    return published(title, address=address, quote=quote, **row)


def head_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def meta(head: str) -> dict[str, str]:
    """The head's <meta property|name=… content=…> values, unescaped, and its
    canonical link as "canonical"."""
    found = {
        key: html_lib.unescape(value)
        for key, value in re.findall(
            r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head
        )
    }
    canonicals = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    assert len(canonicals) == 1, canonicals
    found["canonical"] = html_lib.unescape(canonicals[0])
    return found


# ---------------------------------------------------------- commitment page


def test_a_commitment_page_has_its_canonical_address_and_cards(client):
    commitment = said(
        "Build 10 new schools",
        "We will build 10 new schools by 2025.",
        status="in_progress",
    )

    tags = meta(head_of(client, commitment_url(commitment)))

    url = SITE + commitment_url(commitment)
    assert tags["canonical"] == url
    assert tags["og:url"] == url
    assert tags["og:type"] == "article"
    assert tags["og:site_name"] == "Uade"
    assert tags["og:title"] == tags["twitter:title"] == "Build 10 new schools"
    assert tags["og:description"] == (
        "In progress · We will build 10 new schools by 2025."
    )
    assert tags["twitter:description"] == tags["og:description"]
    assert tags["twitter:card"] == "summary"


def test_the_cards_escape_what_users_typed(client):
    commitment = said(
        'Roads "fast" & <script>alert(1)</script>', 'He said "<b>soon</b>" & left.'
    )

    head = head_of(client, commitment_url(commitment))
    tags = meta(head)

    assert "<script>" not in head
    assert '"fast"' not in head
    assert tags["og:title"] == 'Roads "fast" & <script>alert(1)</script>'
    assert tags["og:description"].endswith('He said "<b>soon</b>" & left.')


def test_a_long_quote_is_cut_at_a_word_in_the_description(client):
    commitment = said("Long", " ".join(["word"] * 80) + ".")

    tags = meta(head_of(client, commitment_url(commitment)))

    assert tags["og:description"].endswith("word…")
    assert len(tags["og:description"].split()) <= 42


def test_the_canonical_address_ignores_the_host_that_asked(client, settings):
    settings.ALLOWED_HOSTS = ["mirror.example.net"]
    commitment = published("Build schools")

    response = client.get(commitment_url(commitment), HTTP_HOST="mirror.example.net")

    assert f'href="{SITE}{commitment_url(commitment)}"' in response.content.decode()


# -------------------------------------------------------------- speech page


def test_a_speech_page_has_its_canonical_address_and_cards(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    address = AddressFactory(
        title="State of the Nation Address 2020",
        speaker=speaker,
        delivered_on=dt.date(2020, 9, 1),
    )

    tags = meta(head_of(client, f"/addresses/{address.slug}/"))

    url = f"{SITE}/addresses/{address.slug}/"
    assert tags["canonical"] == tags["og:url"] == url
    assert tags["og:title"] == "State of the Nation Address 2020"
    assert tags["og:description"] == (
        "Kassym-Jomart Tokayev · 1 September 2020 · "
        "Full text with a link to every paragraph."
    )


def test_pages_without_cards_have_no_canonical_of_anothers(client):
    head = head_of(client, "/commitments/")

    assert 'rel="canonical"' not in head
    assert "og:title" not in head


# ----------------------------------------------------------------- sitemap


def sitemap_locations(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_public_pages_speeches_and_published_commitments(client):
    public = AddressFactory()
    hidden = AddressFactory(is_public=False)
    shown = published("A public promise", address=public)
    secret = published("A secret promise", address=public, is_published=False)

    locations = sitemap_locations(client)

    for path in ("/", "/addresses/", "/commitments/", "/calendar/", "/methodology/"):
        assert SITE + path in locations, path
    assert f"{SITE}/addresses/{public.slug}/" in locations
    assert f"{SITE}{commitment_url(shown)}" in locations
    assert f"{SITE}/addresses/{hidden.slug}/" not in locations
    assert not any(f"/commitments/{secret.pk}-" in url for url in locations)
    assert "secret" not in client.get("/sitemap.xml").content.decode()


def test_speeches_and_commitments_in_the_sitemap_have_a_lastmod(client):
    address = AddressFactory()
    commitment = published("A public promise", address=address)

    locations = sitemap_locations(client)

    for url in (f"{SITE}/addresses/{address.slug}/", SITE + commitment_url(commitment)):
        dt.date.fromisoformat(locations[url])


def test_the_sitemap_queries_do_not_grow_with_the_record(
    client, django_assert_max_num_queries
):
    address = AddressFactory()
    for number in range(30):
        published(f"Promise {number}", address=address)

    # Per section: its count (for pages) and its items.
    with django_assert_max_num_queries(6):
        client.get("/sitemap.xml")


# -------------------------------------------------------------- methodology


def test_the_methodology_page_explains_every_status_with_its_badge(client):
    response = client.get("/methodology/")
    html = response.content.decode()

    assert response.status_code == 200
    for status in Status:
        assert f'class="status status--{status.value}"' in html, status
        assert STATUS_ICONS[status] in html
        assert html_lib.escape(str(STATUS_MEANINGS[status.value])) in html, status
        assert str(status.label) in html


def test_every_status_has_a_meaning():
    assert set(STATUS_MEANINGS) == set(Status.values)


def test_the_methodology_page_covers_the_rules(client):
    text = re.sub(r"\s+", " ", client.get("/methodology/").content.decode())

    for phrase in (
        "Core",
        "Soft",
        "relative to the date the speech was delivered",
        "append-only",
        "A correction is a new update",
        "Where the data comes from",
    ):
        assert phrase in text, phrase


def test_every_page_links_the_methodology_and_the_calendar(client):
    html = client.get("/commitments/").content.decode()

    assert 'href="/methodology/"' in html
    assert 'href="/calendar/"' in html
