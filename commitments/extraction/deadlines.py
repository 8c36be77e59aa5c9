"""Read the deadline of one sentence, relative to the date the speech was delivered.

Follows the table "Reading deadlines" in docs/pledges.md. Pure and deterministic:
`parse_deadline(sentence, delivered_on)` returns `(date, words)` or None.

What it reads, beyond the table: dates in any common English form; quarters,
halves, "the first six months", "early/mid/late 2025", seasons, month ends
("end-September", "mid-November", "next December"); years after a time preposition
("by", "in", "for", "to", "around", "till end-2025"); ranges ("from 2021 to 2025",
"the 2021-2025 period": the end); financial years ("FY2025", "2025-26", "this
financial year", "until FY2026") and years of assessment ("for YA2025"); spans
counted from delivery ("within three years", "over a three-year period", "for another
year", "for one year, and ... for another two years"); the day of delivery ("with
immediate effect", "from today") and the next ("from tomorrow"); New Year's Day; and,
when the caller knows it (`term_ends`), "by the end of my term".

Rules that the table leaves open, and how they are settled here:
- when a sentence names several times ("this year by 10%, next year by 15%"), the
  latest wins (the commitment's end); within that year a finer expression wins over a
  bare year ("this year ... in spring" is the end of spring, not of the year), and a
  calendar date over a span ("for three years, to the end of 2019");
- a number is read as a year only after a time preposition ("by", "in", "from" …) and
  only between the delivery year and 2199, so "1000 grants" is never a date;
  "before 2024" is due by the end of 2023;
- a start ("from 2025", "from FY2025 onwards", "for YA2025 and beyond") is its first
  day;
- nothing before the delivery date is returned (it describes the past), except the
  end of a stated period that started earlier ("12 months from March 16") and a
  start earlier in the year of delivery ("from January", said in February: the
  measure is in force);
- a duration counted from another event ("within two years of an application") is
  a service standard, not a deadline, and so is how long a thing holds ("valid for
  ten years"), a rate ("100 tonnes in a year"), a thing named by its year ("this
  year's surplus") or a month in a recurring schedule ("each year, in March");
- "over the next decade" is ten years; "over the next year" one year from delivery;
- a financial year follows the country the speech names most often (or the text's
  own definition); an April year is named by the year it begins in (FY2025 = April
  2025 to March 2026), a July or October year by the year it ends in; a numbered
  five-year plan is dated by the text or, for China, by its numbering
  (`plan_periods`);
- only days whose date is the same everywhere are read (New Year's Day); national
  days and movable feasts differ by country or calendar and give nothing;
- "by the end of this Parliament", "this session", "the next school year", and "by
  the end of my term" without `term_ends`, set a time without a readable date
  (`has_open_horizon`): no deadline, and none borrowed;
- a phrase that resolves outside the accepted years (`years`, by default 1900-2200,
  the settings' UADE_MIN_YEAR/MAX_YEAR), or to no date a calendar holds ("within 999
  decades", "tomorrow" said on 31 December 9999), gives no deadline: reading a
  deadline never raises.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}

# Small numbers as speeches write them ("within three years", "a five-year period").
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30,
    "thirty-six": 36, "forty-five": 45, "sixty": 60, "ninety": 90, "hundred": 100,
}  # fmt: skip

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2,
            "3rd": 3, "4th": 4, "last": 4, "final": 4}  # fmt: skip

# Last month and day of each season (northern hemisphere; pledges.md).
SEASON_END = {
    "spring": (5, 31),
    "summer": (8, 31),
    "autumn": (11, 30),
    "fall": (11, 30),
    "winter": (2, 0),
}

# The years a deadline may fall in unless the caller says otherwise (the defaults of
# settings.UADE_MIN_YEAR and UADE_MAX_YEAR; the package does not import Django).
DEFAULT_YEARS = (1900, 2200)

# How fine an expression is: a finer one wins over a coarser one in the same year.
# A span counted from delivery ("for three years") is the coarsest: a calendar date in
# the same year ("for three years, to the end of 2019") says when it ends.
SPAN, YEAR, PART, MONTH, DAY = -1, 0, 1, 2, 3

_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<month>{_MONTH_NAMES})\b"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_YEAR = r"(?P<year>(?:19|20|21)\d\d)(?![\d,.%]\d|\s*(?:%|per\s*cent|percent))"
_START = (
    r"(?P<start>from|as\s+(?:from|of)|starting(?:\s+(?:from|in|on))?|"
    r"beginning(?:\s+(?:from|in|on))?|since|effective(?:\s+(?:from|on))?|with\s+"
    r"effect\s+from|"
    # "come into effect on 1 January": the day the measure starts
    r"(?:come|comes|coming|came|enter|enters|entering)\s+into\s+(?:effect|force)"
    r"(?:\s+(?:on|from|in))?|(?:take|takes|taking)\s+effect(?:\s+(?:on|from|in))?)"
)
_BY = r"(?P<by>by|in|until|till|through|before|no\s+later\s+than|not\s+later\s+than|during|throughout|for|(?:by\s+|in\s+)?around|(?<!from\s)to)"  # noqa: E501
_THIS_NEXT = r"(?P<rel>this|the\s+current|the\s+present|next|the\s+next|the\s+coming|the\s+following)"  # noqa: E501


# Every time expression has a digit or one of these words: a cheap first test.
_TIME_WORD = re.compile(
    r"\d|year|month|quarter|half|spring|summer|autumn|fall|winter|week|day|decade|"
    r"tomorrow|today|immediate|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|period|term|Q[1-4]",
    re.IGNORECASE,
)


# A time expression right after a past verb ("they were held in summer") dates
# the past, not the commitment.
_PAST_VERB_BEFORE = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been|did)\s+(?:\w+ly\s+)?"
    r"\w+(?:ed|en|ld|wn|nt|ught)\s+$",
    re.IGNORECASE,
)


# A duration right after these words says how long something holds ("valid for
# ten years", "licences for 18 months", "remain the same for three years"), not when
# a commitment is due.
_VALIDITY = re.compile(
    r"\b(?:valid|validity|good|licen[cs]es?|jail|prison|imprison\w*|sentenced?|"
    r"lasts?|lasting|remain\w*|unchanged)\b[^,;]*$",
    re.IGNORECASE,
)


# Words of a recurring schedule: a month named without a year in such a sentence
# ("each year, payouts are made in March and September") is no deadline.
_RECURRING = re.compile(
    r"\b(?:every|each)\s+(?:year|month|quarter)\b|\bannually\b|\bin\s+subsequent\s+"
    r"years\b|\bthereafter\b|\byearly\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    when: date
    grain: int


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add(day: date, amount: int, unit: str) -> date | None:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return date.fromordinal(day.toordinal() + amount)
    if unit == "week":
        return date.fromordinal(day.toordinal() + 7 * amount)
    if unit == "month":
        return _add_months(day, amount)
    if unit == "year":
        return _add_months(day, 12 * amount)
    if unit == "decade":
        return _add_months(day, 120 * amount)
    return None


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _relative_year(rel: str | None, delivered_on: date) -> int:
    if rel and re.search(r"next|coming|following", rel, re.IGNORECASE):
        return delivered_on.year + 1
    return delivered_on.year


def _season_end(season: str, year: int) -> date:
    month, day = SEASON_END[season.lower()]
    if month == 2:
        # Winter ends in February of the following calendar year when it starts in
        # December; "this winter" said in autumn means the coming one.
        return _last_day(year, 2)
    return date(year, month, day)


def _month_of(text: str) -> int:
    return MONTHS[text.lower()[:3] if text.lower()[:4] != "sept" else "sept"]


_F = re.IGNORECASE
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "a period of 12 months, starting from March 16 of this year": the period's end.
    (
        "period",
        re.compile(
            rf"\b(?:period|term)\s+of\s+{_NUM}\s+(?P<unit>days?|weeks?|months?|years?)\b"
            r"[^.;]{0,120}?\b(?:from|starting|beginning|as\s+of)\b[^.;]{0,40}?"
            rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}|"
            rf"(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}}))",
            _F,
        ),
    ),
    # "for three years, starting from April this year": the span's last day.
    (
        "span_from",
        re.compile(
            rf"\bfor\s+{_NUM}\s+(?P<unit>years?|months?)\s*,?\s+(?:starting|beginning)"
            rf"\s+(?:from\s+|in\s+)?{_MONTH}(?:\s+(?:of\s+)?{_THIS_NEXT}\s+year|"
            rf"\s+{_YEAR})?",
            _F,
        ),
    ),
    # ISO and numeric dates: 2021-07-01, 31.12.2021, 31/12/2021.
    ("iso", re.compile(r"\b(?P<y>(?:19|20|21)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "numeric",
        re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>(?:19|20|21)\d\d)\b"),
    ),
    # "1 July 2021", "1st of July, 2021"; "July 1, 2021".
    (
        "dmy",
        re.compile(
            rf"(?:\b{_START}\s+|\b{_BY}\s+)?(?:the\s+)?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"\s+(?:of\s+)?{_MONTH}\.?(?:,?\s+{_YEAR}|\s+(?:of\s+)?{_THIS_NEXT}\s+year)?",
            _F,
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"(?:\b{_START}\s+|\b{_BY}\s+)?\b{_MONTH}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"\b(?:,?\s+{_YEAR}|\s+(?:of\s+)?{_THIS_NEXT}\s+year)?",
            _F,
        ),
    ),
    # "by April 2021", "in June this year", "as from January 2021".
    (
        "my",
        re.compile(
            rf"(?:\b{_START}\s+|\b{_BY}\s+(?:the\s+end\s+of\s+)?)?\b{_MONTH}"
            rf"(?:\s+(?:of\s+)?{_YEAR}|\s+(?:of\s+)?{_THIS_NEXT}\s+year)",
            _F,
        ),
    ),
    (
        "month_bare",
        re.compile(
            rf"\b(?:(?:{_START}|(?P<by>by|in|until|till|before|at)(?:\s+the\s+end\s+"
            rf"of)?|next|this(?:\s+coming)?)\s+|(?:end|mid)-){_MONTH}",
            _F,
        ),
    ),
    # Quarters and halves: "in the first quarter (of 2021)", "Q3 2025".
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
            r"\s+quarter\b(?:\s+of\s+(?:(?P<rel>this|the\s+current|next|the\s+next|"
            rf"the\s+following)\s+year|the\s+year|{_YEAR}))?|\bQ(?P<q>[1-4])"
            rf"(?:\s+(?P<qyear>(?:19|20|21)\d\d))?\b",
            _F,
        ),
    ),
    (
        "half",
        re.compile(
            r"\b(?:the\s+)?(?P<ord>first|second)\s+(?:half|six\s+months)\s+of\s+(?:(?P<rel>this|the\s+"
            r"current|next|the\s+next|the\s+following)\s+year|the\s+year|"
            rf"{_YEAR})",
            _F,
        ),
    ),
    # Seasons: "in spring", "by the summer of 2025", "next autumn".
    (
        "season",
        re.compile(
            r"\b(?:(?P<rel>this|next|the\s+coming)\s+(?P<s1>spring|summer|autumn|fall|"
            r"winter)|(?:in|by|during|until|before)\s+(?:the\s+)?(?P<s2>spring|summer|"
            r"autumn|fall|winter)(?:\s+of\s+(?:(?P<rel2>this|next)\s+year|"
            # "the spring session" of a parliament ends when the session does
            rf"{_YEAR}))?)\b(?!\s+(?:session|sitting|term|semester))",
            _F,
        ),
    ),
    # Financial years: "the rest of the financial year", "next fiscal year", "2025-26".
    # A tax year of assessment ("for YA2018", "from Year of Assessment 2019", "YAs
    # 2016 and 2017"): the calendar year named; a start gives its first day.
    (
        "assessment",
        re.compile(
            rf"(?:\b{_START}\s+(?:in\s+)?)?\b(?:(?i:years?\s+of\s+assessments?)"
            r"(?:\s*\(YAs?\))?|YAs?)\s*(?P<year>(?:19|20|21)\d\d)"
            r"(?:\s*(?:and|to|-|–)\s*(?:YA\s*)?(?P<year2>(?:19|20|21)\d\d))?"
            r"(?P<onwards>\s+(?:and\s+beyond|onwards?))?",
        ),
    ),
    (
        "fiscal",
        re.compile(
            rf"(?:\b{_START}\s+(?:in\s+)?)?(?:"
            # "in 2025-26", "by 2026/27": a financial year where one is defined
            r"\b(?:in|by|during|for|over|until|through)\s+(?:the\s+)?(?P<fy4>(?:19|20)"
            r"\d\d)[-–/](?P<fy5>\d\d)\b(?![-–/]?\d)|"
            r"\b(?:(?P<rel>this|the\s+current|next|the\s+next|the\s+coming|the)\s+|"
            r"(?P<fy>(?:19|20|21)\d\d)(?:[-–/](?P<fy2>\d{2,4}))?\s+)"
            r"(?:financial|fiscal|budget)\s+year\b|\b(?:FY|fiscal\s+(?:year\s+)?)"
            r"(?P<fy3>(?:19|20|21)?\d\d)\b)(?P<onwards>\s+(?:and\s+beyond|onwards?))?",
            _F,
        ),
    ),
    # "from 2021 to 2025", "between 2021 and 2025": the end of the range.
    (
        "range",
        re.compile(
            r"\b(?:from|between)\s+(?:19|20|21)\d\d\s+(?:to|and|until|till|through)\s+"
            rf"{_YEAR}\b",
            _F,
        ),
    ),
    # "during the 2026-2030 period": the end of the period.
    (
        "range",
        re.compile(
            r"\b(?:by|in|until|through|during|throughout|over|for|within)\s+the\s+"
            rf"(?:19|20|21)\d\d\s*[-–]\s*{_YEAR}\s+(?:period|plan|programme|program|"
            r"term|cycle|budget)\b",
            _F,
        ),
    ),
    # "in early 2019", "by mid-2025", "late next year": the end of that part.
    (
        "early",
        re.compile(
            r"\b(?:in\s+|by\s+|until\s+)?(?:the\s+)?(?P<part>early|mid|late)[\s-]+"
            rf"(?:{_YEAR}|(?P<rel>this|next)\s+year)\b",
            _F,
        ),
    ),
    # "until the end of 2021", "by 2025", "from 2021", "in 2023-2024", "the year 2024".
    (
        "year",
        re.compile(
            rf"\b(?:{_START}|{_BY}|the\s+year|(?:the\s+)?end\s+of|end-)\s*"
            r"(?:(?:the\s+)?end\s+of\s+|the\s+year\s+)?"
            rf"(?:(?:19|20|21)\d\d\s*[-–]\s*)?{_YEAR}\b"
            # "for 2020 and 2021": the last year named
            r"(?:\s*(?:,|and|or|&)\s*(?P<year2>(?:19|20|21)\d\d)\b(?![,.]\d|\s*%))?",
            _F,
        ),
    ),
    # "for one year, and ... for another two years": the spans follow each other.
    (
        "chain",
        re.compile(
            rf"\bfor\s+{_NUM}\s+(?P<unit>years?|months?)\b[^.;]{{0,80}}?\bfor\s+"
            rf"(?:another|a\s+further)\s+{_NUM.replace('?P<n>', '?P<n2>')}\s+"
            r"(?P<unit2>years?|months?)\b",
            _F,
        ),
    ),
    # A span counted from delivery: "over a three-year period", "within a timeframe
    # of four years", "for an initial period of three years", "for another year",
    # "for two more years", "over the next year".
    (
        "within",
        re.compile(
            r"\b(?:within|over|for|during|in)\s+(?:a|an|the)\s+(?:initial\s+|further\s+)?"
            r"(?:time\s*frame|period|span)\s+of\s+(?:the\s+(?:next|coming)\s+)?"
            rf"{_NUM}\s+(?P<unit>days?|weeks?|months?|years?)\b",
            _F,
        ),
    ),
    (
        "within",
        re.compile(
            r"\b(?:within|over|for|during|in)\s+(?:a|the\s+(?:next|coming))\s+"
            rf"{_NUM}[\s-]+(?P<unit>day|week|month|year)s?[\s-]+(?:period|time\s*frame|"
            r"span)\b",
            _F,
        ),
    ),
    (
        "within",
        re.compile(
            r"\bfor\s+(?:another|a\s+further)\s+(?P<unit>year|month)\b|\bover\s+the"
            r"\s+(?:next|coming)\s+(?P<unit2>year|month)\b|\bfor\s+(?:another\s+|a\s+"
            rf"further\s+)?{_NUM}\s+(?:more\s+|further\s+)?(?P<unit3>years?|months?)\b"
            r"(?!\s+(?:ago|old|of|after|following|from|since|now)\b)",
            _F,
        ),
    ),
    # "within three years", "over the next five years", "in 18 months' time".
    (
        "within",
        re.compile(
            # (Possessive "*+", "++": a run of spaces is not split between two
            # quantifiers, which made "in" + 3,000 spaces take seconds.)
            r"\b(?:within|over|in|during|for\s+the\s+(?=next|coming))\s*+(?:the\s++)?"
            r"(?:next|coming|following)?\s*+(?:just\s++|only\s++)?"
            rf"{_NUM}[\s-]++(?P<unit>days?|weeks?|months?|years?|decades?)\b"
            # "within two years of an application" counts from another event
            r"(?!\s+(?:ago|old|of|after|following)\b|\s+from\s+(?!now|today))",
            _F,
        ),
    ),
    # "over the next decade": ten years from delivery.
    (
        "decade",
        re.compile(
            r"\b(?:within|over|in|during|for)\s+the\s+(?:next|coming)\s+decade\b", _F
        ),
    ),
    # A numbered five-year plan ("by the end of the 15th Five-Year Plan period"), when
    # the text or the country dates it (see `plan_periods`).
    (
        "plan",
        re.compile(
            r"\b(?:(?:by|before|until|till|to)\s+the\s+end\s+of\s+|during\s+|in\s+|"
            r"over\s+|throughout\s+|within\s+|for\s+)?the\s+(?P<ord>\d{1,2}(?:st|nd|"
            r"rd|th)|[a-z]+)[\s-]+five[\s-]year[\s-]plan(?:\s+period)?\b",
            _F,
        ),
    ),
    ("first_year", re.compile(r"\bin\s+the\s+first\s+(?P<unit>year|month)\b", _F)),
    # "by the end of the year", "this year", "next year", "within the next year".
    (
        "rel_year",
        re.compile(
            r"\b(?:(?P<start>from|as\s+(?:from|of)|starting(?:\s+from)?|beginning)\s+)?"
            r"(?:(?:by|until|till|before|to|at|towards)\s+)?(?:the\s+)?"
            r"(?:end\s+of\s+)?(?:the\s+)?(?P<rel>this|current|present|next|coming|"
            r"following)\s+year\b|\b(?:by|until|till|before|at|towards)\s+the\s+end\s+"
            r"of\s+(?:the|this)\s+year\b|\b(?:later|earlier)\s+(?:this|in\s+the)"
            r"\s+year\b|"
            r"\bwithin\s+the\s+(?:next|coming)\s+year\b",
            _F,
        ),
    ),
    # "by the end of my term", "before my term ends": read only when the caller
    # knows when the term ends (`term_ends`); otherwise an open horizon.
    (
        "term",
        re.compile(
            r"\b(?:by|before|until|till|at|within|during|in|for)\s+(?:the\s+)?(?:(?:end|"
            r"remainder|rest)\s+of\s+)?(?:my|our)\s+(?:\w+\s+)?(?:term|mandate|"
            r"presidency|administration)(?:\s+(?:in\s+office|of\s+office))?"
            r"(?:\s+(?:ends|is\s+over|expires|runs\s+out))?\b",
            _F,
        ),
    ),
    # A day whose date is the same everywhere: "by New Year's Day" is the next
    # 1 January. (National days and movable feasts differ by country or calendar:
    # "by Independence Day" gives nothing, and so does the Lunar New Year.)
    (
        "new_year",
        re.compile(
            r"\b(?:by|before|until|till|for)\s+(?:the\s+)?(?<!Lunar\s)New\s+Year(?:['’]s"
            r"(?:\s+Day)?|\s+Day)?\b(?!['’]s\s+(?:address|eve|greeting))",
        ),
    ),
    ("tomorrow", re.compile(r"\btomorrow\b", _F)),
    # "with immediate effect", "takes effect today", "born from today": the day of
    # delivery.
    (
        "today",
        re.compile(
            r"\b(?:with\s+immediate\s+effect|takes?\s+immediate\s+effect|"
            r"effective\s+(?:immediately|today)|"
            r"(?:with\s+effect\s+|starting\s+|as\s+)?from\s+today|(?:take|takes|"
            r"taking|come|comes|coming)\s+(?:into\s+)?(?:effect|force)\s+today)\b"
            r"(?!['’])",  # "from today's 8%" is a level, not a date
            _F,
        ),
    ),
    # "next week": its last day (Sunday); "this week": this one's.
    (
        "rel_week",
        re.compile(
            r"\b(?:(?:by|until|before)\s+(?:the\s+)?end\s+of\s+)?(?P<rel>this|next)\s+"
            r"week\b(?!['’])",
            _F,
        ),
    ),
    (
        "rel_month",
        re.compile(
            r"\b(?:(?:by|until|before)\s+(?:the\s+)?end\s+of\s+)?(?P<rel>this|next)\s+"
            r"month\b",
            _F,
        ),
    ),
]

# Words without which a pattern cannot match (lower case): a cheap first test.
_CLUES: dict[str, tuple[str, ...]] = {
    "period": ("period", "term"),
    "quarter": ("quarter", "q"),
    "half": ("half", "six months"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "decade": ("decade",),
    "plan": ("plan",),
    "range": ("from", "between", "period", "plan", "programme", "program", "term",
              "cycle", "budget"),
    "first_year": ("first",),
    "chain": ("another", "further"),
    "span_from": ("starting", "beginning"),
    "early": ("early", "mid", "late"),
    "assessment": ("assessment", "ya"),
    "rel_year": ("year",),
    "rel_month": ("month",),
    "rel_week": ("week",),
    "tomorrow": ("tomorrow",),
    "new_year": ("new year",),
    "term": ("term", "mandate", "presidency", "administration"),
    "today": ("today", "immediate"),
}  # fmt: skip

_COUNTRY_FISCAL_STARTS: tuple[tuple[str, tuple[int, int]], ...] = (
    # Where a speech names its country, the usual financial year applies (pledges.md
    # says "where the text or country defines it"). A speech names other countries
    # too, so the group named most often wins; on a tie, the first listed.
    (r"\b(?:United Kingdom|Britain|British|UK|Canada|Canadian|India|Indian|Japan|"
     r"Japanese|Hong Kong|Singapore|South Africa|South African|Jamaica|Jamaican|"
     r"Scotland|Scottish|Wales|Welsh)\b", (4, 1)),
    (r"\b(?:Australia|Australian|New Zealand|Pakistan|Egypt|Kenya|Kenyan|Uganda|"
     r"Tanzania|Bangladesh)\b", (7, 1)),
    (r"\b(?:United States|America|American|Thailand)\b", (10, 1)),
    (r"\b(?:Nigeria|Nigerian|Philippines|Philippine|Filipinos?|China|Chinese|"
     r"Kazakhstan|Russia|Russian|Indonesia|Indonesian|Brazil|Mexico|Ghana|"
     r"Vietnam|Viet\s+Nam)\b", (1, 1)),
)  # fmt: skip

# One pass over the text: group g<i> is the i-th country group above.
_COUNTRY = re.compile(
    "|".join(
        f"(?P<g{i}>{pattern})" for i, (pattern, _) in enumerate(_COUNTRY_FISCAL_STARTS)
    )
)
_FISCAL_DEFINITION = re.compile(
    r"(?:financial|fiscal|budget)\s+year\s+(?:which\s+|that\s+)?(?:begins|starts|"
    r"runs\s+from|commences|beginning|starting|running\s+from)\s+(?:on\s+)?"
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|"
    rf"(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}})?|(?P<m3>{_MONTH_NAMES}))",
    re.IGNORECASE,
)


def fiscal_year_start(text: str) -> tuple[int, int] | None:
    """Find the (month, day) the financial year starts on, as the text defines it.

    An explicit definition wins; otherwise a named country's usual year; otherwise
    None (then financial-year phrases give no deadline).
    """
    match = _FISCAL_DEFINITION.search(text)
    if match:
        month_text = match.group("month") or match.group("m2") or match.group("m3")
        day_text = match.group("d1") or match.group("d2") or "1"
        if month_text:
            return _month_of(month_text), int(day_text)
    counts = [0] * len(_COUNTRY_FISCAL_STARTS)
    for match in _COUNTRY.finditer(text):
        counts[int(match.lastgroup[1:]) if match.lastgroup else 0] += 1
    if not any(counts):
        return None
    return _COUNTRY_FISCAL_STARTS[counts.index(max(counts))][1]


_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        (
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ),
        start=1,
    )
}
_PLAN_DEFINITION = re.compile(
    r"\b(?P<ord>\d{1,2}(?:st|nd|rd|th)|[a-z]+)[\s-]+five[\s-]year[\s-]plan"
    r"(?:\s+period)?\s*(?:\(|,\s*|for\s+|covering\s+)(?P<first>(?:19|20)\d\d)\s*"
    r"(?:[-–]|to)\s*(?P<last>(?:19|20)\d\d)",
    re.IGNORECASE,
)
# China numbers its plans from 1953; the third began in 1966 after a three-year gap.
_CHINA = re.compile(r"\b(?:China|Chinese|CPC)\b")


def _plan_number(ordinal: str) -> int | None:
    ordinal = ordinal.lower()
    if ordinal[:1].isdigit():
        return int(re.sub(r"\D", "", ordinal))
    return _ORDINAL_WORDS.get(ordinal)


def plan_periods(text: str) -> dict[int, int]:
    """Map each numbered five-year plan to its last year, as the text dates them.

    A text that defines a plan ("the 15th Five-Year Plan (2026-2030)") dates it; a
    Chinese text dates the others by China's own numbering.
    """
    lowered = text.lower()
    if "year plan" not in lowered and "year-plan" not in lowered:
        return {}  # the common case, found cheaply
    plans: dict[int, int] = {}
    if _CHINA.search(text):
        plans = {number: 1970 + 5 * (number - 3) for number in range(3, 21)}
    for match in _PLAN_DEFINITION.finditer(text):
        number = _plan_number(match.group("ord"))
        last = int(match.group("last"))
        if number is not None and last - int(match.group("first")) in range(3, 6):
            plans[number] = last
    return plans


# Words that set a time without a date that can be read ("by the end of this
# Parliament", "from the start of the next school year"): such a commitment has its
# own horizon and borrows none from its neighbours.
_OPEN_HORIZON = re.compile(
    r"\b(?:(?:by|before|until|till|at|from|after|during|over|within|throughout|in)\s+"
    r"(?:the\s+)?(?:(?:end|start|beginning|course|middle|remainder|rest|life|lifetime)"
    r"\s+of\s+)?(?:this|the\s+current|the\s+next|the\s+coming|the\s+new|my|our|"
    r"its)\s+(?:\w+\s+)?(?:parliament|session|term|mandate|administration|"
    r"presidency|legislature|school\s+year|academic\s+year|season|cycle|decade)|"
    r"(?:by|before|after)\s+the\s+next\s+(?:\w+\s+)?elections?)\b",
    re.IGNORECASE,
)


def has_open_horizon(sentence: str) -> bool:
    """Tell whether the sentence sets its own time without a readable date."""
    return bool(_OPEN_HORIZON.search(sentence))


def _fiscal_end(start_year: int, fiscal_start: tuple[int, int]) -> date:
    month, day = fiscal_start
    begin = date(start_year, month, day)
    end = _add_months(begin, 12)
    return date.fromordinal(end.toordinal() - 1)


def _current_fiscal_start_year(
    delivered_on: date, fiscal_start: tuple[int, int]
) -> int:
    month, day = fiscal_start
    if (delivered_on.month, delivered_on.day) >= (month, day):
        return delivered_on.year
    return delivered_on.year - 1


def _fiscal_first_year(
    group: Mapping[str, str | None], delivered_on: date, fiscal: tuple[int, int]
) -> int | None:
    """Return the calendar year a financial-year phrase's year begins in."""
    if group.get("fy4"):
        first = int(group["fy4"] or 0)
        if fiscal == (1, 1) or (first + 1) % 100 != int(group["fy5"] or 0):
            return None  # a calendar year or a span of years, not one fiscal year
        return first
    digits = group.get("fy3") or group.get("fy")
    if digits:
        year = int(digits) if len(digits) == 4 else 2000 + int(digits)
        # An April year is named by the year it begins in (Singapore's and Japan's
        # FY2017 runs April 2017 to March 2018); a July or October year by the year
        # it ends in (Australia's and the United States' FY2017 ends in 2017).
        return year if fiscal[0] <= 4 or group.get("fy") else year - 1
    current = _current_fiscal_start_year(delivered_on, fiscal)
    rel = group.get("rel")
    if rel and re.search(r"next|coming", rel, re.IGNORECASE):
        return current + 1
    return current


