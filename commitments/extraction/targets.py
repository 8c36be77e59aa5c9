"""Find the measurable target of a sentence: numbers with a unit and what they count.

`find_targets(sentence)` returns short phrases such as "25%", "by at least 1.5
times", "200 billion tenge", "7,000 quotas", "24,000 kilometres", in order. Years,
dates, ordinals and list numbers are not targets.
"""

from __future__ import annotations

import bisect
import re

# Spelled-out numbers that count as numbers in targets ("two billion trees").
_WORD_NUMBER = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a\s+hundred|"
    r"one\s+and\s+a\s+half|half\s+a)"
)
# A number is read from its first digit only (the lookbehinds): tried again from each
# digit of a long run, or after each "1," of "1,1,1,…", it would rescan the run.
_DIGITS = r"(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*"
# Possessive "*+" here and below: a run of spaces is not split between two
# quantifiers in every way (which made a number before 3,000 spaces take seconds).
_SCALE = r"(?:\s*+(?:thousand|million|billion|trillion|mln|bln|bn|trln|m\b|k\b))"
_CURRENCY_WORD = (
    r"(?:tenge|dollars?|euros?|pounds?(?:\s+sterling)?|roubles?|rubles?|rupees?|yuan|"
    r"renminbi|yen|francs?|soms?|sums?|manats?|lari|dram|hryvnias?|zlotys?|pesos?|"
    r"reais|rand|naira|shillings?|dirhams?|riyals?|liras?|won|ringgit|baht|dinars?)"
)
_CURRENCY_SIGN = r"[$€£¥₸₽₹]"
_UNIT_WORD = (
    r"(?:per\s*cent|percent|percentage\s+points?|%|times|fold|-fold|"
    r"kilometres?|kilometers?|km|miles?|metres?|meters?|hectares?|ha|tonnes?|tons?|"
    r"square\s+metres?|sq\.?\s*m|megawatts?|MW|gigawatts?|GW|kWh|barrels?|"
    r"cubic\s+metres?|litres?|years?\s+of\s+age)"
)
# Nouns that a bare count may measure ("7,000 quotas", "500 scientists"): any plural
# noun after a number is accepted, so only words that never measure are listed.
_NOT_COUNTED = frozenset(
    {"years", "months", "days", "weeks", "hours", "minutes", "percent", "per", "of",
     "and", "or", "to", "in", "on", "at", "by", "the", "a", "an", "out", "is", "are",
     "was", "were", "will", "has", "have", "times"}
)  # fmt: skip

_NUMBER = rf"(?:{_DIGITS}|{_WORD_NUMBER}){_SCALE}?"
_MONEY = re.compile(
    rf"(?:{_CURRENCY_SIGN}\s*+{_DIGITS}{_SCALE}?|{_NUMBER}\s*+(?:{_SCALE}\s*+)?"
    rf"{_CURRENCY_WORD})\b(?:\s*+\(\s*+{_CURRENCY_SIGN}?\s*+{_DIGITS}{_SCALE}?"
    rf"(?:\s*+{_CURRENCY_WORD})?\s*+\))?",
    re.IGNORECASE,
)
# At most four words before the number ("up to about", "by at least"): with no limit,
# each word of a long run of them ("by by by …") was a start that read the whole run.
_MEASURE = re.compile(
    rf"(?:(?:by|to|up\s+to|at\s+least|more\s+than|over|under|below|above|less\s+than|"
    rf"no\s+less\s+than|about|nearly|almost|some|another|additional|a\s+factor\s+of)"
    rf"\s++){{0,4}}{_NUMBER}\s*+{_UNIT_WORD}",
    re.IGNORECASE,
)
_MULTIPLIER = re.compile(
    r"\b(?:double|doubling|doubled|triple|tripling|tripled|halve|halving|halved|"
    r"quadruple|(?:reduced?|cut)\s+by\s+half|\w+-fold)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?<![\w.,])(?P<n>{_DIGITS}(?:{_SCALE})?|{_WORD_NUMBER}(?:{_SCALE})?)"
    r"\s+(?:[a-z][\w-]*\s+){0,3}?"
    r"(?P<noun>[a-z][a-z-]+s)\b",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(rf"\d|{_WORD_NUMBER}|doubl|tripl|halv|fold", re.IGNORECASE)
_YEAR_LIKE = re.compile(r"^(?:19|20|21)\d\d$")


def _is_year(number: str) -> bool:
    return bool(_YEAR_LIKE.match(number.strip()))


def find_targets(sentence: str) -> list[str]:
    """Return the target phrases of a sentence, in order of appearance."""
    found: list[tuple[int, int, str]] = []
    if not _ANY_NUMBER.search(sentence):
        return []
    # The spans taken so far, sorted and not overlapping: one look at the neighbour
    # tells whether a new span overlaps any (a scan of all would be quadratic).
    starts: list[int] = []
    ends: list[int] = []

    def add(start: int, end: int) -> None:
        at = bisect.bisect_left(starts, end)  # the spans before `at` start before `end`
        if at and ends[at - 1] > start:
            return
        starts.insert(at, start)
        ends.insert(at, end)
        found.append((start, end, sentence[start:end].strip()))

    for pattern in (_MONEY, _MEASURE, _MULTIPLIER):
        for match in pattern.finditer(sentence):
            add(match.start(), match.end())
    for match in _COUNT.finditer(sentence):
        number, noun = match.group("n"), match.group("noun").lower()
        if _is_year(number) or noun in _NOT_COUNTED:
            continue
        add(match.start(), match.end())
    found.sort()
    return [phrase for _, _, phrase in found]
