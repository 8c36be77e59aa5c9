"""Words as linking compares them: content words, stems, synonyms, character n-grams.

Pure Python. A text becomes two views: the stems of its content words, with the
words of a synonym group folded into one term ("wages" and "salaries"), and the
character n-grams of its content words (which catch what the stemmer misses).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# scikit-learn's list, less the content words it is known to hold by accident
# ("interest rates", "party system", "the bill" matter in policy texts).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - {
    "amount", "bill", "bottom", "call", "describe", "detail", "empty", "find",
    "fire", "found", "front", "full", "interest", "move", "name", "part", "serious",
    "show", "side", "system", "top",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")

# Suffixes `stem` removes, with what replaces them; the longest that leaves a stem of
# four letters or more wins, and up to three are removed in turn ("nationalizations"
# → "nationalization" → "national" → "nation"). British -is- spellings are first
# folded into -iz-.
_SUFFIXES = sorted(
    {
        "ifications": "if", "ification": "if", "ifying": "if", "ified": "if",
        "ifies": "if", "ify": "if", "izations": "", "ization": "", "izers": "",
        "izer": "", "izing": "", "ized": "", "izes": "", "ize": "", "ational": "",
        "ations": "", "ation": "", "ators": "", "ator": "", "atory": "", "ories": "",
        "ory": "", "ating": "", "ated": "", "ates": "", "ate": "", "itions": "",
        "ition": "", "ements": "", "ement": "", "ments": "", "ment": "", "ions": "",
        "ion": "", "encies": "", "ency": "", "aries": "", "ary": "", "atives": "",
        "ative": "", "ivities": "", "ivity": "", "ances": "", "ance": "",
        "ences": "", "ence": "", "ities": "", "ity": "", "ives": "", "ive": "",
        "ously": "", "ous": "", "fully": "", "ful": "", "ness": "", "ingly": "",
        "ings": "", "ing": "", "edly": "", "ed": "", "ers": "", "er": "", "ally": "",
        "ly": "", "ies": "i", "ied": "i", "es": "", "s": "", "ials": "", "ial": "",
        "als": "", "al": "", "ics": "", "ic": "", "ists": "", "ist": "", "ism": "",
        "e": "", "y": "i",
    }.items(),
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_BRITISH = re.compile(r"is(ations?|ing|ed|es|e|ers?)$")
_MIN_STEM = 4


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a lower-case English word to a crude stem shared by its derived forms.

    Not a linguist's stem: "elections" and "elected" both give "elect", "regulatory"
    and "regulating" give "regul". The same function is applied to everything that is
    compared, so only consistency matters.
    """
    if len(word) > 6:
        word = _BRITISH.sub(r"iz\1", word)
    for _ in range(3):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)] + replacement
                break
        else:
            break
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "planned" → "plann" → "plan"
    return word


def content_words(text: str) -> list[str]:
    """The lower-cased words of `text`, stop words and single letters left out."""
    return [
        word
        for word in _WORD.findall(text.lower())
        if len(word) > 1 and word not in STOP_WORDS
    ]


class Vocabulary:
    """Stems with synonym groups folded: each word of a group stands for its first.

    `groups` holds one group a string, its words separated by spaces (see
    `commitments.linking.synonyms`). Groups that share a word are one group, so an
    analyst's extra group that repeats a packaged word extends that group.
    """

    def __init__(self, groups: Iterable[str]) -> None:
        heads: dict[str, str] = {}  # a stem, and the stem it stands for

        def head(term: str) -> str:
            while heads.get(term, term) != term:
                term = heads[term]
            return term

        for group in groups:
            stems = [stem(word.lower()) for word in group.split()]
            if not stems:
                continue
            first = head(stems[0])
            for other in stems[1:]:
                root = head(other)
                if root != first:
                    heads[root] = first
            heads.setdefault(first, first)
        self.folded: dict[str, str] = {term: head(term) for term in heads}

    def stems(self, text: str) -> list[str]:
        """The stems of the content words of `text`, synonyms folded into one."""
        folded = self.folded
        return [
            folded.get(stemmed, stemmed) for stemmed in map(stem, content_words(text))
        ]


@functools.lru_cache(maxsize=65536)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(
        padded[start : start + size]
        for size in range(3, 6)
        for start in range(len(padded) - size + 1)
    )


def char_grams(text: str) -> list[str]:
    """Character 3- to 5-grams of each content word, padded with spaces.

    The same n-grams as scikit-learn's "char_wb" analyzer over the content words,
    cached per word: speeches repeat their words, and this is the costly step.
    """
    return [gram for word in content_words(text) for gram in _word_grams(word)]
