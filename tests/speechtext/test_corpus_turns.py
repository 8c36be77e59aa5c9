"""The turn rule against the annotated interviews of the shared corpus.

Each gold line of an interview says who said its quote (`speaker`: interviewee or
interviewer); the turn the rule gives the quote's first sentence, and the paragraph
segmentation stores for it, must say the same. Reads ../shared/corpus at test time;
skipped where it is absent.
"""

from __future__ import annotations

import bisect

import pytest

from addresses.segmentation import segment as paragraphs
from bench.corpus import Document, corpus
from speechtext.sentences import segment
from speechtext.turns import INTERVIEWEE, INTERVIEWER, speaker_of_turn

INTERVIEWS = [document for document in corpus() if document.kind == "interview"]


@pytest.mark.skipif(not INTERVIEWS, reason="the shared corpus is not here")
@pytest.mark.parametrize("document", INTERVIEWS, ids=lambda document: document.name)
def test_the_turn_rule_agrees_with_the_gold_speakers(document: Document) -> None:
    text, gold = document.text, document.gold
    sentences = segment(text, interview=True)
    starts = [piece.start for piece in sentences]
    spans = paragraphs(text, kind="interview", interviewee="interviewee")
    span_starts = [span.start for span in spans]
    labels = {"interviewer": INTERVIEWER, "interviewee": INTERVIEWEE}
    disagreements = []
    for line in gold:
        if "speaker" not in line:
            continue
        at = text.index(line["quote"])
        piece = sentences[bisect.bisect_right(starts, at) - 1]
        span = spans[bisect.bisect_right(span_starts, at) - 1]
        said = (speaker_of_turn(piece.turn), labels.get(span.speaker_label))
        if said != (line["speaker"], line["speaker"]):
            disagreements.append((line["speaker"], said, line["quote"][:60]))

    assert gold
    assert disagreements == []