def _resolve(
    kind: str,
    match: re.Match[str],
    delivered_on: date,
    fiscal: tuple[int, int] | None,
    plans: Mapping[int, int] | None = None,
    term_ends: date | None = None,
) -> tuple[date, int] | None:
    group = match.groupdict()
    year_text = group.get("year")
    rel = group.get("rel")
    is_start = bool(group.get("start"))
    if kind == "period":
        amount = _number(group["n"])
        month_text = group.get("month") or group.get("m2")
        day_text = group.get("d1") or group.get("d2")
        if amount is None or not month_text or not day_text:
            return None
        try:
            begin = date(delivered_on.year, _month_of(month_text), int(day_text))
        except ValueError:
            return None
        end = _add(begin, amount, group["unit"])
        return (end, DAY) if end else None
    if kind in {"iso", "numeric"}:
        try:
            return date(int(group["y"]), int(group["m"]), int(group["d"])), DAY
        except ValueError:
            return None
    if kind in {"dmy", "mdy"}:
        month = _month_of(group["month"])
        year = int(year_text) if year_text else _relative_year(rel, delivered_on)
        try:
            day = date(year, month, int(group["d"]))
            if not year_text and not rel and day < delivered_on:
                day = date(year + 1, month, day.day)  # "by 1 March" said in autumn
        except ValueError:
            return None
        return day, DAY
    if kind in {"my", "month_bare"}:
        month = _month_of(group["month"])
        if year_text:
            year = int(year_text)
        elif rel:
            year = _relative_year(rel, delivered_on)
        else:
            year = delivered_on.year
            if _last_day(year, month) < delivered_on:
                year += 1  # "by March" said in September: the coming March
        if is_start:
            return date(year, month, 1), MONTH
        return _last_day(year, month), MONTH
    if kind == "quarter":
        number = ORDINALS.get((group.get("ord") or "").lower()) or int(group["q"] or 0)
        year_given = year_text or group.get("qyear")
        if year_given:
            year = int(year_given)
        elif rel:
            year = _relative_year(rel, delivered_on)
        else:
            year = delivered_on.year
            if _last_day(year, 3 * number) < delivered_on:
                year += 1
        return _last_day(year, 3 * number), PART
    if kind == "half":
        number = ORDINALS[group["ord"].lower()]
        year = int(year_text) if year_text else _relative_year(rel, delivered_on)
        if not year_text and not rel and _last_day(year, 6 * number) < delivered_on:
            year += 1  # "the first half of the year" said in autumn: the coming one
        return _last_day(year, 6 * number), PART
    if kind == "season":
        season = group.get("s1") or group.get("s2") or ""
        relation = rel or group.get("rel2")
        if year_text:
            year = int(year_text)
        elif relation and "next" in relation.lower():
            year = delivered_on.year + 1
        else:
            year = delivered_on.year
        end = _season_end(season, year)
        if (season.lower() == "winter" and end < delivered_on) or (
            not year_text and end < delivered_on and not relation
        ):
            end = _season_end(season, year + 1)
        return end, PART
    if kind == "assessment":
        year = max(int(year_text or 0), int(group.get("year2") or 0))
        if is_start or group.get("onwards"):
            return date(int(year_text or 0), 1, 1), YEAR
        return date(year, 12, 31), YEAR
    if kind == "fiscal":
        if fiscal is None:
            return None
        first_year = _fiscal_first_year(group, delivered_on, fiscal)
        if first_year is None:
            return None
        if is_start or group.get("onwards"):
            return date(first_year, *fiscal), YEAR
        return _fiscal_end(first_year, fiscal), YEAR
    if kind == "early":
        year = int(year_text) if year_text else _relative_year(rel, delivered_on)
        month = {"early": 3, "mid": 6}.get(group["part"].lower(), 12)
        return _last_day(year, month), PART
    if kind == "range":
        return date(int(year_text or 0), 12, 31), YEAR
    if kind == "year":
        year = int(year_text or 0)
        if group.get("year2") and not is_start:
            year = max(year, int(group["year2"] or 0))
        if is_start:
            return date(year, 1, 1), YEAR
        if (group.get("by") or "").lower() == "before":
            # Said so, "before 2024" is due by the end of 2023 (some annotations
            # read 2024; the words do not).
            return date(year - 1, 12, 31), YEAR
        return date(year, 12, 31), YEAR
    if kind == "plan":
        plan = _plan_number(group["ord"])
        plan_end = plans.get(plan) if plan is not None and plans else None
        if plan_end is None:
            return None
        return date(plan_end, 12, 31), YEAR
    if kind == "decade":
        end = _add(delivered_on, 1, "decade")
        return (end, SPAN) if end else None
    if kind == "span_from":
        amount = _number(group["n"])
        if amount is None:
            return None
        year = int(year_text) if year_text else _relative_year(rel, delivered_on)
        end = _add(date(year, _month_of(group["month"]), 1), amount, group["unit"])
        return (date.fromordinal(end.toordinal() - 1), DAY) if end else None
    if kind == "chain":
        first, second = _number(group["n"]), _number(group["n2"])
        if first is None or second is None:
            return None
        middle = _add(delivered_on, first, group["unit"])
        end = _add(middle, second, group["unit2"]) if middle else None
        return (end, SPAN) if end else None
    if kind == "within":
        amount = _number(group["n"]) if group.get("n") else 1
        if amount is None or re.match(r"in\s+an?\s", match.group(0), _F):
            return None  # "100 tonnes in a year" is a rate
        unit = group.get("unit") or group.get("unit2") or group.get("unit3") or ""
        if group.get("unit3") and _VALIDITY.search(
            match.string, max(0, match.start() - 30), match.start()
        ):
            return None  # "a licence for 18 months" is how long it lasts
        end = _add(delivered_on, amount, unit)
        return (end, SPAN) if end else None
    if kind == "first_year":
        end = _add(delivered_on, 1, group["unit"])
        return (end, SPAN) if end else None
    if kind == "rel_year":
        if re.match(r"['’]s\b", match.string[match.end() : match.end() + 2]) and not (
            re.search(
                r"\b(?:in|on|for|by|during)\s+$",
                match.string[max(0, match.start() - 12) : match.start()],
            )
        ):
            return None  # "this year's surplus" names a thing, not a time
        year = _relative_year(match.group(0), delivered_on)
        if is_start:
            return date(year, 1, 1), YEAR
        return date(year, 12, 31), YEAR
    if kind == "today":
        return delivered_on, DAY
    if kind == "term":
        return (term_ends, DAY) if term_ends else None
    if kind == "new_year":
        return date(delivered_on.year + 1, 1, 1), DAY
    if kind == "tomorrow":
        return date.fromordinal(delivered_on.toordinal() + 1), DAY
    if kind == "rel_week":
        sunday = delivered_on.toordinal() + 6 - delivered_on.weekday()
        if rel and rel.lower() == "next":
            sunday += 7
        return date.fromordinal(sunday), DAY
    if kind == "rel_month":
        month_start = date(delivered_on.year, delivered_on.month, 1)
        if rel and rel.lower() == "next":
            month_start = _add_months(month_start, 1)
        return _last_day(month_start.year, month_start.month), MONTH
    return None


