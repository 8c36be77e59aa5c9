"""The public commitment page `/commitments/<id>-<slug>/`."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from addresses.models import Segment
from dashboard.links import commitment_url
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

LATER_SPEECH = (
    "Address on progress\n"
    "\n"
    "A first paragraph about other things.\n"
    "\n"
    "Ten new schools have been opened this year, as promised.\n"
)


def page(client, commitment) -> str:
    response = client.get(commitment_url(commitment))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# ------------------------------------------------------------ the address


def test_the_canonical_address_carries_the_title_as_slug(client):
    commitment = published("Build 10 new schools by 2025")

    assert commitment_url(commitment) == (
        f"/commitments/{commitment.pk}-build-10-new-schools-by-2025/"
    )
    assert "Build 10 new schools by 2025" in page(client, commitment)


@pytest.mark.parametrize("suffix", ["-an-old-title/", "/"])
def test_a_wrong_or_missing_slug_redirects_permanently(client, suffix):
    commitment = published("Build schools")

    response = client.get(f"/commitments/{commitment.pk}{suffix}")

    assert response.status_code == 301
    assert response["Location"] == f"/commitments/{commitment.pk}-build-schools/"


def test_unpublished_and_unknown_commitments_are_not_found(client):
    hidden = published("A hidden promise", is_published=False)

    assert client.get(f"/commitments/{hidden.pk}-a-hidden-promise/").status_code == 404
    assert client.get(f"/commitments/{hidden.pk}/").status_code == 404
    assert client.get(f"/commitments/{hidden.pk + 1000}-x/").status_code == 404


def test_a_title_in_cyrillic_keeps_a_readable_slug(client):
    commitment = published("Построить школы")

    response = client.get(commitment_url(commitment))

    assert response.status_code == 200
    assert "Построить школы" in response.content.decode()


# ------------------------------------------------------------- the record


def test_every_mention_is_quoted_and_links_to_its_paragraph(client):
    commitment = published("Build schools")
    mention = commitment.mentions.get()
    later = AddressFactory(text=LATER_SPEECH)
    quote = "Ten new schools have been opened this year, as promised."
    start = later.text.index(quote)
    commitment.mentions.create(
        address=later,
        start=start,
        end=start + len(quote),
        quote=quote,
        kind="restated",
    )
    first_paragraph = Segment.objects.get(
        address=mention.address, start__lte=mention.start, end__gt=mention.start
    )

    html = page(client, commitment)

    assert f"{mention.quote}" in html
    assert (
        f'href="/addresses/{mention.address.slug}/#p-{first_paragraph.position}"'
        in html
    )
    assert f'href="/addresses/{later.slug}/#p-3"' in html
    assert later.segments.get(position=3).text == quote
    # The quote comes before the details.
    assert html.index(mention.quote) < html.index("Responsible")


def test_a_mention_in_a_hidden_speech_is_not_shown(client):
    commitment = published("Build schools")
    hidden = AddressFactory(text=LATER_SPEECH, is_public=False, title="Secret talk")
    quote = "Ten new schools have been opened this year, as promised."
    start = hidden.text.index(quote)
    commitment.mentions.create(
        address=hidden,
        start=start,
        end=start + len(quote),
        quote=quote,
        kind="restated",
    )

    html = page(client, commitment)

    assert "Secret talk" not in html
    assert quote not in html


def test_details_status_and_the_date_it_was_set(client):
    commitment = published(
        "Build schools",
        changes={
            "target": "10 schools",
            "actor": "Ministry of Education",
            "area": "education",
            "type": "spending",
        },
    )
    log(commitment, "in_progress", dt.datetime(2024, 2, 3, 9, tzinfo=dt.UTC))

    content = text_of(page(client, commitment))

    assert "In progress since 3 Feb 2024" in content
    for detail in ("10 schools", "Ministry of Education", "Education", "Spending"):
        assert detail in content


@pytest.mark.parametrize(
    ("deadline", "status", "expected"),
    [
        (
            dt.date(2021, 12, 31),
            "in_progress",
            "31 Dec 2021 · 3 years 11 months overdue",
        ),
        (dt.date(2021, 12, 31), "achieved", "31 Dec 2021 · met"),
        (dt.date(2025, 12, 25), "not_rated", "25 Dec 2025 · 20 days left"),
        (dt.date(2025, 12, 5), "not_rated", "5 Dec 2025 · due today"),
    ],
)
def test_the_deadline_reads_absolute_and_relative(client, deadline, status, expected):
    commitment = published(
        "Build schools", changes={"deadline": deadline}, status=status
    )

    with time_machine.travel(dt.datetime(2025, 12, 5, 6, tzinfo=dt.UTC), tick=False):
        content = text_of(page(client, commitment))

    assert expected in content
    assert ("Overdue" in content) == expected.endswith("overdue")


def test_the_timeline_is_newest_first_with_evidence_before_the_note(client):
    commitment = published("Build schools")
    later = AddressFactory(text=LATER_SPEECH)
    quote = "Ten new schools have been opened this year, as promised."
    start = later.text.index(quote)
    log(
        commitment,
        "in_progress",
        dt.datetime(2023, 1, 10, 9, tzinfo=dt.UTC),
        note="Tenders announced.",
        kind=EvidenceKind.LAW_OR_DECREE,
        url="https://example.org/decree-12",
        title="Decree No. 12",
    )
    log(
        commitment,
        "achieved",
        dt.datetime(2024, 5, 20, 9, tzinfo=dt.UTC),
        note="All ten are open.",
        kind=EvidenceKind.LATER_SPEECH,
        address=later,
        start=start,
        end=start + len(quote),
    )

    html = page(client, commitment)
    progress = html[html.index("<h2>Progress</h2>") : html.index("Rating history")]

    assert progress.index("20 May 2024") < progress.index("10 Jan 2023")
    assert progress.index("Decree No. 12") < progress.index("Tenders announced.")
    assert 'href="https://example.org/decree-12"' in progress
    assert progress.index(quote) < progress.index("All ten are open.")
    assert f'href="/addresses/{later.slug}/#p-3"' in progress


def test_the_rating_history_lists_each_change_from_and_to(client):
    commitment = published("Build schools")
    log(commitment, "in_progress", dt.datetime(2023, 1, 10, 9, tzinfo=dt.UTC))
    # New evidence, same verdict: progress, not a change of rating.
    log(commitment, "in_progress", dt.datetime(2023, 6, 1, 9, tzinfo=dt.UTC))
    log(
        commitment,
        "achieved",
        dt.datetime(2024, 5, 20, 9, tzinfo=dt.UTC),
        kind=EvidenceKind.BUDGET_OR_STATISTICS,
        title="Statistics bulletin",
    )

    html = page(client, commitment)
    history = html[html.index("Rating history") : html.index("Cite this")]
    history = history[history.index("<tbody>") :]
    rows = [
        text_of(row).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", history, flags=re.DOTALL)
    ]

    assert rows == [
        "10 Jan 2023 ○ Not yet rated ▶ In progress Other",
        "20 May 2024 ▶ In progress ✔ Achieved "
        "Budget or statistics — Statistics bulletin",
    ]
    assert "Statistics bulletin" in history


def test_cite_this_in_plain_text_and_bibtex(client):
    commitment = published("Build {10} schools", status="achieved")
    permalink = f"http://127.0.0.1:8000/commitments/{commitment.pk}/"

    with time_machine.travel(dt.datetime(2026, 12, 5, 6, tzinfo=dt.UTC), tick=False):
        html = page(client, commitment)

    assert (
        f"“Build {{10}} schools”. Uade, commitment {commitment.pk}. "
        f"Status: Achieved, as of 5 December 2026. {permalink}"
    ) in text_of(html).replace("&quot;", '"')
    assert f"@misc{{uade-commitment-{commitment.pk}," in html
    assert "title = {Build \\{10\\} schools}" in html
    assert "note = {Status: Achieved, as of 2026-12-05}" in html
    assert f"howpublished = {{\\url{{{permalink}}}}}" in html
    # The permanent address outlives a new title: it redirects to the page.
    assert (
        client.get(permalink.removeprefix("http://127.0.0.1:8000")).status_code == 301
    )


def test_user_text_is_escaped(client):
    commitment = published("<script>alert(1)</script> schools")

    html = page(client, commitment)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("updates", [1, 8])
def test_page_queries_do_not_grow_with_the_history(
    client, django_assert_max_num_queries, updates
):
    commitment = published("Build schools")
    for day in range(updates):
        log(
            commitment,
            "in_progress" if day % 2 else "stalled",
            dt.datetime(2023, 1, 1 + day, 9, tzinfo=dt.UTC),
        )

    # The commitment, its mentions, its updates, the paragraphs.
    with django_assert_max_num_queries(4):
        page(client, commitment)


def test_a_long_title_gives_a_slug_cut_at_a_word(client):
    commitment = published("Build " + "many " * 30 + "schools")

    url = commitment_url(commitment)

    assert url == f"/commitments/{commitment.pk}-build{'-many' * 15}/"
    assert client.get(url).status_code == 200


def test_evidence_quoted_from_a_hidden_speech_is_not_shown(client):
    commitment = published("Build schools")
    hidden = AddressFactory(text=LATER_SPEECH, is_public=False, title="Secret talk")
    quote = "Ten new schools have been opened this year, as promised."
    start = hidden.text.index(quote)
    log(
        commitment,
        "achieved",
        dt.datetime(2024, 5, 20, 9, tzinfo=dt.UTC),
        kind=EvidenceKind.LATER_SPEECH,
        address=hidden,
        start=start,
        end=start + len(quote),
    )

    html = page(client, commitment)

    assert quote not in html
    assert "Secret talk" not in html
    assert "Achieved" in html
