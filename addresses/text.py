"""Turn uploaded bytes into the normalised text Uade stores (pure; no Django).

Every quote and offset in Uade points into text produced here, so the rules are few
and strict:

- Decode UTF-8 (byte-order mark optional), UTF-16 with a byte-order mark, or clearly
  Cyrillic Windows-1251; anything else, and anything with NUL bytes, is refused.
- Byte-order marks at the very start are dropped, however many there are: a file
  saved twice by some editors, or glued to another, carries two, and they are never
  part of the speech. Inside the text U+FEFF is a zero-width no-break space and is
  kept like any other zero-width character.
- Line ends become `\\n` (CRLF, CR). The separators that PDF and word-processor
  conversions leave behind are line breaks too: form feed (a page break), vertical
  tab, NEL (U+0085) and LINE SEPARATOR (U+2028) become `\\n`; PARAGRAPH SEPARATOR
  (U+2029) becomes a blank line, which is how Uade separates paragraphs.
- Unicode is composed (NFC).
- Any other control character is refused, naming it and its line and column: only
  tabs and line breaks may appear in a text. An ESC usually starts an ANSI escape
  code (terminal colours), so the refusal says so.
- A text that is empty, or has no letters at all (only whitespace, zero-width
  characters, byte-order marks, punctuation or digits), is refused.

Everything else — indentation, trailing spaces, zero-width and non-breaking
characters, typographic punctuation, emoji — is kept exactly as given.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

BOM = "\ufeff"
# Separators that mean "new line" (or, for U+2029, "new paragraph") in converted
# documents, in the order they are replaced; see the module docstring.
_LINE_BREAKS = (
    ("\r\n", "\n"),
    ("\r", "\n"),
    ("\f", "\n"),
    ("\v", "\n"),
    ("\x85", "\n"),
    ("\u2028", "\n"),
    ("\u2029", "\n\n"),
)
# Unicode's control characters (category Cc) but tab and line feed.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# fmt: off
_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
    "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
    "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
)
# fmt: on


class TextRefused(ValueError):
    """The bytes cannot become a speech text; the message says why and what to do."""


def decode_text(data: bytes) -> str:
    """Decode, normalise and check a speech text by the rules above.

    Raises `TextRefused` for binary data, another encoding, a control character, or
    a text that is empty or has no letters.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise TextRefused(
                "The file starts with a UTF-16 byte-order mark but is not valid "
                "UTF-16; save it again as UTF-8."
            ) from None
    else:
        if b"\x00" in data:
            raise TextRefused(
                "The file contains NUL bytes, so it looks binary (a PDF or Word "
                "file?); export it as plain text (UTF-8) and try again."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_windows_1251(data)
    if "\x00" in text:
        raise TextRefused(
            "The text contains NUL characters, so it looks binary; export it as "
            "plain text (UTF-8) and try again."
        )
    text = normalise(text.lstrip(BOM))
    _check(text)
    return text


def normalise(text: str) -> str:
    """Make every line break `\\n` and compose Unicode (NFC); keep everything else."""
    # str.replace, not str.translate: a translation table costs a lookup for every
    # character, ten times slower on a long speech.
    for separator, line_break in _LINE_BREAKS:
        text = text.replace(separator, line_break)
    return unicodedata.normalize("NFC", text)


def _check(text: str) -> None:
    control = CONTROL_CHARACTER.search(text)
    if control:
        raise _control_refusal(text, control.start())
    if not text.strip():
        raise TextRefused("The text is empty; supply the speech's full text.")
    if not any(character.isalpha() for character in text):
        raise TextRefused(
            "The text has no letters: only whitespace, invisible characters (such "
            "as zero-width spaces or byte-order marks), punctuation or digits. "
            "Check that the file holds the speech itself; a conversion from PDF or "
            "Word may have lost its words."
        )


def control_character_name(character: str) -> str:
    """Name a control character for people: "ESC (U+001B)", or "U+0093"."""
    code = ord(character)
    if code < len(_C0_NAMES):
        return f"{_C0_NAMES[code]} (U+{code:04X})"
    if code == 0x7F:
        return "DEL (U+007F)"
    return f"U+{code:04X}"


def _control_refusal(text: str, position: int) -> TextRefused:
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    where = (
        f"The text contains the control character "
        f"{control_character_name(text[position])} at line {line}, column {column}"
    )
    if text[position] == "\x1b":
        return TextRefused(
            f"{where}. It starts an ANSI escape code (terminal colours and styles), "
            "so the text was probably copied from a terminal or a log; remove the "
            "escape codes and try again."
        )
    return TextRefused(
        f"{where}; remove it and try again (only tabs and line breaks may appear "
        "in a text)."
    )


def _decode_windows_1251(data: bytes) -> str:
    # Windows-1251 decodes almost any byte string, so accept it only when the result
    # reads as Cyrillic text: otherwise it is some other encoding we would garble.
    refusal = TextRefused(
        "The file is not UTF-8, UTF-16 or Windows-1251 Cyrillic text; save it as "
        "UTF-8 and try again."
    )
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise refusal from None
    # Real Cyrillic text is mostly Cyrillic letters, and its non-ASCII characters
    # are nearly all Cyrillic. Latin-1 prose fails the first test (scattered "cafй"
    # among Latin words), East Asian encodings the second (symbols and punctuation).
    letters = [ch for ch in text if ch.isalpha()]
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if (
        not letters
        or _cyrillic_share(letters) < 0.5
        or _cyrillic_share(non_ascii) < 0.9
    ):
        raise refusal
    return text


def _cyrillic_share(characters: list[str]) -> float:
    cyrillic = sum(1 for ch in characters if "\u0400" <= ch <= "\u04ff")
    return cyrillic / len(characters) if characters else 0.0
