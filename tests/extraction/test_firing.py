"""bench.firing: splitting regexes into alternatives, and where each pattern fires."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bench.corpus import Document
from bench.firing import (
    alternatives,
    firings,
    single_document,
    split_alternatives,
)


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        (r"a|b|c", ["a", "b", "c"]),
        (r"(?:a|b)c|d", ["(?:a|b)c", "d"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        (r"[|]x|y", ["[|]x", "y"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"[^]|]x|y", ["[^]|]x", "y"]),
        (r"[\]|]x|y", [r"[\]|]x", "y"]),
        (r"(?P<v>a|b)", ["(?P<v>a|b)"]),
    ],
)
def test_split_alternatives_respects_escapes_classes_and_groups(
    source: str, parts: list[str]
) -> None:
    assert split_alternatives(source) == parts


def test_an_alternative_that_cannot_compile_alone_keeps_its_whole_regex() -> None:
    regex = re.compile(r"(a)x|\1y")
    patterns = alternatives("m.R", regex, "accepted")
    assert [p.regex for p in patterns] == [regex]


def test_alternatives_keep_the_flags_of_their_regex() -> None:
    patterns = alternatives("m.R", re.compile(r"alpha|beta", re.IGNORECASE), "x")
    assert [p.regex.flags & re.IGNORECASE for p in patterns if p.regex] == [
        re.IGNORECASE,
        re.IGNORECASE,
    ]


def _document(name: str, text: str) -> Document:
    return Document(name, text, date(2025, 1, 1), "address", "address", "test", ())


def _documents() -> list[Document]:
    return [
        _document("one", "The Government will abolish the vehicle tax."),
        _document("two", "The Government will abolish the toll on the bridge."),
        _document("three", "We must ratify the treaty on water."),
    ]


def test_firings_count_documents_and_sentences_of_accepted_sentences() -> None:
    by_label = {f.label: f for f in firings(_documents())}
    abolish = by_label["lexicon.ACTION_VERBS: abolish"]
    ratify = by_label["lexicon.ACTION_VERBS: ratify"]
    assert abolish.documents == ("one", "two")
    assert abolish.count == 2
    assert ratify.documents == ("three",)


def test_single_document_lists_patterns_firing_in_fewer_than_two() -> None:
    rare = {f.label for f in single_document(_documents())}
    assert "lexicon.ACTION_VERBS: ratify" in rare
    assert "lexicon.ACTION_VERBS: abolish" not in rare
    assert "lexicon.DELIVERABLE_WORDS: tax" in rare
