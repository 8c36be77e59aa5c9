"""addresses.services.import_address: what is stored, and what is refused."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import itertools
import os
import threading
from pathlib import Path

import pytest
import time_machine

from addresses import services
from addresses.models import Address, Segment, Speaker
from addresses.segmentation import INTERVIEWER, segment
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKAYEV = "Kassym-Jomart Tokayev"
PRESIDENT = "President of the Republic of Kazakhstan"
SPEECH = "Dear compatriots!\n\nWe will build one hundred schools.\n"
TODAY = dt.date(2024, 6, 1)


def details(**overrides) -> services.AddressInput:
    fields = {
        "title": "State of the Nation Address",
        "speaker": TOKAYEV,
        "speaker_role": PRESIDENT,
        "delivered_on": "2020-09-01",
        "kind": "address",
    }
    return services.AddressInput(**{**fields, **overrides})


def import_seed_address(seed_bytes) -> Address:
    return services.import_address(
        seed_bytes("000_c6f83971ef7d8c01.txt"),
        details(
            title="Kazakhstan in a New Reality: Time for Action",
            delivered_on="2020-09-01",
        ),
        today=TODAY,
    )


def import_seed_interview(seed_bytes) -> Address:
    return services.import_address(
        seed_bytes("002_14ce51083ba6dd0f.txt"),
        details(
            title="Interview of the Head of State to the Egemen Qazaqstan newspaper",
            delivered_on="2024-01-03",
            kind="interview",
        ),
        today=TODAY,
    )


def row_counts() -> dict[str, int]:
    return {
        "addresses": Address.objects.count(),
        "segments": Segment.objects.count(),
        "speakers": Speaker.objects.count(),
    }


@pytest.fixture
def existing_address():
    """One address already in the library, so "nothing written" is not trivially 0."""
    return AddressFactory()


def test_import_address_stores_text_metadata_and_segments():
    analyst = UserFactory()

    address = services.import_address(
        SPEECH.encode("utf-8"),
        details(venue="  Parliament  ", source_url="https://akorda.kz/en/speech"),
        created_by=analyst,
        today=TODAY,
    )

    address.refresh_from_db()
    assert address.text == SPEECH
    assert address.title == "State of the Nation Address"
    assert address.slug == "2020-09-01-state-of-the-nation-address"
    assert address.delivered_on == dt.date(2020, 9, 1)
    assert address.kind == "address"
    assert address.venue == "Parliament"
    assert address.source_url == "https://akorda.kz/en/speech"
    assert address.is_public
    assert address.created_by == analyst
    assert address.sha256 == hashlib.sha256(SPEECH.encode("utf-8")).hexdigest()
    assert (address.speaker.name, address.speaker.role) == (TOKAYEV, PRESIDENT)
    assert [(s.position, s.kind, s.text) for s in address.segments.all()] == [
        (1, "paragraph", "Dear compatriots!"),
        (2, "paragraph", "We will build one hundred schools."),
    ]


def test_import_address_accepts_a_date_object_and_a_str_text():
    address = services.import_address(
        SPEECH, details(delivered_on=dt.date(2020, 9, 1)), today=TODAY
    )

    assert address.delivered_on == dt.date(2020, 9, 1)
    assert address.text == SPEECH


def test_import_address_reuses_the_speaker_and_fills_in_a_missing_role():
    first = services.import_address(SPEECH, details(speaker_role=""), today=TODAY)

    second = services.import_address(
        "Another speech.", details(title="Another"), today=TODAY
    )

    assert second.speaker == first.speaker
    assert Speaker.objects.get().role == PRESIDENT


def test_import_address_gives_a_same_titled_same_day_speech_its_own_slug():
    first = services.import_address(SPEECH, details(), today=TODAY)

    second = services.import_address("A different text.", details(), today=TODAY)

    assert first.slug == "2020-09-01-state-of-the-nation-address"
    assert second.slug == "2020-09-01-state-of-the-nation-address-2"


def test_import_address_keeps_speakers_with_cyrillic_names_apart():
    first = services.import_address(
        "Первая речь.", details(speaker="Касым-Жомарт Токаев"), today=TODAY
    )

    second = services.import_address(
        "Вторая речь.", details(speaker="Алихан Смаилов"), today=TODAY
    )

    assert second.speaker != first.speaker
    assert second.speaker.name == "Алихан Смаилов"


def test_import_address_of_the_seed_stores_segments_that_slice_the_text(seed_bytes):
    address = import_seed_address(seed_bytes)

    segments = list(address.segments.all())
    assert [s.position for s in segments] == list(range(1, len(segments) + 1))
    assert [(s.start, s.end, s.kind) for s in segments] == [
        (span.start, span.end, span.kind)
        for span in segment(address.text, kind="address")
    ]
    assert segments[0].text == (
        "President’s Address ”Kazakhstan in a New Reality: Time for Action”"
    )
    assert segments[0].kind == "heading"
    assert "* * *" in [s.text for s in segments if s.kind == "heading"]


@pytest.mark.parametrize("seed", ["address", "interview"])
def test_import_address_segments_of_each_seed_are_trimmed_ordered_and_cover_the_text(
    seed_bytes, seed
):
    importer = import_seed_address if seed == "address" else import_seed_interview
    address = importer(seed_bytes)
    text = address.text

    segments = list(address.segments.all())

    previous_end = 0
    for seg in segments:
        assert previous_end <= seg.start < seg.end <= len(text)
        assert text[seg.start : seg.end] == text[seg.start : seg.end].strip()
        previous_end = seg.end
    covered = "".join(
        text[previous.end : following.start]
        for previous, following in itertools.pairwise(segments)
    )
    assert text[: segments[0].start].strip() == ""
    assert covered.strip() == ""
    assert text[segments[-1].end :].strip() == ""


def test_import_address_interview_seed_opens_with_the_interviewer(seed_bytes):
    address = import_seed_interview(seed_bytes)

    first_turn = address.segments.exclude(kind__in=["heading", "paragraph"])[0]

    assert first_turn.kind == "question"
    assert first_turn.speaker_label == INTERVIEWER
    assert first_turn.text.startswith("– Thank you, Kasym-Jomart Kemelevich")


def test_import_address_interview_seed_labels_answers_with_the_speakers_name(
    seed_bytes,
):
    address = import_seed_interview(seed_bytes)

    (answer,) = [
        s
        for s in address.segments.all()
        if s.text.startswith("– I would like to take this opportunity")
    ]

    assert answer.kind == "answer"
    assert answer.speaker_label == TOKAYEV == address.speaker.name


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SPEECH.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SPEECH.encode("utf-8"), id="utf-8 BOM"),
        pytest.param(codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(codecs.BOM_UTF16_BE + SPEECH.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(SPEECH.replace("\n", "\r\n").encode("utf-8"), id="CRLF"),
        pytest.param(SPEECH.replace("\n", "\r").encode("utf-8"), id="CR"),
    ],
)
def test_import_address_stores_every_accepted_encoding_as_the_same_text(data):
    address = services.import_address(data, details(), today=TODAY)

    assert address.text == SPEECH
    assert address.segments.count() == 2


def test_import_address_decodes_windows_1251_cyrillic():
    text = "Уважаемые соотечественники!\n\nМы построим сто школ.\n"

    address = services.import_address(
        text.encode("cp1251"), details(language="ru"), today=TODAY
    )

    assert address.text == text
    assert [s.text for s in address.segments.all()] == [
        "Уважаемые соотечественники!",
        "Мы построим сто школ.",
    ]


def test_import_address_accepts_a_text_exactly_at_the_size_limit(settings):
    settings.UADE_MAX_TEXT_BYTES = 100

    address = services.import_address(b"x" * 99 + b".", details(), today=TODAY)

    assert len(address.text) == 100


REFUSALS = [
    pytest.param(b"", {}, "empty", id="empty text"),
    pytest.param(b" \n\t\r\n  \n", {}, "empty", id="whitespace-only text"),
    pytest.param(codecs.BOM_UTF8, {}, "empty", id="only a BOM"),
    pytest.param(b"%PDF-1.7\x00\x00binary", {}, "binary", id="NUL bytes"),
    pytest.param("日本語".encode("shift_jis"), {}, "UTF-8", id="undecodable"),
    pytest.param(
        SPEECH.encode(), {"delivered_on": ""}, "date is missing", id="missing date"
    ),
    pytest.param(
        SPEECH.encode(), {"delivered_on": "2020-13-01"}, "not a valid", id="bad month"
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "1 September 2020"},
        "not a valid",
        id="malformed date",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "2024-06-02"},
        "in the future",
        id="future date",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": dt.date(2030, 1, 1)},
        "in the future",
        id="future date object",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "0001-01-01"},
        'The delivery date "0001-01-01" is outside the years 1900–2200',
        id="year 0001",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": dt.date(1, 1, 1)},
        'The delivery date "0001-01-01" is outside the years 1900–2200',
        id="year 0001 as a date object",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "1899-12-31"},
        "outside the years 1900–2200",
        id="before 1900",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "2201-01-01"},
        "outside the years 1900–2200",
        id="after 2200",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "20200901"},
        "not a valid date; give it as YYYY-MM-DD",
        id="basic ISO date",
    ),
    pytest.param(
        SPEECH.encode(),
        {"delivered_on": "2020-W36-2"},
        "not a valid date; give it as YYYY-MM-DD",
        id="ISO week date",
    ),
    pytest.param(SPEECH.encode(), {"kind": "lecture"}, "Unknown kind", id="bad kind"),
    pytest.param(SPEECH.encode(), {"title": "  "}, "title is missing", id="no title"),
    pytest.param(
        SPEECH.encode(), {"speaker": ""}, "speaker is missing", id="no speaker"
    ),
    pytest.param(
        SPEECH.encode(), {"title": "T" * 301}, "longer than 300", id="long title"
    ),
    pytest.param(
        SPEECH.encode(), {"source_url": "ftp://example.org/x"}, "URL", id="bad url"
    ),
    pytest.param(
        "\u200b\u200b\n".encode(), {}, "The text has no letters", id="zero-width only"
    ),
    pytest.param(
        b"We will \x1b[31mbuild\x1b[0m.", {}, "ANSI escape code", id="ANSI escapes"
    ),
    pytest.param(
        SPEECH.encode(),
        {"title": "State of the \x1b[1mNation\x1b[0m"},
        r"The title contains the control character ESC \(U\+001B\); ",
        id="ANSI in the title",
    ),
    pytest.param(
        SPEECH.encode(),
        {"venue": "Akorda\nAstana"},
        r"The venue contains the control character LF \(U\+000A\); ",
        id="newline in the venue",
    ),
]


@pytest.mark.usefixtures("existing_address")
@pytest.mark.parametrize(("data", "overrides", "message"), REFUSALS)
def test_import_address_refuses_bad_input_and_writes_nothing(data, overrides, message):
    before = row_counts()

    with pytest.raises(services.ImportRefused, match=message):
        services.import_address(data, details(**overrides), today=TODAY)

    assert row_counts() == before


@pytest.mark.usefixtures("existing_address")
def test_import_address_refuses_a_text_over_the_size_limit_and_writes_nothing(settings):
    settings.UADE_MAX_TEXT_BYTES = 100
    before = row_counts()

    with pytest.raises(services.ImportRefused, match="MB limit; split it"):
        services.import_address(b"x" * 100 + b".", details(), today=TODAY)

    assert row_counts() == before


def test_import_address_default_limit_is_two_megabytes(settings):
    assert settings.UADE_MAX_TEXT_BYTES == 2 * 1024 * 1024
    over_limit = b"We will act. " * (2 * 1024 * 1024 // 13 + 1)

    with pytest.raises(services.ImportRefused, match="over the 2 MB limit"):
        services.import_address(over_limit, details(), today=TODAY)

    assert row_counts() == {"addresses": 0, "segments": 0, "speakers": 0}


@time_machine.travel(dt.datetime(2023, 6, 30, 20, 0, tzinfo=dt.UTC), tick=False)
def test_import_address_judges_the_future_by_todays_local_date():
    # 20:00 UTC on 30 June is already 1 July in Almaty (TIME_ZONE).
    address = services.import_address(SPEECH, details(delivered_on="2023-07-01"))

    with pytest.raises(services.ImportRefused, match="2023-07-02 is in the future"):
        services.import_address("Tomorrow.", details(delivered_on="2023-07-02"))

    assert address.delivered_on == dt.date(2023, 7, 1)


@pytest.mark.parametrize(
    "same_text",
    [
        pytest.param(SPEECH.encode("utf-8"), id="identical bytes"),
        pytest.param(SPEECH.replace("\n", "\r\n").encode("utf-8"), id="CRLF"),
        pytest.param(codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), id="utf-16"),
    ],
)
def test_import_address_refuses_a_text_already_imported_and_names_it(same_text):
    existing = services.import_address(SPEECH, details(), today=TODAY)
    before = row_counts()

    with pytest.raises(services.AlreadyImported) as refusal:
        services.import_address(
            same_text,
            details(title="A copy", speaker="Someone Else", delivered_on="2021-01-01"),
            today=TODAY,
        )

    assert refusal.value.existing == existing
    assert str(refusal.value) == (
        'This text is already imported as "State of the Nation Address" '
        "(2020-09-01, /addresses/2020-09-01-state-of-the-nation-address/); "
        "nothing was changed."
    )
    assert isinstance(refusal.value, services.ImportRefused)
    assert row_counts() == before


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"speaker": "S" * 201}, id="speaker"),
        pytest.param({"speaker_role": "R" * 301}, id="role"),
        pytest.param({"venue": "V" * 301}, id="venue"),
        pytest.param({"language": "en-GB-oxendict"}, id="language"),
        pytest.param({"source_url": "https://example.org/" + "a" * 500}, id="url"),
    ],
)
def test_import_address_refuses_metadata_longer_than_its_column(overrides):
    with pytest.raises(services.ImportRefused):
        services.import_address(SPEECH, details(**overrides), today=TODAY)

    assert row_counts() == {"addresses": 0, "segments": 0, "speakers": 0}


def test_import_address_drops_a_second_byte_order_mark_and_sees_the_same_text():
    existing = services.import_address(SPEECH, details(), today=TODAY)

    with pytest.raises(services.AlreadyImported) as refusal:
        services.import_address(
            codecs.BOM_UTF8 * 2 + SPEECH.encode(), details(), today=TODAY
        )

    assert refusal.value.existing == existing


# ----------------------------------------------------------------------- speakers


@pytest.mark.usefixtures("existing_address")
@pytest.mark.parametrize("name", ["!!!", "—", "🇰🇿", "🙂 🙂", "_", "« »"])
def test_import_address_refuses_a_speaker_name_without_letters_or_digits(name):
    before = row_counts()

    with pytest.raises(services.ImportRefused) as refusal:
        services.import_address(SPEECH, details(speaker=name), today=TODAY)

    assert str(refusal.value) == (
        f'The speaker\'s name "{name}" has no letters or digits; give the '
        "speaker's name."
    )
    assert row_counts() == before


def test_import_address_keeps_speakers_whose_names_differ_only_in_symbols_apart():
    first = services.import_address(SPEECH, details(speaker="Speaker 1"), today=TODAY)

    second = services.import_address(
        "Another speech.", details(speaker="Speaker 2"), today=TODAY
    )

    assert first.speaker != second.speaker
    assert Speaker.objects.filter(slug="speaker").count() == 0


# ----------------------------------------------------------------- reading files


def test_read_text_file_reads_a_regular_file(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_bytes(SPEECH.encode())

    assert services.read_text_file(path) == SPEECH.encode()


def test_read_text_file_refuses_a_device_without_reading_it(settings):
    # A bounded read of /dev/zero would see 1001 NULs and refuse them as too large;
    # the message proves the file was refused before reading.
    settings.UADE_MAX_TEXT_BYTES = 1000

    with pytest.raises(services.ImportRefused) as refusal:
        services.read_text_file(Path("/dev/zero"))

    assert str(refusal.value) == (
        "Cannot read /dev/zero: it is not a regular file but a character device; "
        "give the path of a plain-text file."
    )


def test_read_text_file_refuses_a_fifo_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "speech.txt"
    os.mkfifo(fifo)
    # Keep a writer open: a reader that opened the FIFO normally would then block in
    # read() until the writer closes, which happens only if the refusal never comes.
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    os.write(writer, b"Some text.")
    outcome: list[object] = []
    reader = threading.Thread(
        target=lambda: outcome.append(_read_or_refusal(fifo)), daemon=True
    )
    reader.start()
    reader.join(timeout=10)
    os.close(writer)
    reader.join()

    assert outcome == [
        f"Cannot read {fifo}: it is not a regular file but a FIFO (named pipe); "
        "give the path of a plain-text file."
    ]


def _read_or_refusal(path: Path) -> bytes | str:
    try:
        return services.read_text_file(path)
    except services.ImportRefused as refusal:
        return str(refusal)


def test_read_text_file_refuses_a_folder(tmp_path):
    with pytest.raises(services.ImportRefused, match="not a regular file but a folder"):
        services.read_text_file(tmp_path)


def test_read_text_file_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "missing.txt"

    with pytest.raises(services.ImportRefused) as refusal:
        services.read_text_file(missing)

    assert str(refusal.value) == f"Cannot read {missing}: No such file or directory."


def test_read_text_file_refuses_a_huge_file_without_reading_it_whole(tmp_path):
    # A sparse file of a terabyte: reading it whole would fail with MemoryError.
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(1 << 40)

    with pytest.raises(services.ImportRefused) as refusal:
        services.read_text_file(huge)

    assert str(refusal.value) == (
        "The text is 1048576.0 MB, over the 2 MB limit; split it into separate "
        "speeches or raise UADE_MAX_TEXT_BYTES."
    )


def test_read_text_file_reads_a_file_exactly_at_the_limit(tmp_path, settings):
    settings.UADE_MAX_TEXT_BYTES = 100
    path = tmp_path / "speech.txt"
    path.write_bytes(b"x" * 100)

    assert len(services.read_text_file(path)) == 100

    path.write_bytes(b"x" * 101)
    with pytest.raises(services.ImportRefused, match=r"over the .* MB limit; split it"):
        services.read_text_file(path)