def find_deadlines(
    sentence: str,
    delivered_on: date,
    *,
    fiscal_start: tuple[int, int] | None = None,
    plans: Mapping[int, int] | None = None,
    years: tuple[int, int] = DEFAULT_YEARS,
    term_ends: date | None = None,
) -> list[tuple[date, str, int]]:
    """Return every time expression of the sentence as (date, words, grain).

    An expression that resolves outside `years` (inclusive), or to a date no calendar
    holds, is read (its words are taken) but gives no entry.
    """
    if not _TIME_WORD.search(sentence):
        return []
    first_year, last_year = years
    lowered = sentence.lower()
    taken = [False] * len(sentence)
    hits: list[tuple[_Hit, str]] = []
    for kind, pattern in _PATTERNS:
        clue = _CLUES.get(kind)
        if clue is not None and not any(word in lowered for word in clue):
            continue  # the pattern cannot match: save the regex
        if (
            (kind == "plan" and not plans)
            or (kind == "fiscal" and fiscal_start is None)
            or (kind == "term" and term_ends is None)
            # "every year, payouts are made in March": a schedule, not a deadline
            or (kind == "month_bare" and _RECURRING.search(sentence))
        ):
            continue
        for match in pattern.finditer(sentence):
            if any(taken[match.start() : match.end()]):
                continue
            try:
                resolved = _resolve(
                    kind, match, delivered_on, fiscal_start, plans, term_ends
                )
                has_date = True
            except (ValueError, OverflowError):
                # Past year 9999 or before year 1 ("within 999 decades" said in 9990):
                # read, but no date.
                resolved, has_date = None, False
            if resolved is None and has_date:
                continue
            for i in range(match.start(), match.end()):
                taken[i] = True
            if resolved is None or not first_year <= resolved[0].year <= last_year:
                continue  # "within 999 decades": no deadline
            when, grain = resolved
            # A measure that starts earlier in the year of delivery ("from January"
            # said in February, "backdated to January 1") is in force: its start is
            # its date (pledges.md: a start gives the first day named).
            is_current_start = (
                bool(match.groupdict().get("start")) and when.year == delivered_on.year
            )
            if (
                when < delivered_on and not is_current_start
            ) or _PAST_VERB_BEFORE.search(
                sentence, max(0, match.start() - 40), match.start()
            ):
                continue
            words = match.group(0).strip(" ,")
            hits.append((_Hit(match.start(), match.end(), when, grain), words))
    hits.sort(key=lambda item: item[0].start)
    return [(hit.when, words, hit.grain) for hit, words in hits]


