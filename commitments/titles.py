"""A short default title for a commitment, from its quote (pure; analysts edit it)."""

from __future__ import annotations

import re

TITLE_LENGTH = 110

# Openers that carry no content of their own: "In addition, …", "Secondly, …". Only
# with their comma, since "First Deputy Prime Minister" or "Third parties" is content;
# a bare "And"/"But" opens a sentence without one.
_OPENER = re.compile(
    r"^(?:(?:(?:in\s+addition|moreover|furthermore|therefore|thus|also|secondly|"
    r"thirdly|firstly|first(?:\s+of\s+all)?|second|third|finally|"
    r"at\s+the\s+same\s+time|in\s+this\s+regard|in\s+this\s+connection|"
    r"in\s+general|of\s+course|however)\s*,|and|but|so)\s+)+",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^[\s\-–—•*]+|[\s;,.:]+$")


def title_from_quote(quote: str, *, length: int = TITLE_LENGTH) -> str:
    """The quote without list marks and empty openers, cut at a word to `length`."""
    text = " ".join(quote.split())
    text = _LIST_MARK.sub("", text)
    text = _OPENER.sub("", text)
    if not text:
        return " ".join(quote.split())[:length] or "Untitled commitment"
    text = text[0].upper() + text[1:]
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:–— ")
    return f"{cut}…"


# Whom an instruction names: "the Government", "the Economic Investigation Service
# of the Ministry of Finance", "akims", "the Government, together with business," —
# not "the adoption of a package of amendments", whose "to" is the object's.
_ACTOR = (
    # Case-sensitive inside the lead-in's IGNORECASE: capitals mark the names.
    r"(?-i:(?:the\s+|all\s+|our\s+|every\s+)?"
    r"(?:[A-Z][\w’'-]*|akims|governors|ministries|ministers|state\s+bodies|"
    r"government|parliament)"
    r"(?:\s+(?:of|and|for|on|the|[A-Z][\w’'-]*))*"
    r"(?:,\s+(?:together|jointly)\s+with\s+[^,;:.]{1,60},)?)"
)
# Lead-ins that say who is told to act or that something is needed, before the
# action itself: "I instruct the Government to", "It is necessary to", "We will".
_LEAD_IN = re.compile(
    r"^(?:"
    r"I\s+(?:hereby\s+|also\s+)?(?:instruct|am\s+instructing|task|charge|order|"
    r"entrust|ask|urge|request|propose|suggest|call\s+on)\s+that\s+"
    r"|I\s+(?:hereby\s+|also\s+)?(?:instruct|am\s+instructing|task|charge|order|"
    r"entrust|ask|urge|request|propose|suggest|call\s+on)\s+(?:" + _ACTOR + r"\s+)?"
    r"to\s+"
    r"|I\s+(?:also\s+)?am\s+instructing\s+"
    r"|I\s+have\s+(?:therefore\s+|also\s+)?decided\s+to\s+"
    r"|It\s+follows\s+(?:therefore\s+)?that\s+"
    r"|I\s+(?:also\s+)?(?:propose|suggest|intend|plan|want)\s+to\s+"
    r"|It\s+is\s+(?:also\s+|therefore\s+|now\s+)?(?:necessary|important|"
    r"essential|crucial|vital|critical|imperative|advisable|expedient|time)\s+"
    r"(?:for\s+[^,;:.]{1,60}?\s+)?to\s+"
    r"|(?:We|I)\s+(?:will|shall|must|should|(?:also\s+)?(?:need|have|intend|plan|"
    r"are\s+going|am\s+going|are\s+to)\s+to)\s+(?:also\s+|further\s+)?"
    r")",
    re.IGNORECASE,
)
# Where a clause that justifies or comments on the action begins: the title keeps
# what is to be done, not why.
_JUSTIFICATION = re.compile(
    r"(?:,\s*|\s+)(?:in\s+order\s+to|so\s+as\s+to|so\s+that|because|since|"
    r"with\s+a\s+view\s+to|with\s+the\s+aim\s+of|to\s+ensure|to\s+guarantee|"
    r"to\s+prevent)\b"
    r"|,\s*(?:because|since|given\s+that|taking\s+into\s+account|thereby)\b"
    r"|\s+[–—]\s+|;",
    re.IGNORECASE,
)
# A leading clause of purpose or condition before a lead-in ("To implement the
# above proposals, I am instructing …"): dropped with it. Time phrases ("By the end
# of the year, we will …") are not among these, so the deadline stays.
_PURPOSE_FIRST = re.compile(
    r"^(?:To|As|In\s+order\s+to|Depending\s+on|Given|Considering|Taking\s+into\s+"
    r"account|With\s+this\s+in\s+mind|To\s+this\s+end|For\s+this\s+(?:purpose|"
    r"reason))\b[^,;:]{0,150},\s+",
    re.IGNORECASE,
)
# A justification cut this early would leave too little of the action.
_MIN_HEAD = 25
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def propose_title(quote: str, *, length: int = TITLE_LENGTH) -> str:
    """A title for a commitment: the main clause of its quote, with its object and
    target, in at most `length` characters (an analyst may edit it).

    Keeps the first sentence; drops list marks, connectives ("Therefore,", "In
    addition,"), lead-ins that only introduce the action ("I instruct the
    Government to", "It is necessary to", "We will") and a trailing clause that
    justifies it ("in order to …", "so that …", ", because …"). Capitalised; every
    word comes from the quote. Never empty: where nothing is left, the quote cut
    as `title_from_quote` does.
    """
    text = " ".join(quote.split())
    text = _LIST_MARK.sub("", text)
    text = _SENTENCE_END.split(text, maxsplit=1)[0]
    for _ in range(3):  # "Therefore, I instruct …", "In addition, we will …"
        shorter = _OPENER.sub("", text)
        purpose = _PURPOSE_FIRST.match(shorter)
        if purpose and _LEAD_IN.match(shorter[purpose.end() :]):
            shorter = shorter[purpose.end() :]
        shorter = _LEAD_IN.sub("", shorter)
        if shorter == text:
            break
        text = shorter
    for found in _JUSTIFICATION.finditer(text):
        if found.start() >= _MIN_HEAD:
            text = text[: found.start()]
            break
    text = _LIST_MARK.sub("", text)
    if sum(character.isalnum() for character in text) < 3:
        return title_from_quote(quote, length=length)
    return title_from_quote(text, length=length)
