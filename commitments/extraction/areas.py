"""Assign one of the policy areas of docs/pledges.md to a sentence.

Keyword votes: each area has stems; the sentence's best-scoring area wins, then the
area of its context (the paragraph around it), then "public administration".
"""

from __future__ import annotations

import re
from functools import lru_cache

AREAS = (
    "public administration", "economy", "industry", "agriculture", "finance",
    "regions", "housing", "social", "education", "science", "health", "environment",
    "law enforcement", "anti-corruption", "human rights", "digital",
    "political reform", "foreign policy", "energy",
)  # fmt: skip

# Stems matched at word starts; a stem listed under two areas votes for both. The
# lists describe the vocabulary of each area, not any one speech.
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "public administration": (
        "civil serv",
        "civil servant",
        "public serv",
        "state apparatus",
        "official",
        "bureaucra",
        "ministr",
        "public administration",
        "state planning",
        "agenc",
        "governance",
        "quasi-public",
        "quasi-state",
        "executive secretar",
        "cabinet",
        "red tape",
        "emergency situation",
    ),
    "economy": (
        "econom",
        "business",
        "entrepreneur",
        "sme",
        "competition",
        "monopol",
        "privati",
        "investment",
        "investor",
        "procurement",
        "export",
        "trade",
        "market",
        "gdp",
        "transport",
        "logistic",
        "transit",
        "road",
        "railway",
        "tourism",
        "small and medium",
        "growth",
        "productivity",
        "jobs",
        "employment",
    ),
    "industry": (
        "industr",
        "manufactur",
        "metallurg",
        "petrochem",
        "engineering",
        "processing",
        "factory",
        "factories",
        "production facilit",
        "domestic content",
        "automotive",
    ),
    "agriculture": (
        "agri",
        "agro",
        "farm",
        "rural cooperat",
        "land",
        "irrigation",
        "livestock",
        "crop",
        "food product",
        "fishing",
        "meat",
        "grain",
        "harvest",
    ),
    "finance": (
        "tax",
        "budget",
        "monetary",
        "national bank",
        "central bank",
        "bank",
        "lending",
        "loan",
        "credit",
        "inflation",
        "financial",
        "fiscal",
        "currency",
        "exchange rate",
        "debt",
        "insurance",
        "accounts committee",
        "audit",
        "shadow economy",
    ),
    "regions": (
        "region",
        "regional",
        "village",
        "akim",
        "local government",
        "local budget",
        "territor",
        "urbanis",
        "urbaniz",
        "single-industry town",
        "district",
        "maslikhat",
        "municipal",
    ),
    "housing": (
        "housing",
        "houses",
        "homes",
        "rent",
        "mortgage",
        "apartment",
        "dwelling",
        "homeless",
        "utilities",
        "communal service",
    ),
    "social": (
        "social",
        "pension",
        "welfare",
        "benefit",
        "disabilit",
        "family",
        "families",
        "child benefit",
        "poverty",
        "vulnerable",
        "sport",
        "culture",
        "labour market",
        "wage",
        "minimum wage",
        "unemploy",
        "nomad games",
        "celebrat",
    ),
    "education": (
        "education",
        "school",
        "teacher",
        "student",
        "universit",
        "kindergarten",
        "pre-school",
        "preschool",
        "college",
        "vocational",
        "literacy",
        "learning",
        "curricul",
        "textbook",
        "graduate",
        "children's circle",
    ),
    "science": (
        "scien",
        "research",
        "scientist",
        "innovation",
        "technolog",
        "academ",
        "history of",
        "historical research",
    ),
    "health": (
        "health",
        "medic",
        "hospital",
        "doctor",
        "nurse",
        "patient",
        "pandemic",
        "epidemi",
        "disease",
        "vaccin",
        "pharma",
        "clinic",
        "quarantine",
        "ivf",
        "life expectancy",
        "feldsher",
        "obstetric",
        "mental health",
        "nhs",
    ),
    "environment": (
        "environment",
        "ecolog",
        "green",
        "climate",
        "emission",
        "carbon",
        "tree",
        "forest",
        "biodivers",
        "biological diversity",
        "waste",
        "pollut",
        "national park",
        "animal",
        "water resource",
        "recycl",
        "nature",
    ),
    "law enforcement": (
        "police",
        "crime",
        "criminal",
        "prosecut",
        "court",
        "judge",
        "judicial",
        "justice",
        "penitentiar",
        "prison",
        "offence",
        "offense",
        "investigat",
        "law enforcement",
        "penalt",
        "punish",
        "violence",
        "security forces",
        "border",
        "terror",
        "sentence",
        "pardon",
        "parole",
        "mediation",
        "lawyer",
    ),
    "anti-corruption": (
        "corrupt",
        "bribe",
        "bribery",
        "public control",
        "public council",
        "access to information",
        "transparen",
        "conflict of interest",
    ),
    "human rights": (
        "human right",
        "torture",
        "trafficking",
        "cyberbull",
        "rights of the child",
        "freedom of",
        "discriminat",
        "ombudsman",
        "optional protocol",
    ),
    "digital": (
        "digital",
        "internet",
        "online",
        "electronic",
        "data",
        "broadband",
        "it sector",
        "it industry",
        "it market",
        "it-",
        "cyber",
        "artificial intelligence",
        "biometric",
        "e-government",
        "platform",
        "software",
    ),
    "political reform": (
        "election",
        "elected",
        "electing",
        "political",
        "parliament",
        "party",
        "parties",
        "referendum",
        "self-government",
        "petition",
        "democra",
        "constitution",
        "kurultai",
        "multi-party",
        "voting",
        "electoral",
    ),
    "foreign policy": (
        "foreign policy",
        "international",
        "summit",
        "diplomat",
        "treaty",
        "organization",
        "organisation",
        "chairmanship",
        "chair",
        "bilateral",
        "united nations",
        "allies",
        "alliance",
        "embass",
        "forum",
    ),
    "energy": (
        "energy",
        "electricity",
        "electric",
        "charging station",
        "power plant",
        "nuclear",
        "npp",
        "heat",
        "gas",
        "oil",
        "coal",
        "renewable",
        "chpp",
        "fuel",
        "grid",
    ),
}

