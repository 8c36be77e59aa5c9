"""`manage.py import_address` and `manage.py import_addresses`: exit codes and output.

The commands run as from the shell (`execute_from_command_line`), so the exit code is
the real one. Django closes the database connections when a command ends, which a
test transaction cannot survive, hence `transaction=True`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import execute_from_command_line

from addresses.models import Address, Segment, Speaker

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
SPEECH = "Dear compatriots!\n\nWe will build one hundred schools.\n\nThank you.\n"


@pytest.fixture
def manage(capsys):
    """Run a management command; return (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            execute_from_command_line(["manage.py", *map(str, argv)])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        else:
            code = 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def speech_file(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


def address_args(path: Path, *, date: str = "2020-09-01") -> list[str]:
    return [
        "import_address",
        str(path),
        "--title",
        "State of the Nation Address",
        "--speaker",
        "Kassym-Jomart Tokayev",
        "--date",
        date,
    ]


def row_counts() -> tuple[int, int, int]:
    return Address.objects.count(), Segment.objects.count(), Speaker.objects.count()


def test_import_address_prints_the_slug_and_segment_count(manage, speech_file):
    code, out, err = manage(
        *address_args(speech_file),
        "--role",
        "President",
        "--venue",
        "Parliament",
        "--source-url",
        "https://akorda.kz/en/address",
    )

    assert (code, err) == (0, "")
    # The line after it reports the extraction (tests/commitments cover it).
    assert out.splitlines()[0] == "2020-09-01-state-of-the-nation-address\t3 segments"
    address = Address.objects.get()
    assert (address.speaker.role, address.venue, address.source_url) == (
        "President",
        "Parliament",
        "https://akorda.kz/en/address",
    )


def test_import_address_imports_an_interview_with_kind(manage):
    code, out, _ = manage(
        "import_address",
        DEMO_SEEDS / "002_14ce51083ba6dd0f.txt",
        "--title",
        "Interview to Egemen Qazaqstan",
        "--speaker",
        "Kassym-Jomart Tokayev",
        "--date",
        "2024-01-03",
        "--kind",
        "interview",
    )

    assert code == 0
    address = Address.objects.get()
    assert out.splitlines()[0] == f"{address.slug}\t{address.segments.count()} segments"
    assert address.segments.filter(kind="answer").exists()


@pytest.mark.parametrize(
    ("content", "date", "message"),
    [
        pytest.param(b"", "2020-09-01", "The text is empty", id="empty"),
        pytest.param(b"\x00\x01\x02", "2020-09-01", "NUL bytes", id="binary"),
        pytest.param(SPEECH.encode(), "2199-01-01", "in the future", id="future"),
        pytest.param(SPEECH.encode(), "01/09/2020", "not a valid date", id="bad date"),
        pytest.param(SPEECH.encode(), "0001-01-01", "outside the years", id="year 1"),
        pytest.param(SPEECH.encode(), "20200901", "not a valid date", id="basic ISO"),
        pytest.param("\u200b\u200b".encode(), "2020-09-01", "no letters", id="zw"),
        pytest.param(b"\x1b[1mBold\x1b[0m", "2020-09-01", "ANSI", id="ANSI"),
    ],
)
def test_import_address_exits_2_with_one_line_on_refused_input(
    manage, tmp_path, content, date, message
):
    path = tmp_path / "speech.txt"
    path.write_bytes(content)

    code, out, err = manage(*address_args(path, date=date))

    assert (code, out) == (2, "")
    assert err.startswith("CommandError: ")
    assert message in err
    assert err.count("\n") == 1
    assert row_counts() == (0, 0, 0)


def test_import_address_exits_2_on_a_text_already_imported(manage, speech_file):
    manage(*address_args(speech_file))

    code, out, err = manage(*address_args(speech_file))

    assert (code, out) == (2, "")
    assert err == (
        'CommandError: This text is already imported as "State of the Nation '
        'Address" (2020-09-01, /addresses/2020-09-01-state-of-the-nation-address/); '
        "nothing was changed.\n"
    )
    assert Address.objects.count() == 1


def test_import_address_exits_2_on_a_missing_file(manage, tmp_path):
    missing = tmp_path / "missing.txt"

    code, out, err = manage(*address_args(missing))

    assert (code, out) == (2, "")
    assert err == f"CommandError: Cannot read {missing}: No such file or directory.\n"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param(Path("/dev/zero"), "a character device", id="/dev/zero"),
        pytest.param(Path("/"), "a folder", id="folder"),
    ],
)
def test_import_address_exits_2_on_a_path_that_is_not_a_regular_file(
    manage, path, kind
):
    code, out, err = manage(*address_args(path))

    assert (code, out) == (2, "")
    assert err == (
        f"CommandError: Cannot read {path}: it is not a regular file but {kind}; "
        "give the path of a plain-text file.\n"
    )
    assert row_counts() == (0, 0, 0)


def write_manifest(folder: Path, entries: list[dict[str, str]]) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def entry(file: str, **overrides: str) -> dict[str, str]:
    return {
        "file": file,
        "title": f"Speech from {Path(file).stem}",
        "speaker": "Kassym-Jomart Tokayev",
        "speaker_role": "President",
        "kind": "address",
        "delivered_on": "2020-09-01",
        **overrides,
    }


