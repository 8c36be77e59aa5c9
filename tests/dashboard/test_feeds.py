"""The Atom feeds of progress updates: all, per commitment, per area, per speech."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from dashboard.feeds import FEED_SIZE
from dashboard.links import commitment_url
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "http://uade.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def at(day: int) -> dt.datetime:
    return dt.datetime(2024, 3, day, 9, 30, tzinfo=dt.UTC)


def feed(client, path: str) -> ET.Element:
    """The feed at `path`, parsed: it must be well-formed Atom."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for entry in root.iter(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        dt.datetime.fromisoformat(text(entry, "updated"))
    return root


def child(element: ET.Element, name: str) -> ET.Element:
    found = element.find(f"{ATOM}{name}")
    assert found is not None, name
    return found


def text(element: ET.Element, name: str) -> str:
    return child(element, name).text or ""


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def titles(root: ET.Element) -> list[str]:
    return [text(entry, "title") for entry in entries(root)]


# ----------------------------------------------------------- all updates


def test_the_updates_feed_is_atom_with_one_entry_per_update_newest_first(client):
    schools = published("Build 10 new schools")
    roads = published("Repair the roads")
    log(schools, "in_progress", at(1))
    log(roads, "stalled", at(2))
    log(schools, "achieved", at(3))

    root = feed(client, "/feeds/updates/")

    assert titles(root) == [
        "Build 10 new schools — Achieved",
        "Repair the roads — Stalled",
        "Build 10 new schools — In progress",
    ]
    newest = entries(root)[0]
    assert text(newest, "updated") == "2024-03-03T09:30:00+00:00"
    assert child(newest, "link").get("href") == SITE + commitment_url(schools)
    assert text(root, "updated") == "2024-03-03T09:30:00+00:00"
    ids = [text(entry, "id") for entry in entries(root)]
    assert len(set(ids)) == 3
    assert ids[0].startswith(f"{SITE}/commitments/{schools.pk}/#update-")


def test_an_entry_shows_the_evidence_before_the_note(client):
    commitment = published("Build 10 new schools")
    log(
        commitment,
        "achieved",
        at(1),
        note="Confirmed by the ministry's report.",
        kind=EvidenceKind.BUDGET_OR_STATISTICS,
        url="https://stat.example.org/schools",
        title="School statistics 2023",
    )

    content = child(entries(feed(client, "/feeds/updates/"))[0], "content")

    assert content.get("type") == "html"
    html = content.text or ""
    assert "Budget or statistics" in html
    assert 'href="https://stat.example.org/schools"' in html
    assert html.index("School statistics 2023") < html.index(
        "Confirmed by the ministry"
    )


def test_a_later_speech_as_evidence_is_quoted_only_when_public(client):
    # A later speech: delivered after every factory-made one the promises are from.
    later = AddressFactory(
        text="Progress report\n\nTen new schools have opened.\n",
        delivered_on=dt.date(2024, 1, 1),
    )
    hidden = AddressFactory(
        text="Closed meeting\n\nThe roads are secretly done.\n",
        is_public=False,
        delivered_on=dt.date(2024, 1, 2),
    )
    schools = published("Build 10 new schools")
    roads = published("Repair the roads")
    start = later.text.index("Ten new")
    log(
        schools,
        "achieved",
        at(1),
        kind=EvidenceKind.LATER_SPEECH,
        address=later,
        start=start,
        end=start + len("Ten new schools have opened."),
    )
    hidden_start = hidden.text.index("The roads")
    log(
        roads,
        "achieved",
        at(2),
        kind=EvidenceKind.LATER_SPEECH,
        address=hidden,
        start=hidden_start,
        end=hidden_start + len("The roads are secretly done."),
    )

    contents = {
        text(entry, "title"): text(entry, "content")
        for entry in entries(feed(client, "/feeds/updates/"))
    }

    assert "Ten new schools have opened." in contents["Build 10 new schools — Achieved"]
    assert "secretly" not in contents["Repair the roads — Achieved"]
    assert "Closed meeting" not in contents["Repair the roads — Achieved"]


def test_updates_of_unpublished_commitments_are_left_out(client):
    log(published("A public promise"), "in_progress", at(1))
    log(published("A secret promise", is_published=False), "achieved", at(2))

    body = client.get("/feeds/updates/").content.decode()

    assert titles(feed(client, "/feeds/updates/")) == ["A public promise — In progress"]
    assert "secret" not in body


def test_titles_and_notes_are_escaped_once(client):
    commitment = published("Roads & <b>bridges</b>")
    log(commitment, "in_progress", at(1), note="<script>alert(1)</script>")

    entry = entries(feed(client, "/feeds/updates/"))[0]

    # The parsed text is the title itself: escaped once for XML, not twice.
    assert text(entry, "title") == "Roads & <b>bridges</b> — In progress"
    # The HTML content escapes the note: a reader shows it, never runs it.
    assert "<script>" not in text(entry, "content")
    assert "&lt;script&gt;" in text(entry, "content")


