"""The turn rule against the annotated interviews of the shared corpus.

Each gold line of an interview says who said its quote (`speaker`: interviewee or
interviewer); the turn the rule gives the quote's first sentence, and the paragraph
segmentation stores for it, must say the same. Reads ../shared/corpus at test time;
skipped where it is absent.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

import pytest

from addresses.segmentation import segment as paragraphs
from speechtext.sentences import segment
from speechtext.turns import INTERVIEWEE, INTERVIEWER, speaker_of_turn

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _interviews() -> list[str]:
    manifest = CORPUS / "manifest.json"
    if not manifest.is_file():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return [entry["file"] for entry in entries if entry["kind"] == "interview"]


@pytest.mark.skipif(not _interviews(), reason="the shared corpus is not here")
@pytest.mark.parametrize("name", _interviews())
def test_the_turn_rule_agrees_with_the_gold_speakers(name: str) -> None:
    text = (CORPUS / "texts" / name).read_text(encoding="utf-8")
    gold_path = CORPUS / "gold" / name.replace(".txt", ".jsonl")
    gold = [
        json.loads(line)
        for line in gold_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
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
