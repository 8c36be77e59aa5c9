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


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="nothing"),
        pytest.param(b" \n\t\r\n ", id="whitespace"),
        pytest.param(codecs.BOM_UTF8, id="a BOM"),
        pytest.param(codecs.BOM_UTF8 + "\ufeff\n".encode(), id="two BOMs"),
    ],
)
def test_decode_text_refuses_an_empty_text(data):
    with pytest.raises(TextRefused) as refusal:
        decode_text(data)

    assert str(refusal.value) == "The text is empty; supply the speech's full text."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u200b\u200b\u200b", id="zero-width spaces"),
        pytest.param("\u200b \u200c\u200d\u2060\ufeff\n", id="zero-width mix"),
        pytest.param("\ufeff\ufeff\u200b", id="BOMs and a zero-width space"),
        pytest.param("... --- !!! «» “” — …", id="punctuation"),
        pytest.param("\u00a0\u00ad\u2003\n", id="spaces and a soft hyphen"),
        pytest.param("2020 – 2025\n\n1, 2, 3.", id="digits and punctuation"),
    ],
)
def test_decode_text_refuses_a_text_without_letters(text):
    with pytest.raises(TextRefused) as refusal:
        decode_text(text.encode("utf-8"))

    assert str(refusal.value) == (
        "The text has no letters: only whitespace, invisible characters (such as "
        "zero-width spaces or byte-order marks), punctuation or digits. Check that "
        "the file holds the speech itself; a conversion from PDF or Word may have "
        "lost its words."
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 * 2 + b"Text.", id="utf-8, two BOMs"),
        pytest.param(codecs.BOM_UTF8 * 3 + b"Text.", id="utf-8, three BOMs"),
        pytest.param(
            codecs.BOM_UTF16_LE + "\ufeffText.".encode("utf-16-le"),
            id="utf-16, two BOMs",
        ),
        pytest.param("\ufeff\ufeffText.".encode(), id="two BOMs decoded as text"),
    ],
)
def test_decode_text_drops_every_byte_order_mark_at_the_start(data):
    assert decode_text(data) == "Text."


def test_decode_text_keeps_a_byte_order_mark_inside_the_text():
    # Inside the text it is a zero-width no-break space: kept, like the others.
    assert decode_text("One.\ufeffTwo.".encode()) == "One.\ufeffTwo."


def test_decode_text_refuses_ansi_escape_codes_naming_where():
    data = b"Dear compatriots!\n\nWe will \x1b[1mbuild\x1b[0m schools.\n"

    with pytest.raises(TextRefused) as refusal:
        decode_text(data)

    assert str(refusal.value) == (
        "The text contains the control character ESC (U+001B) at line 3, column 9. "
        "It starts an ANSI escape code (terminal colours and styles), so the text "
        "was probably copied from a terminal or a log; remove the escape codes and "
        "try again."
    )


@pytest.mark.parametrize(
    ("text", "name", "line", "column"),
    [
        pytest.param("Ring\x07", "BEL (U+0007)", 1, 5, id="bell"),
        pytest.param("One\r\nTwo\x08", "BS (U+0008)", 2, 4, id="backspace"),
        pytest.param("A\x1fB", "US (U+001F)", 1, 2, id="unit separator"),
        pytest.param("A\x7f", "DEL (U+007F)", 1, 2, id="delete"),
        pytest.param("“Quote\x93", "U+0093", 1, 7, id="C1 control"),
    ],
)
def test_decode_text_refuses_control_characters_naming_them(text, name, line, column):
    with pytest.raises(TextRefused) as refusal:
        decode_text(text.encode("utf-8"))

    assert str(refusal.value) == (
        f"The text contains the control character {name} at line {line}, column "
        f"{column}; remove it and try again (only tabs and line breaks may appear "
        "in a text)."
    )


def test_decode_text_refuses_control_characters_in_windows_1251_text():
    with pytest.raises(TextRefused, match=r"ESC \(U\+001B\) at line 1, column 1\."):
        decode_text("\x1b[31mУважаемые соотечественники!".encode("cp1251"))


def test_decode_text_keeps_tabs():
    assert decode_text(b"Item\tvalue\n") == "Item\tvalue\n"


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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("page one\n\fpage two", "page one\n\npage two", id="form feed"),
        pytest.param("one\vtwo", "one\ntwo", id="vertical tab"),
        pytest.param("one\u2028two", "one\ntwo", id="line separator"),
        pytest.param("one\x85two", "one\ntwo", id="next line"),
        pytest.param("one\u2029two", "one\n\ntwo", id="paragraph separator"),
    ],
)
def test_normalise_reads_page_and_line_separators_as_line_breaks(raw, expected):
    assert normalise(raw) == expected


def test_decode_text_accepts_a_pdf_conversion_with_page_breaks():
    data = b"We will build schools.\n\fAnd hospitals.\n\f"

    assert decode_text(data) == "We will build schools.\n\nAnd hospitals.\n\n"


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
