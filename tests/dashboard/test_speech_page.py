"""The public speech page `/addresses/<slug>/`: its published commitments marked in
the text, and its scorecard."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from dashboard.highlights import Piece, Span, cut, highlight
from dashboard.links import commitment_url
from tests.dashboard.helpers import published
from tests.factories import AddressFactory

TEXT = "abcdefghij"


def shape(
    pieces: list[Piece[str]],
) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(piece.text, piece.marks, piece.tags) for piece in pieces]


# ------------------------------------------------------- the pure cutting


def test_a_paragraph_without_spans_is_one_plain_piece():
    assert shape(cut(TEXT, 2, 8, [])) == [("cdefgh", (), ())]


def test_overlapping_spans_mark_their_common_part_with_both():
    a, b = Span(2, 6, "a"), Span(4, 8, "b")

    pieces = cut(TEXT, 0, 10, [a, b], tagged=[a, b])

    assert shape(pieces) == [
        ("ab", (), ()),
        ("cd", ("a",), ()),
        ("ef", ("a", "b"), ("a",)),
        ("gh", ("b",), ("b",)),
        ("ij", (), ()),
    ]


def test_a_span_inside_another_is_listed_after_it():
    outer, inner = Span(0, 10, "outer"), Span(3, 5, "inner")

    pieces = cut(TEXT, 0, 10, [inner, outer], tagged=[inner, outer])

    assert shape(pieces) == [
        ("abc", ("outer",), ()),
        ("de", ("outer", "inner"), ("inner",)),
        ("fghij", ("outer",), ("outer",)),
    ]


def test_a_span_crossing_a_paragraph_end_is_marked_in_both_and_labelled_once():
    text = "One two.\n\nThree four."
    paragraphs = [(0, 8), (10, 21)]
    crossing = Span(4, 15, "crossing")

    first, second = highlight(text, paragraphs, [crossing])

    assert shape(first) == [("One ", (), ()), ("two.", ("crossing",), ("crossing",))]
    assert shape(second) == [("Three", ("crossing",), ()), (" four.", (), ())]


def test_a_span_starting_between_paragraphs_is_labelled_in_the_next():
    text = "One two.\n\nThree four."

    first, second = highlight(
        text, [(0, 8), (10, 21)], [Span(8, 15, "gap"), Span(8, 10, "only gap")]
    )

    assert shape(first) == [("One two.", (), ())]
    assert shape(second) == [("Three", ("gap",), ("gap",)), (" four.", (), ())]


def test_paragraphs_keep_the_order_given():
    text = "One.\n\nTwo."

    pieces = highlight(text, [(6, 10), (0, 4)], [Span(0, 4, "one")])

    assert [[piece.text for piece in paragraph] for paragraph in pieces] == [
        ["Two."],
        ["One."],
    ]
    assert pieces[1][0].tags == ("one",)


@st.composite
def speeches(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[Span[int]]]:
    length = draw(st.integers(1, 60))
    text = "".join(
        draw(st.lists(st.sampled_from("ab <>&\n"), min_size=length, max_size=length))
    )
    cuts = sorted(draw(st.sets(st.integers(0, length), min_size=2, max_size=12)))
    # Every other gap between cuts is a paragraph, the others lie between them.
    paragraphs = [(low, high) for low, high in zip(cuts[::2], cuts[1::2], strict=False)]
    pairs = draw(
        st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=8)
    )
    spans = [
        Span(min(pair), max(pair), number)
        for number, pair in enumerate(pairs)
        if pair[0] != pair[1]
    ]
    return text, paragraphs, spans


@given(speeches())
def test_pieces_cover_each_paragraph_exactly_once_in_order(speech):
    text, paragraphs, spans = speech

    result = highlight(text, paragraphs, spans)

    labels: list[int] = []
    for (start, end), pieces in zip(paragraphs, result, strict=True):
        assert "".join(piece.text for piece in pieces) == text[start:end]
        assert [piece.start for piece in pieces] == [start] + [
            piece.end for piece in pieces[:-1]
        ]
        assert all(piece.start < piece.end for piece in pieces)
        assert pieces[-1].end == end
        for piece in pieces:
            assert piece.text == text[piece.start : piece.end]
            covering = {
                span.item
                for span in spans
                if span.start <= piece.start and span.end >= piece.end
            }
            assert set(piece.marks) == covering
            labels.extend(piece.tags)
    reaching = {
        span.item
        for span in spans
        if any(span.start < end and span.end > start for start, end in paragraphs)
    }
    assert sorted(labels) == sorted(reaching)


# ----------------------------------------------------------------- the page

SPEECH = (
    "Address on schools\n"
    "\n"
    "We will build ten new schools by 2025.\n"
    "\n"
    "Roads will be repaired in every region.\n"
    "\n"
    "Hospitals will be opened in each district.\n"
)


def page(client, address) -> str:
    response = client.get(address.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def marks(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<mark class="highlight highlight--([\w -]+?)">([^<]*)</mark>', html
    )


@pytest.mark.django_db
def test_only_published_commitments_are_marked_with_their_status_and_link(client):
    address = AddressFactory(text=SPEECH)
    schools = published(
        "Build ten new schools by 2025",
        address=address,
        quote="We will build ten new schools by 2025.",
        status="achieved",
    )
    published(
        "Repair the roads everywhere",
        address=address,
        quote="Roads will be repaired in every region.",
        is_published=False,
    )

    html = page(client, address)

    assert marks(html) == [("achieved", "We will build ten new schools by 2025.")]
    tag = (
        f'</mark><a class="commitment-tag" href="{commitment_url(schools)}">'
        '<span class="status status--achieved"><span class="status__icon" '
        'aria-hidden="true">✔</span> Achieved</span>\n'
        '<span class="visually-hidden">: Build ten new schools by 2025</span></a>'
    )
    assert tag in html
    assert "Repair the roads everywhere" not in html
    assert 'Roads will be repaired in every region. <a class="anchor"' in html


@pytest.mark.django_db
def test_two_commitments_on_overlapping_words_are_both_marked(client):
    address = AddressFactory(text=SPEECH)
    published(
        "Schools and roads",
        address=address,
        quote="ten new schools by 2025.\n\nRoads will be repaired",
        status="in_progress",
    )
    published(
        "Roads everywhere",
        address=address,
        quote="Roads will be repaired in every region.",
        status="broken",
    )

    html = page(client, address)

    assert marks(html) == [
        ("in_progress", "ten new schools by 2025."),
        ("in_progress highlight--overlap", "Roads will be repaired"),
        ("broken", " in every region."),
    ]
    # Labelled once each: where each starts.
    assert html.count('class="commitment-tag"') == 2


@pytest.mark.django_db
def test_the_scorecard_counts_published_commitments_and_links_to_each_list(client):
    address = AddressFactory(text=SPEECH)
    other = AddressFactory()
    for quote, status in [
        ("We will build ten new schools by 2025.", "achieved"),
        ("Roads will be repaired in every region.", "achieved"),
        ("Hospitals will be opened in each district.", "broken"),
    ]:
        published(quote, address=address, quote=quote, status=status)
    published(
        "Hidden",
        address=address,
        quote="Address on schools",
        status="broken",
        is_published=False,
    )
    published("Elsewhere", address=other, status="broken")

    html = page(client, address)

    counts = re.findall(
        r'<li><a href="([^"]+)"><span class="status status--(\w+)">.*?</span>\n'
        r" <strong>(\d+)</strong></a></li>",
        html,
        flags=re.S,
    )
    slug = address.slug
    assert counts == [
        (f"/commitments/?speech={slug}&amp;status=achieved", "achieved", "2"),
        (f"/commitments/?speech={slug}&amp;status=broken", "broken", "1"),
    ]
    assert (
        f'<a href="/commitments/?speech={slug}"><strong>3</strong> commitments</a>'
        in html
    )
    # Every number is the length of the list it links to.
    for url, _, count in counts:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert f"<strong>{count}</strong> commitment" in listed


@pytest.mark.django_db
def test_a_speech_without_published_commitments_says_so(client):
    address = AddressFactory(text=SPEECH)
    published("Hidden", address=address, is_published=False)

    html = page(client, address)

    assert "No commitment from this speech is on the public record yet." in html
    assert "<mark" not in html
    assert 'id="embed-code"' not in html


@pytest.mark.django_db
def test_speech_text_with_markup_is_escaped_also_inside_a_highlight(client):
    script = "<script>alert('pwned')</script> We will act."
    address = AddressFactory(text=f"Opening words.\n\n{script}\n\nClosing words.")
    published("<b>Act</b>", address=address, quote=script, status="stalled")

    html = page(client, address)

    assert marks(html) == [
        (
            "stalled",
            "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt; We will act.",
        )
    ]
    assert "<script>alert" not in html
    assert "<b>Act</b>" not in html
    assert "&lt;b&gt;Act&lt;/b&gt;" in html


@pytest.mark.django_db
def test_hidden_and_unknown_speeches_are_not_found(client):
    hidden = AddressFactory(is_public=False, text=SPEECH)
    published("On a hidden speech", address=hidden)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/addresses/no-such-speech/").status_code == 404


@pytest.mark.django_db
def test_the_query_count_is_the_same_at_10_and_60_commitments(client):
    sentences = [f"We will build {number} new roads by 2030." for number in range(60)]
    address = AddressFactory(text="Roads\n\n" + "\n\n".join(sentences) + "\n")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            page(client, address)
        return len(context)

    for sentence in sentences[:10]:
        published(sentence, address=address, quote=sentence, status="in_progress")
    at_10 = queries()
    for sentence in sentences[10:]:
        published(sentence, address=address, quote=sentence, status="achieved")
    at_60 = queries()

    assert at_10 == at_60 == 4
    assert len(marks(page(client, address))) == 60
