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


def propose_title(quote: str, *, length: int = TITLE_LENGTH) -> str:
    """A default title for a commitment from its quote."""
    return title_from_quote(quote, length=length)
