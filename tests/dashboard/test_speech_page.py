"""The public speech page `/addresses/<slug>/`: its published commitments marked in
the text, and its scorecard."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.highlights import Piece, Span, cut, highlight

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
