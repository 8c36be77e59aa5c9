"""Name the body a commitment makes responsible, when the sentence names one.

`find_actor(sentence)` returns e.g. "Government; National Bank" for "I instruct the
Government, together with the National Bank, …", or None.
"""

from __future__ import annotations

import re

# Bodies named by a common noun; the key is how they are reported. Order matters:
# longer names first, so "National Bank" is not read as a bare "Bank".
_COMMON_BODIES: tuple[tuple[str, str], ...] = (
    (r"Prime\s+Minister", "Prime Minister"),
    (r"(?:National|Central|Reserve)\s+Bank", "National Bank"),
    (r"Federal\s+Reserve", "Federal Reserve"),
    (r"Presidential\s+Administration|Administration\s+of\s+the\s+President",
     "Presidential Administration"),
    (r"Accounts\s+Committee|Audit\s+Office|Court\s+of\s+Audit", "Accounts Committee"),
    (r"Supreme\s+Court", "Supreme Court"),
    (r"Constitutional\s+Court", "Constitutional Court"),
    (r"Prosecutor(?:’s|'s)?\s+(?:General(?:’s|'s)?\s+)?Office|Office\s+of\s+the\s+"
     r"Prosecutor(?:\s+General)?|prosecutor(?:’s|'s)\s+office", "Prosecutor's Office"),
    (r"(?:my\s+|the\s+|our\s+)?(?:Government|government|Cabinet|Executive)\b",
     "Government"),
    (r"(?:my\s+)?Ministers\b", "Government"),
    (r"Parliament|parliament|Congress|Majilis|Mazhilis|Senate|House\s+of\s+Commons|"
     r"the\s+House\b|National\s+Assembly|Duma|Legislature|deputies\b|"
     r"lawmakers\b", "Parliament"),
    (r"(?i:akims?|akimats?|governors?(?:’|')?\s*(?:offices)?|mayors?|local\s+"
     r"(?:authorities|governments?|executive\s+bodies|governing\s+bodies)|"
     r"regional\s+(?:authorities|governments?)|municipalities|provinces|states\s+and\s+"
     r"territories)\b", "akims"),
    (r"(?i:maslikhats?|maslihats?|local\s+councils?)", "maslikhats"),
    (r"law\s+enforcement\s+(?:agencies|bodies)|police", "law enforcement agencies"),
    (r"(?:government|state)\s+(?:agencies|bodies)", "government agencies"),
)  # fmt: skip

# A proper name of a body: capitalised words ending in one of these heads.
_BODY_HEAD = (
    r"(?:Ministry|Ministries|Department|Agency|Committee|Council|Commission|Service|"
    r"Bank|Fund|Chamber|Office|Authority|Inspectorate|Holding|Corporation|Centre|"
    r"Center|Institute|Board|Bureau|Court|Party|Kurultai|Assembly|Secretariat|Company)"
)
_NAMED_BODY = re.compile(
    rf"\b(?:the\s+)?((?:[A-Z][\w’'-]*\s+){{0,5}}{_BODY_HEAD}"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?(?:[A-Z][\w’'-]*|and|\s)+)?)"
)
# The object is at most 600 characters (the longest in the corpus is 224): unbounded,
# each "I ask" of a sentence without " to …" read the rest of it.
_DIRECTIVE_OBJECT = re.compile(
    r"\bI\s+(?:hereby\s+)?(?:am\s+)?(?:instruct(?:ing)?|order(?:ing)?|direct(?:ing)?|"
    r"ask(?:ing)?|call(?:ing)?\s+on|charg(?:e|ing)|task(?:ing)?|request(?:ing)?|"
    r"urg(?:e|ing)|have\s+(?:instructed|directed|ordered|tasked|asked))\s+"
    r"(?:the\s+|my\s+)?(?P<object>.{1,600}?)\s+to\s+\w+",
)
_TOGETHER = re.compile(
    r"\b(?:together\s+with|jointly\s+with|in\s+cooperation\s+with|in\s+co-operation\s+"
    r"with|along\s+with|with\s+the\s+involvement\s+of)\s+(?:the\s+)?(?P<partner>[^,;]+)"
)
_SUBJECT = re.compile(
    r"^(?:[A-Z][^,]{0,60},\s+)?(?:the\s+|The\s+|My\s+|my\s+)?(?P<subject>[^,]{2,80}?)"
    r"\s+(?:will|shall|should|must|is\s+to|are\s+to|has\s+to|have\s+to|needs?\s+to|"
    r"is\s+(?:obliged|developing|preparing|implementing|introducing)|are\s+obliged|"
    r"is\s+being)\b"
)
# A run of three or more spaces is split between the "\s+" of those two patterns in
# every way (time cubic in its length: seconds for 3,000 spaces). For a sentence with
# such a run they are used with possessive "\s++", which never give a space back;
# the two forms can read a sentence differently only around such a run, so text
# without one reads exactly as before.
_LONG_SPACE = re.compile(r"\s{3}")
_DIRECTIVE_OBJECT_SPACED = re.compile(
    _DIRECTIVE_OBJECT.pattern.replace(r"\s+", r"\s++")
)
_SUBJECT_SPACED = re.compile(_SUBJECT.pattern.replace(r"\s+", r"\s++"))
# Words that make a named phrase a document or an event rather than a body.
_NOT_BODY = re.compile(r"\b(?:Code|Law|Programme|Program|Project|Plan|Concept|Forum)\b")


def _name_bodies(fragment: str) -> list[str]:
    names: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _NAMED_BODY.finditer(fragment):
        name = " ".join(match.group(1).split())
        name = re.sub(r"\s+(?:and|of|for|on)$", "", name)
        if _NOT_BODY.search(name) or len(name.split()) < 2:
            continue
        names.append(name)
        spans.append(match.span())
    for pattern, label in _COMMON_BODIES:
        for match in re.finditer(pattern, fragment):
            if any(s <= match.start() < e for s, e in spans):
                continue
            if label not in names:
                names.append(label)
            spans.append(match.span())
            break
    # Keep the order of appearance in the fragment.
    positions = {}
    for name in names:
        index = fragment.find(name)
        positions[name] = (
            index if index >= 0 else fragment.lower().find(name.split()[0].lower())
        )
    return sorted(names, key=lambda n: positions[n] if positions[n] >= 0 else 10**6)


def find_actor(sentence: str) -> str | None:
    """Return the responsible bodies, joined with "; ", or None when none is named."""
    names: list[str] = []
    is_spaced = _LONG_SPACE.search(sentence) is not None
    directive_pattern = _DIRECTIVE_OBJECT_SPACED if is_spaced else _DIRECTIVE_OBJECT
    directive = directive_pattern.search(sentence)
    if directive:
        names.extend(_name_bodies(directive.group("object")))
    else:
        subject = (_SUBJECT_SPACED if is_spaced else _SUBJECT).search(sentence)
        if subject:
            names.extend(_name_bodies(subject.group("subject")))
    if names:
        for partner in _TOGETHER.finditer(sentence):
            for name in _name_bodies(partner.group("partner")):
                if name not in names:
                    names.append(name)
    if not names:
        by_agent = re.search(
            r"\b(?:by|under)\s+the\s+((?:[A-Z][\w’'-]*\s*){1,6})", sentence
        )
        if by_agent:
            names.extend(_name_bodies("the " + by_agent.group(1)))
    if not names:
        return None
    return "; ".join(dict.fromkeys(names))
