"""Which sentences report progress, and how clearly (pure Python).

`progress_strength` reads the verb forms of a sentence: a perfect, a passive past or
a progressive of a verb of state action ("has been adopted", "were elected", "is
being built") is a clear report; a past form of another verb, or only a sign of how
things stand (a delay, a figure that fell, "last year"), a weak one.
"""

from __future__ import annotations

import functools
import re

from commitments.linking.words import stem

_I = re.IGNORECASE
# Irregular past participles of verbs that can report what was done.
_IRREGULAR_PARTICIPLES = (
    "begun|built|brought|chosen|done|drawn|driven|given|grown|held|kept|laid|led|"
    "made|met|paid|put|risen|run|set|shown|sold|spent|taken|undertaken|won|written|"
    "sent|found|cut|become|come|seen|spoken|left|dealt|sought|taught|overcome"
)
# Irregular simple pasts, and those of them that cannot also be a participle or a
# noun ("set", "made", "led"), which therefore need no particular subject.
_IRREGULAR_PASTS = (
    "began|built|brought|chose|did|drew|drove|gave|grew|held|kept|laid|led|made|met|"
    "paid|rose|arose|ran|set|showed|sold|spent|took|undertook|won|wrote|sent|found|"
    "became|came|went|saw|spoke|left|dealt|sought|overcame"
)
_UNAMBIGUOUS_PASTS = (
    "began|arose|became|came|went|grew|rose|took|undertook|gave|drew|chose|wrote|"
    "spoke|saw|did|overcame"
)
# A regular past form: a word in -ed, less the common words that only look like one.
_REGULAR_PAST = (
    r"(?!(?:need|proceed|exceed|succeed|feed|seed|speed|indeed|breed|bed|red|shed|"
    r"hundred|united|sacred|naked|wicked|kindred|hatred)\b)"
    r"[a-z]{2,}ed"
)
_PARTICIPLE = rf"(?:{_REGULAR_PAST}|{_IRREGULAR_PARTICIPLES})\b"
_ADVERBS = r"(?:(?:[a-z]+ly|already|also|now|just|recently|since|further|finally)\s+)*"