# Stems of one word are matched as word prefixes (the longest wins, so
# "electricity" is not read as "elect"); stems of several words as substrings.
_STEM_AREAS: dict[str, list[str]] = {}
for _area, _stems in _KEYWORDS.items():
    for _stem in _stems:
        _STEM_AREAS.setdefault(_stem, []).append(_area)
_WORD_STEMS = {stem: areas for stem, areas in _STEM_AREAS.items() if " " not in stem}
_PHRASE_STEMS = {stem: areas for stem, areas in _STEM_AREAS.items() if " " in stem}
_LONGEST_STEM = max(len(stem) for stem in _WORD_STEMS)
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z]+)*")


@lru_cache(maxsize=256)
def area_scores(text: str) -> dict[str, int]:
    """Count keyword hits per area in `text` (cached: for sentences, not texts)."""
    return area_scores_uncached(text)


def area_scores_uncached(text: str) -> dict[str, int]:
    """Count keyword hits per area in `text`.

    For paragraphs: a cache of them would keep up to 256 whole texts alive.
    """
    lower = text.lower()
    scores: dict[str, int] = {}
    for word in _WORD.findall(lower):
        for size in range(min(len(word), _LONGEST_STEM), 1, -1):
            areas = _WORD_STEMS.get(word[:size])
            if areas:
                for area in areas:
                    scores[area] = scores.get(area, 0) + 1
                break
    for phrase, areas in _PHRASE_STEMS.items():
        count = lower.count(phrase)
        if count:
            for area in areas:
                scores[area] = scores.get(area, 0) + count
    return scores


def find_area(
    sentence: str,
    context: str = "",
    *,
    context_scores: dict[str, int] | None = None,
) -> str:
    """Return the area of `sentence`, falling back on `context`, then a default.

    `context_scores`, when given, are `area_scores_uncached(context)` computed once.
    """
    scores = area_scores(sentence)
    if context_scores is None:
        context_scores = area_scores(context) if context else {}
    if scores:
        return max(
            scores,
            key=lambda area: (scores[area], context_scores.get(area, 0),
                              -AREAS.index(area)),
        )  # fmt: skip
    if context_scores:
        return max(
            context_scores,
            key=lambda area: (context_scores[area], -AREAS.index(area)),
        )
    return "public administration"