def parse_deadline(
    sentence: str,
    delivered_on: date,
    *,
    fiscal_start: tuple[int, int] | None = None,
    plans: Mapping[int, int] | None = None,
    years: tuple[int, int] = DEFAULT_YEARS,
    term_ends: date | None = None,
) -> tuple[date, str] | None:
    """Return the deadline a sentence states and the words it came from, or None.

    `fiscal_start` is the (month, day) the financial year begins, when known (see
    `fiscal_year_start`); `plans` maps the number of a five-year plan to its last year
    (see `plan_periods`); `term_ends` is the last day of the speaker's term, when
    known ("before my term ends"). The result is never before `delivered_on`, except
    a start earlier in the year of delivery ("from January", said in February), and
    always within `years` (first and last accepted year, inclusive); a phrase that
    resolves outside them gives no deadline. Never raises on any text or date.
    """
    found = find_deadlines(
        sentence,
        delivered_on,
        fiscal_start=fiscal_start,
        plans=plans,
        years=years,
        term_ends=term_ends,
    )
    if not found:
        return None
    latest_year = max(when.year for when, _, _ in found)
    same_year = [item for item in found if item[0].year == latest_year]
    finest = max(grain for _, _, grain in same_year)
    when, words, _ = max(
        (item for item in same_year if item[2] == finest), key=lambda item: item[0]
    )
    return when, words