@pytest.fixture
def mixed_manifest(tmp_path):
    """Two valid entries around a refused one."""
    (tmp_path / "first.txt").write_text("The first speech.", encoding="utf-8")
    (tmp_path / "future.txt").write_text("Not yet delivered.", encoding="utf-8")
    (tmp_path / "second.txt").write_text("The second speech.", encoding="utf-8")
    return write_manifest(
        tmp_path,
        [
            entry("first.txt"),
            entry("future.txt", delivered_on="2199-01-01"),
            entry("second.txt", delivered_on="2021-01-01"),
        ],
    )


def test_import_addresses_imports_valid_entries_and_exits_2_on_a_refused_one(
    manage, mixed_manifest
):
    code, out, err = manage("import_addresses", mixed_manifest)

    assert code == 2
    # What follows "; " reports the extraction (tests/commitments cover it).
    assert [line.split("; ")[0] for line in out.splitlines()] == [
        "imported  first.txt: 2020-09-01-speech-from-first (1 segments)",
        "imported  second.txt: 2021-01-01-speech-from-second (1 segments)",
    ]
    assert err.splitlines() == [
        "refused   future.txt: The delivery date 2199-01-01 is in the future; "
        "import a speech once it has been delivered.",
        "CommandError: 1 of 3 entries refused.",
    ]
    assert sorted(Address.objects.values_list("title", flat=True)) == [
        "Speech from first",
        "Speech from second",
    ]


def test_import_addresses_skips_entries_already_imported(manage, mixed_manifest):
    manage("import_addresses", mixed_manifest)

    code, out, err = manage("import_addresses", mixed_manifest)

    assert code == 2
    assert out.splitlines() == [
        "skipped   first.txt: already imported as 2020-09-01-speech-from-first",
        "skipped   second.txt: already imported as 2021-01-01-speech-from-second",
    ]
    assert err.splitlines()[0].startswith("refused   future.txt: ")
    assert Address.objects.count() == 2


def test_import_addresses_exits_0_when_every_entry_is_imported_or_skipped(
    manage, tmp_path
):
    for name in ("000_c6f83971ef7d8c01.txt", "002_14ce51083ba6dd0f.txt"):
        shutil.copy(DEMO_SEEDS / name, tmp_path / name)
    manifest = tmp_path / "addresses.json"
    shutil.copy(DEMO_SEEDS / "addresses.json", manifest)

    first = manage("import_addresses", manifest)
    second = manage("import_addresses", manifest)

    assert [(code, err) for code, _, err in (first, second)] == [(0, ""), (0, "")]
    assert [line.split()[0] for line in first[1].splitlines()] == ["imported"] * 2
    assert [line.split()[0] for line in second[1].splitlines()] == ["skipped"] * 2
    assert Address.objects.count() == 2


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        pytest.param([entry("absent.txt")], "Cannot read", id="missing file"),
        pytest.param(
            [{"title": "No file"}], 'must be an object with a "file"', id="no file"
        ),
        pytest.param(
            ["just a string"], 'must be an object with a "file"', id="not object"
        ),
        pytest.param(
            [entry("speech.txt", kind="lecture")],
            'Unknown kind "lecture"',
            id="bad kind",
        ),
    ],
)
def test_import_addresses_reports_each_refused_entry(
    manage, tmp_path, entries, message
):
    (tmp_path / "speech.txt").write_text(SPEECH, encoding="utf-8")

    code, out, err = manage("import_addresses", write_manifest(tmp_path, entries))

    assert (code, out) == (2, "")
    refusal, summary = err.splitlines()
    assert refusal.startswith("refused   ")
    assert message in refusal
    assert summary == "CommandError: 1 of 1 entries refused."
    assert row_counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "Cannot read the manifest", id="missing"),
        pytest.param("{not json", "Cannot read the manifest", id="malformed"),
        pytest.param('{"file": "a.txt"}', "must be a JSON list", id="not a list"),
        pytest.param("[" * 50_000 + "]" * 50_000, "nests lists", id="deep nesting"),
        pytest.param(b"\xff\xfe[]", "not UTF-8", id="not UTF-8"),
    ],
)
def test_import_addresses_exits_2_on_an_unusable_manifest(
    manage, tmp_path, content, message
):
    manifest = tmp_path / "manifest.json"
    if isinstance(content, bytes):
        manifest.write_bytes(content)
    elif content is not None:
        manifest.write_text(content, encoding="utf-8")

    code, out, err = manage("import_addresses", manifest)

    assert (code, out) == (2, "")
    assert err.startswith("CommandError: ")
    assert message in err
    assert err.count("\n") == 1


def test_import_addresses_refuses_paths_out_of_its_folder_and_imports_the_rest(
    manage, tmp_path
):
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "speech.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("A private note.", encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    manifest = write_manifest(
        folder,
        [
            entry("../../../../../../../../etc/group"),
            entry(str(tmp_path / "secret.txt")),
            entry("link.txt"),
            entry("speech.txt"),
        ],
    )

    code, out, err = manage("import_addresses", manifest)

    assert code == 2
    [imported] = out.splitlines()
    assert imported.startswith(
        "imported  speech.txt: 2020-09-01-speech-from-speech (3 segments)"
    )
    refusals = err.splitlines()
    assert [line.split(":")[0] for line in refusals[:3]] == [
        "refused   ../../../../../../../../etc/group",
        f"refused   {tmp_path / 'secret.txt'}",
        "refused   link.txt",
    ]
    assert refusals[3] == "CommandError: 3 of 4 entries refused."
    assert Address.objects.get().title == "Speech from speech"
