"""What the public speech page shows: its paragraphs with the published
commitments marked in them, and its scorecard."""

from __future__ import annotations

from dataclasses import dataclass

from addresses.models import Address, Segment
from commitments.models import Commitment, Mention
from dashboard.highlights import Piece, Span, highlight
from dashboard.scorecards import Scorecard, mentioned_in, scorecard, status_counts


@dataclass(frozen=True)
class Paragraph:
    segment: Segment
    opens_turn: bool
    pieces: list[Piece[Mention]]  # marks and tags are mentions, with `commitment`


@dataclass(frozen=True)
class SpeechPage:
    paragraphs: list[Paragraph]
    scorecard: Scorecard


def published_mentions(address: Address) -> list[Mention]:
    """The mentions in `address` of published commitments, each with its commitment
    (title and status: what its label shows), in one query."""
    return list(
        Mention.objects.filter(
            address=address, commitment__in=Commitment.objects.published()
        )
        .select_related("commitment")
        .only(
            "start",
            "end",
            "address_id",
            "commitment__title",
            "commitment__status",
        )
        .order_by("start", "end", "pk")
    )


def speech_page(address: Address) -> SpeechPage:
    """The page of a public speech: three queries (segments, mentions, counts)
    whatever the length of the speech and the number of its commitments."""
    reading = address.reading_order()
    mentions = published_mentions(address)
    pieces = highlight(
        address.text,
        [(item.segment.start, item.segment.end) for item in reading],
        [Span(mention.start, mention.end, mention) for mention in mentions],
    )
    return SpeechPage(
        paragraphs=[
            Paragraph(item.segment, item.opens_turn, segment_pieces)
            for item, segment_pieces in zip(reading, pieces, strict=True)
        ],
        scorecard=scorecard(status_counts(mentioned_in(address)), speech=address.slug),
    )
