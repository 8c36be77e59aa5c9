"""Turn uploaded bytes into the normalised text Uade stores (pure; no Django).

Every quote and offset in Uade points into text produced here, so the rules are few
and strict: decode, make line ends `\\n`, compose Unicode (NFC), keep everything else.
"""

from __future__ import annotations

import codecs
import unicodedata


class TextRefused(ValueError):
    """The bytes cannot become a speech text; the message says why and what to do."""


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM optional), UTF-16 with a BOM, or clearly Cyrillic Windows-1251.

    Raises `TextRefused` for binary data or any other encoding.
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
    return normalise(text)


def normalise(text: str) -> str:
    """Make line ends `\\n` and compose Unicode (NFC); keep every other character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


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
