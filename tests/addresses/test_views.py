"""Public pages of the speech library: home, speech list and speech page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from addresses.models import AddressKind
from tests.factories import AddressFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("addresses:list")
SCRIPT = "<script>alert('pwned')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;"

INTERVIEW = (
    "– What will you build this year?\n\n"
    "And how soon?\n\n"
    "– We will build one hundred schools.\n\n"
    "The first will open in September.\n\n"
    "– Thank you.\n"
)


def row_titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


def test_address_list_shows_title_speaker_date_and_kind(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    address = AddressFactory(
        title="Kazakhstan in a New Reality",
        speaker=speaker,
        delivered_on=dt.date(2020, 9, 1),
        kind=AddressKind.INTERVIEW,
    )

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<a href="/addresses/{address.slug}/">Kazakhstan in a New Reality</a>' in html
    )
    assert "<td>Kassym-Jomart Tokayev</td>" in html
    assert '<time datetime="2020-09-01">1 Sep 2020</time>' in html
    assert '<span class="badge badge--interview">Interview</span>' in html


def test_address_list_puts_the_newest_speech_first(client):
    AddressFactory(title="Middle", delivered_on=dt.date(2021, 1, 1))
    AddressFactory(title="Newest", delivered_on=dt.date(2023, 1, 1))
    AddressFactory(title="Oldest", delivered_on=dt.date(2019, 1, 1))

    response = client.get(LIST_URL)

    assert row_titles(response.content.decode()) == ["Newest", "Middle", "Oldest"]


def test_address_list_leaves_out_speeches_that_are_not_public(client):
    AddressFactory(title="Published")
    AddressFactory(title="Withdrawn", is_public=False)

    response = client.get(LIST_URL)

    assert row_titles(response.content.decode()) == ["Published"]


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_address_list_shows_twenty_per_page_and_the_rest_on_page_two(client):
    for day in range(1, 22):
        AddressFactory(title=f"Speech {day:02d}", delivered_on=dt.date(2020, 1, day))

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert row_titles(first.content.decode()) == [
        f"Speech {day:02d}" for day in range(21, 1, -1)
    ]
    assert "Page 1 of 2" in first.content.decode()
    assert '<a href="?page=2" rel="next">' in first.content.decode()
    assert second.status_code == 200
    assert row_titles(second.content.decode()) == ["Speech 01"]
    assert "Page 2 of 2" in second.content.decode()
    # The same page (the header's language links name the address as asked).
    last = client.get(LIST_URL, {"page": "last"}).content.decode()
    assert main_of(last) == main_of(second.content.decode())


@pytest.mark.parametrize("page", ["3", "0", "abc"])
def test_address_list_page_out_of_range_is_404(client, page):
    for _ in range(21):
        AddressFactory()

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 404


def test_address_list_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries
):
    for _ in range(25):
        AddressFactory()

    # One count for the paginator, one for the page with its speakers.
    with django_assert_max_num_queries(2):
        response = client.get(LIST_URL)

    assert len(row_titles(response.content.decode())) == 20


def test_address_list_without_speeches_shows_an_empty_state(client):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "No speeches have been published yet." in response.content.decode()


def test_address_detail_shows_metadata_and_source_link(client):
    address = AddressFactory(
        title="Kazakhstan in a New Reality",
        speaker=SpeakerFactory(name="Kassym-Jomart Tokayev", role="President"),
        delivered_on=dt.date(2020, 9, 1),
        venue="Joint session of Parliament",
        source_url="https://akorda.kz/en/address-2020",
    )

    response = client.get(address.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="address-title">Kazakhstan in a New Reality</h1>' in html
    assert '<dd>Kassym-Jomart Tokayev<br><span class="muted">President</span></dd>' in (
        html
    )
    assert '<time datetime="2020-09-01">1 September 2020</time>' in html
    assert "<dd>Address</dd>" in html
    assert "<dd>Joint session of Parliament</dd>" in html
    assert (
        '<a href="https://akorda.kz/en/address-2020" '
        'rel="noopener noreferrer external">' in html
    )


def test_address_detail_without_source_says_not_recorded(client):
    address = AddressFactory(source_url="")

    response = client.get(address.get_absolute_url())

    assert '<span class="muted">Not recorded</span>' in response.content.decode()


def test_address_detail_renders_every_segment_with_its_anchor(client):
    address = AddressFactory(
        text="Opening\n\nFirst paragraph.\nSecond paragraph.\n\n* * *\n\nLast one.\n"
    )

    response = client.get(address.get_absolute_url())

    html = response.content.decode()
    anchors = re.findall(r'<(h2|p) id="(p-\d+)" class="segment segment--(\w+)">', html)
    assert anchors == [
        ("h2", "p-1", "heading"),
        ("p", "p-2", "paragraph"),
        ("p", "p-3", "paragraph"),
        ("h2", "p-4", "heading"),
        ("p", "p-5", "paragraph"),
    ]
    for segment in address.segments.all():
        assert f'id="{segment.anchor}"' in html
        assert segment.text in html
    assert "5 paragraphs" in html


def test_address_detail_marks_interview_questions_and_answers(client):
    address = AddressFactory(
        text=INTERVIEW,
        kind=AddressKind.INTERVIEW,
        speaker=SpeakerFactory(name="Kassym-Jomart Tokayev"),
    )

    response = client.get(address.get_absolute_url())

    html = response.content.decode()
    assert 'class="speech-text speech-text--interview"' in html
    assert re.findall(r'class="turn-label turn-label--\w+">([^<]+)<', html) == [
        "Question",
        "Answer · Kassym-Jomart Tokayev",
        "Question",
    ]
    assert re.findall(r'id="p-\d+" class="segment segment--(\w+)"', html) == [
        "question",
        "question",
        "answer",
        "answer",
        "question",
    ]
    answer = '<p id="p-3" class="segment segment--answer">– We will build one hundred'
    assert answer in html


def test_address_detail_escapes_markup_in_the_speech_text(client):
    address = AddressFactory(text=f"Opening words.\n\n{SCRIPT}\n\nClosing words.")

    response = client.get(address.get_absolute_url())

    html = response.content.decode()
    assert ESCAPED_SCRIPT in html
    assert "<script>alert" not in html


def test_address_pages_escape_markup_in_the_title(client):
    address = AddressFactory(title=f"Address {SCRIPT}")

    pages = [
        client.get(address.get_absolute_url()),
        client.get(LIST_URL),
        client.get(reverse("home")),
    ]

    for response in pages:
        html = response.content.decode()
        assert ESCAPED_SCRIPT in html
        assert "<script>alert" not in html


def test_address_detail_of_a_non_public_speech_is_404(client):
    address = AddressFactory(is_public=False)

    response = client.get(address.get_absolute_url())

    assert response.status_code == 404


def test_address_detail_of_an_unknown_slug_is_404(client):
    response = client.get(
        reverse("addresses:detail", kwargs={"slug": "no-such-speech"})
    )

    assert response.status_code == 404


def test_address_detail_query_count_does_not_grow_with_the_segments(
    client, django_assert_max_num_queries, seed_bytes
):
    address = AddressFactory(text=seed_bytes("000_c6f83971ef7d8c01.txt"))
    assert address.segments.count() > 400

    # The address with its speaker, its segments, the mentions of its published
    # commitments and their counts by status.
    with django_assert_max_num_queries(4):
        response = client.get(address.get_absolute_url())

    assert response.status_code == 200
