"""addresses.text: bytes in, normalised text out (pure; no database)."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from addresses.text import TextRefused, decode_text, normalise

CYRILLIC = "Уважаемые соотечественники! Мы построим новые школы."
ACCENTED = "Président · Grüße · naïve café — “quoted” ‘text’ № 5 ½ €"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(ACCENTED.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + ACCENTED.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(
            codecs.BOM_UTF16_LE + ACCENTED.encode("utf-16-le"), id="utf-16-le BOM"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + ACCENTED.encode("utf-16-be"), id="utf-16-be BOM"
        ),
    ],
)
def test_decode_text_accepts_unicode_encodings_and_drops_the_bom(data):
    assert decode_text(data) == ACCENTED


def test_decode_text_accepts_utf16_cyrillic_with_bom():
    data = codecs.BOM_UTF16_LE + CYRILLIC.encode("utf-16-le")

    assert decode_text(data) == CYRILLIC


def test_decode_text_accepts_windows_1251_cyrillic():
    assert decode_text(CYRILLIC.encode("cp1251")) == CYRILLIC


def test_decode_text_prefers_utf8_for_cyrillic_that_is_valid_utf8():
    assert decode_text(CYRILLIC.encode("utf-8")) == CYRILLIC


def test_decode_text_accepts_plain_ascii():
    assert decode_text(b"We will build schools.") == "We will build schools."


def test_decode_text_of_nothing_is_empty():
    assert decode_text(b"") == ""


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.7\n\x00\x00\x01binary", id="NUL bytes"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", id="zip (docx) header"),
        pytest.param("text".encode("utf-32"), id="utf-32 (NULs after a UTF-16 BOM)"),
    ],
)
def test_decode_text_refuses_binary_data(data):
    with pytest.raises(TextRefused, match="binary"):
        decode_text(data)


def test_decode_text_refuses_a_utf16_bom_followed_by_invalid_utf16():
    # A lone high surrogate (D800) cannot be decoded.
    data = codecs.BOM_UTF16_LE + b"A\x00\x00\xd8"

    with pytest.raises(TextRefused, match="UTF-16"):
        decode_text(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("日本語のテキストです。".encode("shift_jis"), id="shift-jis"),
        pytest.param(
            "« Le café est très bon »".encode("latin-1"), id="latin-1 guillemets"
        ),
        pytest.param(b"\x98\x98\x98 undecodable in cp1251", id="undecodable"),
        pytest.param(
            "Price: 5 £, 20 °C, © 2020".encode("latin-1"), id="latin-1 symbols"
        ),
    ],
)
def test_decode_text_refuses_bytes_that_are_not_clearly_cyrillic(data):
    with pytest.raises(TextRefused, match="UTF-8"):
        decode_text(data)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Le café est très bon à Noël.", id="french"),
        pytest.param("Grüße aus München.", id="german"),
        pytest.param("El niño comió piñones.", id="spanish"),
    ],
)
def test_decode_text_refuses_latin1_prose(sentence):
    with pytest.raises(TextRefused):
        decode_text(sentence.encode("latin-1"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("one\r\ntwo\r\n", "one\ntwo\n", id="CRLF"),
        pytest.param("one\rtwo\r", "one\ntwo\n", id="CR"),
        pytest.param("one\r\n\r\ntwo", "one\n\ntwo", id="blank CRLF line"),
        pytest.param("one\r\r\ntwo", "one\n\ntwo", id="CR then CRLF"),
        pytest.param("one\ntwo", "one\ntwo", id="LF kept"),
    ],
)
def test_normalise_makes_every_line_end_a_newline(raw, expected):
    assert normalise(raw) == expected


def test_normalise_composes_nfd_into_nfc():
    decomposed = unicodedata.normalize("NFD", "Café naïve Ёлка Қазақстан")
    assert decomposed != "Café naïve Ёлка Қазақстан"

    assert normalise(decomposed) == "Café naïve Ёлка Қазақстан"


def test_normalise_keeps_every_other_character():
    # Indentation, tabs, trailing spaces, blank lines, typographic punctuation,
    # non-breaking and zero-width characters, emoji: all stay exactly as given.
    text = (
        "\n\n  Indented\tline with trailing spaces   \n"
        "\u00a0non-breaking\u00a0space, zero\u200bwidth, soft\u00adhyphen\n"
        "“Quotes” ‘single’ «guillemets» – en — em … ellipsis 🇰🇿\n\n\n"
    )

    assert normalise(text) == text


def test_decode_text_normalises_line_ends_and_composition():
    data = unicodedata.normalize("NFD", "Café\r\nnaïve\rend").encode("utf-8")

    assert decode_text(data) == "Café\nnaïve\nend"
