"""Which detection patterns fire in only one real document (rules lifted from one text).

Over the seeds (demo/seeds, listed in addresses.json) and the shared corpus (its
manifest.json, when present), this reports every pattern that fires in fewer than two
documents. A pattern is a lexicon entry (a verb of ACTION_VERBS or SOFT_VERBS with all
its forms, a word of DELIVERABLE_WORDS, an alternative of COPULAR_ADJECTIVES) or a
top-level alternative of a module-level compiled regex of detect.py, lexicon.py or
targets.py (an alternative that cannot be compiled alone stands for its whole regex).

Where a pattern fires:
- a detection cue, ACTION_VERBS, SOFT_VERBS, DELIVERABLE_WORDS: in a sentence that
  `classify` accepts;
- any other regex of detect.py, and COPULAR_ADJECTIVES (exclusions and helpers: they
  mostly act on sentences that end up rejected): in a sentence where some cue pattern
  matches, accepted or not;
- a regex of targets.py: in a sentence where a target is found.

`python -m bench.firing` prints one line per pattern: the pattern, the documents it
fires in, and the number of sentences (the corpus is read from `UADE_SHARED`, by
default ../shared; see `bench.corpus`). Pure Python; no Django, no database.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType

from bench.corpus import Document, real_documents
from commitments.extraction import detect, lexicon, targets
from speechtext.sentences import segment

MIN_DOCUMENTS = 2

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern: a compiled alternative, or a set of word forms (lexicon entries)."""

    label: str
    scope: str  # "accepted", "considered" or "targets": which sentences count
    regex: re.Pattern[str] | None = None
    forms: frozenset[str] = field(default_factory=frozenset)

    def fires(self, words: frozenset[str], text: str, raw: str) -> bool:
        """Whether it fires in a sentence (`text` as the cues read it, `raw` as is)."""
        if self.regex is not None:
            return bool(self.regex.search(text) or self.regex.search(raw))
        return not self.forms.isdisjoint(words)


@dataclass(frozen=True, slots=True)
class Firing:
    """Where one pattern fired: the documents, and how many sentences in all."""

    label: str
    documents: tuple[str, ...]
    count: int


def split_alternatives(source: str) -> list[str]:
    """Split a regex source at its top-level "|" (not inside a group or a class)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # "]" first in a class ("[]…]", "[^]…]") is a literal, not its end.
            i += 1
            if source.startswith("^", i):
                i += 1
            if source.startswith("]", i):
                i += 1
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def alternatives(label: str, regex: re.Pattern[str], scope: str) -> list[Pattern]:
    """Return the top-level alternatives of `regex` as patterns, or it whole."""
    sources = split_alternatives(regex.pattern)
    if len(sources) == 1:
        return [Pattern(label, scope, regex)]
    patterns = []
    for index, source in enumerate(sources):
        try:
            alone = re.compile(source, regex.flags)
        except re.error:
            return [Pattern(label, scope, regex)]
        patterns.append(Pattern(f"{label}|{index}: {source[:70]}", scope, alone))
    return patterns


def _regexes(module: ModuleType) -> Iterator[tuple[str, re.Pattern[str], bool]]:
    """Yield (name, regex, is_cue) for every compiled regex the module holds."""
    for name, value in vars(module).items():
        if isinstance(value, re.Pattern):
            yield name, value, False
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                inner = item[0] if isinstance(item, tuple) and item else item
                if isinstance(inner, re.Pattern):
                    yield f"{name}[{index}]", inner, False
                elif isinstance(getattr(inner, "pattern", None), re.Pattern):
                    cue_name = getattr(inner, "name", "")
                    yield f"{name}[{index}] {cue_name}", inner.pattern, True


def patterns() -> list[Pattern]:
    """Return every pattern the report covers, labelled "module.NAME…"."""
    found: list[Pattern] = []
    for module in (detect, lexicon):
        short = module.__name__.rsplit(".", 1)[-1]
        for name, regex, is_cue in _regexes(module):
            scope = "accepted" if is_cue else "considered"
            found += alternatives(f"{short}.{name}", regex, scope)
    for name, regex, _ in _regexes(targets):
        found += alternatives(f"targets.{name}", regex, "targets")
    for list_name in ("ACTION_VERBS", "SOFT_VERBS"):
        for verb in sorted(getattr(lexicon, list_name)):
            forms = frozenset(lexicon.inflections(verb))
            found.append(
                Pattern(f"lexicon.{list_name}: {verb}", "accepted", None, forms)
            )
    for word in sorted(lexicon.DELIVERABLE_WORDS):
        found.append(
            Pattern(
                f"lexicon.DELIVERABLE_WORDS: {word}",
                "accepted",
                None,
                frozenset({word}),
            )
        )
    for index, source in enumerate(
        split_alternatives(lexicon.COPULAR_ADJECTIVES[3:-1])
    ):
        regex = re.compile(rf"\b(?:{source})\b", re.IGNORECASE)
        label = f"lexicon.COPULAR_ADJECTIVES|{index}: {source}"
        found.append(Pattern(label, "considered", regex))
    return found


def _words(text: str) -> frozenset[str]:
    """Words and word pairs of `text`, lower-case (phrasal verbs are pairs)."""
    words = _WORD.findall(text.lower())
    return frozenset(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def _sentences(document: Document) -> Iterator[tuple[str, str, set[str]]]:
    """Yield each sentence (as `classify` reads it, and as is) and its scopes."""
    cues = list(vars(detect)["_CUES"])
    for seg in segment(document.text, interview=document.kind == "interview"):
        if seg.is_heading:
            continue
        text = detect.normalise(seg.text)
        scopes = set()
        if detect.classify(seg.text) is not None:
            scopes |= {"accepted", "considered"}
        elif any(cue.pattern.search(text) for cue in cues):
            scopes.add("considered")
        if targets.find_targets(seg.text):
            scopes.add("targets")
        if scopes:
            yield text, seg.text, scopes


def firings(documents: list[Document] | None = None) -> list[Firing]:
    """Return where each pattern fires over `documents` (the seeds and the corpus)."""
    if documents is None:
        documents = real_documents()
    every = patterns()
    seen: dict[str, set[str]] = {p.label: set() for p in every}
    counts: dict[str, int] = dict.fromkeys(seen, 0)
    for document in documents:
        for text, raw, scopes in _sentences(document):
            words = _words(text)
            for pattern in every:
                if pattern.scope in scopes and pattern.fires(words, text, raw):
                    seen[pattern.label].add(document.name)
                    counts[pattern.label] += 1
    return [
        Firing(p.label, tuple(sorted(seen[p.label])), counts[p.label]) for p in every
    ]


def single_document(
    documents: list[Document] | None = None, *, minimum: int = MIN_DOCUMENTS
) -> list[Firing]:
    """Return the patterns that fire in fewer than `minimum` documents, fewest first."""
    rare = [f for f in firings(documents) if len(f.documents) < minimum]
    return sorted(rare, key=lambda f: (len(f.documents), f.documents, f.label))


def main() -> int:
    documents = real_documents()
    if not documents:
        print("no documents: neither the seeds nor the corpus were found")
        return 2
    rare = single_document(documents)
    print(
        f"Patterns firing in fewer than {MIN_DOCUMENTS} of {len(documents)} documents:"
    )
    for firing in rare:
        where = ", ".join(firing.documents) or "-"
        print(f"{firing.label}\t{where}\t{firing.count}")
    print(f"{len(rare)} patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