_PROGRESS_CUES = (
    # "has been introduced", "have been raised", "has increased", "have started"
    rf"\b(?:has|have|had)\s+{_ADVERBS}(?:been\s+{_ADVERBS})?(?P<verb>{_PARTICIPLE})",
    # "were elected", "was adopted", "were signed"
    rf"\b(?:was|were)\s+{_ADVERBS}(?P<verb>{_PARTICIPLE})",
    # "are being built", "is being considered"
    rf"\b(?:is|are)\s+{_ADVERBS}being\s+(?P<verb>{_PARTICIPLE})",
    # "is underway", "came into force", "is fully functioning"
    r"\b(?:under\s*way|(?:came|entered)\s+into\s+force|"
    r"(?:is|are)\s+(?:[a-z]+ly\s+)?(?:functioning|operating|in\s+force))\b",
    # work in progress: "the Government is developing", "we are working on"
    rf"\b(?:is|are)\s+{_ADVERBS}(?:developing|preparing|drafting|implementing|"
    r"building|constructing|creating|introducing|moderni[sz]ing|reforming|revising|"
    r"working\s+on|carrying\s+out)\b",
    # "I signed", "we adopted", "we have adopted"
    rf"\b(?:I|we)\s+{_ADVERBS}(?P<verb>{_REGULAR_PAST}|{_IRREGULAR_PASTS})\b",
    # "questions later arose", "preparations began"
    rf"\b(?P<verb>{_UNAMBIGUOUS_PASTS})\b",
)
_PROGRESS = [re.compile(cue, _I) for cue in _PROGRESS_CUES]

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December"
)
# Weaker signs that a sentence tells how things stand, whatever its subject: a past
# form (the deficit "fell" to 3.4 percent, residents "elected" their mayors), a
# perfect of any verb ("has fallen", "has been independent since"), a delay or a
# failure ("has not been", "is held up", "a few months late"), work of any kind in
# progress ("is renegotiating"), or time already passed ("last year", "since 2025").
_STATUS_CUES = (
    rf"\b(?:{_REGULAR_PAST}|{_IRREGULAR_PASTS}|fell|stood|bought|lost|fought|"
    r"caught|told|understood|struck|threw)\b",
    rf"\b(?:has|have|had)\s+{_ADVERBS}(?:been|gone|got|gotten|fallen|risen|taken|"
    r"given|broken|chosen|driven|forgotten|hidden|written|spoken|stolen|shaken|"
    r"proven|seen|grown|shown|known|thrown|drawn|withdrawn|frozen)\b",
    r"\b(?:(?:has|have|had|is|are|was|were)\s+not\s+|still\s+not|not\s+yet|"
    r"no\s+longer)\b",
    r"\b(?:stalled|stuck|delayed|postponed|suspended|on\s+hold|held\s+up|"
    r"behind\s+schedule|(?:weeks?|months?|years?)\s+(?:late|behind))\b",
    rf"\b(?:is|are)\s+{_ADVERBS}[a-z]{{3,}}ing\b",
    rf"\b(?:last\s+(?:year|month|week|spring|summer|autumn|fall|winter|{_MONTHS})|"
    rf"since\s+(?:{_MONTHS}|\d{{4}}|last|then)|so\s+far|to\s+date|already)\b",
)
_STATUS = [re.compile(cue, _I) for cue in _STATUS_CUES]
# A status cue in a clause that speaks of the future or of a duty is part of a
# promise: "roads will be completed by 2027", "the money saved must go to schools".
_FUTURE = re.compile(
    r"\b(?:will|shall|must|should|would|(?:need|needs|have|has|going|plan|plans|"
    r"intend|intends|aim|aims)\s+to)\b",
    _I,
)
_CLAUSE_START = re.compile(r"[,;:]|\b(?:and|but|while|which|that)\b", _I)
# A cue right after a modal or "to" is not a report: "should have been adopted", "is
# to be built", "will have started".
_AFTER_MODAL = re.compile(
    r"\b(?:will|would|shall|should|must|could|can|may|might|to|not|never)\s+$", _I
)
# Verbs of state action. A report built on one of them ("has been adopted", "were
# elected") is a strong cue; one built on any other past form ("were attacked",
# "became") is weak: it more often narrates events than reports delivery.
POLICY_VERBS = frozenset(
    {
        "abolish", "accelerate", "adopt", "allocate", "amend", "appoint", "approve",
        "begin", "began", "begun", "build", "built", "carry", "complete", "conduct",
        "connect", "construct", "create", "cut", "decide", "decrease", "deliver",
        "digitize", "double", "draft", "elect", "enact", "engage", "equip",
        "establish", "expand", "extend", "finance", "form", "fund", "hold", "held",
        "identify", "implement", "improve", "increase", "install", "introduce",
        "launch", "legislate", "lift", "lower", "modernize", "open", "organize",
        "paid", "pass", "pay", "privatize", "provide", "raise", "ratify", "reduce",
        "reform", "register", "renew", "repair", "replace", "restore", "revise",
        "sign", "simplify", "start", "strengthen", "streamline", "subsidize",
        "tighten", "transfer", "undertake", "undertaken", "upgrade", "write",
        "written",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _policy_stems() -> frozenset[str]:
    return frozenset(stem(verb) for verb in POLICY_VERBS)


def progress_strength(sentence: str) -> int:
    """Rate how clearly a sentence reports something done or under way.

    0: not a report (no past, perfect or progressive accomplishment language, or a
    question); 1: a weak cue (a past form of a verb that is not a policy verb, or
    only a sign of how things stand: a delay, a figure that fell, "last year");
    2: a strong cue (a policy verb, or "is underway", "came into force", "the
    Government is developing"). A sentence may be a new commitment and a progress
    report at once.
    """
    stripped = sentence.strip()
    if not stripped or stripped.endswith("?"):
        return 0
    strength = 0
    for cue in _PROGRESS:
        for found in cue.finditer(stripped):
            if _AFTER_MODAL.search(stripped[: found.start()]):
                continue
            verb = found.groupdict().get("verb")
            if verb is None or stem(verb.lower()) in _policy_stems():
                return 2
            strength = 1
    if strength:
        return strength
    breaks = [found.start() for found in _CLAUSE_START.finditer(stripped)]
    for cue in _STATUS:
        for found in cue.finditer(stripped):
            start = max((at for at in breaks if at <= found.start()), default=0)
            end = min((at for at in breaks if at >= found.end()), default=None)
            if not _FUTURE.search(stripped[start:end]):
                return 1
    return 0


def is_progress_report(sentence: str) -> bool:
    """Tell whether a sentence reports something done or under way (any cue)."""
    return progress_strength(sentence) > 0