def test_an_empty_feed_is_still_valid_atom(client):
    assert entries(feed(client, "/feeds/updates/")) == []


# ------------------------------------------------------------ one commitment


def test_a_commitment_feed_has_only_its_own_updates(client):
    schools = published("Build 10 new schools")
    roads = published("Repair the roads")
    log(schools, "in_progress", at(1))
    log(roads, "in_progress", at(2))
    log(schools, "achieved", at(3))

    root = feed(client, f"/feeds/commitments/{schools.pk}/")

    assert titles(root) == [
        "Build 10 new schools — Achieved",
        "Build 10 new schools — In progress",
    ]
    assert text(root, "title") == "Uade: Build 10 new schools"
    alternate = root.find(f"{ATOM}link[@rel='alternate']")
    assert alternate is not None
    assert alternate.get("href") == SITE + commitment_url(schools)


def test_a_feed_of_an_unpublished_or_unknown_commitment_is_not_found(client):
    hidden = published("A secret promise", is_published=False)
    log(hidden, "achieved", at(1))

    assert client.get(f"/feeds/commitments/{hidden.pk}/").status_code == 404
    assert client.get(f"/feeds/commitments/{hidden.pk + 1000}/").status_code == 404


# ------------------------------------------------------------------ one area


def test_an_area_feed_has_only_that_areas_published_commitments(client):
    schools = published("Build 10 new schools", changes={"area": "education"})
    hospitals = published("Open hospitals", changes={"area": "health"})
    secret = published(
        "A secret school", changes={"area": "education"}, is_published=False
    )
    for day, commitment in enumerate((schools, hospitals, secret), start=1):
        log(commitment, "in_progress", at(day))

    root = feed(client, "/feeds/areas/education/")

    assert titles(root) == ["Build 10 new schools — In progress"]
    assert text(root, "title") == "Uade: progress in Education"


def test_an_unknown_area_is_not_found(client):
    assert client.get("/feeds/areas/astrology/").status_code == 404


# ---------------------------------------------------------------- one speech


def test_a_speech_feed_has_the_published_commitments_mentioned_in_it(client):
    speech = AddressFactory(title="Address 2020")
    other = AddressFactory()
    made_there = published("Build 10 new schools", address=speech)
    made_elsewhere = published("Repair the roads", address=other)
    secret = published("A secret promise", address=speech, is_published=False)
    for day, commitment in enumerate((made_there, made_elsewhere, secret), start=1):
        log(commitment, "in_progress", at(day))

    root = feed(client, f"/feeds/addresses/{speech.slug}/")

    assert titles(root) == ["Build 10 new schools — In progress"]
    assert text(root, "title") == "Uade: progress on Address 2020"


def test_a_feed_of_a_hidden_or_unknown_speech_is_not_found(client):
    hidden = AddressFactory(is_public=False)
    log(published("A promise", address=hidden), "in_progress", at(1))

    assert client.get(f"/feeds/addresses/{hidden.slug}/").status_code == 404
    assert client.get("/feeds/addresses/no-such-speech/").status_code == 404


# ------------------------------------------------------------- the pages link


def test_the_list_commitment_and_speech_pages_link_their_feeds(client):
    speech = AddressFactory()
    commitment = published("Build 10 new schools", address=speech)

    pages = {
        "/commitments/": "/feeds/updates/",
        commitment_url(commitment): f"/feeds/commitments/{commitment.pk}/",
        f"/addresses/{speech.slug}/": f"/feeds/addresses/{speech.slug}/",
    }
    for page, feed_path in pages.items():
        html = client.get(page).content.decode()
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            in html.split("</head>")[0]
        ), page
        assert f'href="{feed_path}"' in html.split("</head>")[0], page


# -------------------------------------------------------------- query counts


@pytest.mark.parametrize("count", [10, 60])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The entries, in one query with their commitments and evidence quotes.
        ("/feeds/updates/", 1),
        ("/feeds/areas/education/", 1),
        # The commitment or the speech, then the entries.
        ("/feeds/commitments/{pk}/", 2),
        ("/feeds/addresses/{slug}/", 2),
    ],
)
def test_feed_queries_do_not_grow_with_the_record(
    client, django_assert_num_queries, count, path, queries
):
    later = AddressFactory(
        text="Report\n\nThe schools are open.\n", delivered_on=dt.date(2024, 1, 1)
    )
    speech = AddressFactory()
    commitments = []
    for number in range(count):
        commitment = published(
            f"Promise {number}", address=speech, changes={"area": "education"}
        )
        log(
            commitment,
            "in_progress",
            at(1 + number % 28),
            kind=EvidenceKind.LATER_SPEECH,
            address=later,
            start=later.text.index("The"),
            end=len(later.text) - 1,
        )
        commitments.append(commitment)

    with django_assert_num_queries(queries):
        root = feed(client, path.format(pk=commitments[0].pk, slug=speech.slug))

    # The newest FEED_SIZE entries.
    assert len(entries(root)) == (1 if "{pk}" in path else min(count, FEED_SIZE))
