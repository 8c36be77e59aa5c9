"""The extract_commitments command: its JSON contract and its errors (no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "quote", "start", "end", "tier", "deadline", "deadline_text", "target", "actor",
    "area", "speaker", "type", "confidence", "cues",
}  # fmt: skip
SPEECH = (
    "Dear colleagues!\r\n\r\n"
    "I instruct the Government to adopt a new Water Code by the end of the year.\r\n"
    "Last year we built 12 schools.\r\n"
    "By 2030, 500 new kindergartens will be opened.\r\n"
)


def _run_json(path: Path, *extra: str) -> list[dict[str, object]]:
    out = StringIO()
    call_command(
        "extract_commitments", str(path), "--date", "2023-03-01", "--format", "json",
        *extra, stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    assert isinstance(rows, list)
    return rows


def test_json_has_exactly_the_candidate_fields_and_offsets_slice_the_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "speech.txt"
    path.write_bytes(SPEECH.encode("utf-8"))
    text = SPEECH.replace("\r\n", "\n")
    rows = _run_json(path)
    assert len(rows) == 2
    for row in rows:
        assert set(row) == KEYS
        assert isinstance(row["start"], int)
        assert isinstance(row["end"], int)
        assert text[row["start"] : row["end"]] == row["quote"]
        assert isinstance(row["cues"], list)
        assert row["deadline"] is None or isinstance(row["deadline"], str)
        assert isinstance(row["confidence"], float)
    assert rows[0]["deadline"] == "2023-12-31"
    assert rows[1]["deadline"] == "2030-12-31"


def test_table_prints_rows_and_a_count(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    out = StringIO()
    call_command("extract_commitments", str(path), "--date", "2023-03-01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:4] == ["tier", "deadline", "type", "area"]
    assert lines[-1] == "2 candidate(s)"


def test_table_columns_line_up_when_an_area_is_long(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(
        "My Government will cut the number of civil servants by 10%.\n"
        "A Bill will be introduced to protect renters.\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("extract_commitments", str(path), "--date", "2023-03-01", stdout=out)
    header, _, *rows, _ = out.getvalue().splitlines()
    assert any("public administration" in row for row in rows)
    starts = {header.index("quote")}
    starts |= {
        row.index(quote) for row, quote in zip(rows, ("My ", "A Bill"), strict=True)
    }
    assert len(starts) == 1


@pytest.mark.parametrize(
    ("content", "args"),
    [
        (None, ["--date", "2023-03-01"]),
        (b"", ["--date", "2023-03-01"]),
        (b"  \n\t\n", ["--date", "2023-03-01"]),
        (b"%PDF-1.4\x00\x00\x01binary", ["--date", "2023-03-01"]),
        (SPEECH.encode(), ["--date", "01/03/2023"]),
        (SPEECH.encode(), ["--date", "2023-03-01", "--kind", "poem"]),
    ],
)
def test_bad_input_fails_with_status_2(
    tmp_path: Path, content: bytes | None, args: list[str]
) -> None:
    path = tmp_path / "speech.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("extract_commitments", str(path), *args)
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)


def test_bad_input_prints_one_line_on_stderr_and_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    run = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "manage.py", "extract_commitments", str(tmp_path / "nope.txt"),
         "--date", "2023-03-01"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "20250908",
            'The delivery date "20250908" is not a valid date; give it as YYYY-MM-DD.',
        ),
        (
            "2025-W36-1",
            'The delivery date "2025-W36-1" is not a valid date; give it as '
            "YYYY-MM-DD.",
        ),
        (
            "9999-12-31",
            'The delivery date "9999-12-31" is outside the years 1900–2200 that '
            "Uade accepts.",
        ),
        (
            "0001-01-01",
            'The delivery date "0001-01-01" is outside the years 1900–2200 that '
            "Uade accepts.",
        ),
    ],
)
def test_a_date_import_refuses_is_refused_with_status_2(
    tmp_path: Path, date: str, message: str
) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("extract_commitments", str(path), "--date", date)
    assert error.value.returncode == 2
    assert str(error.value) == message


def test_a_far_future_date_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    run = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "manage.py", "extract_commitments", str(path),
         "--date", "9999-12-31"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr == (
        'CommandError: The delivery date "9999-12-31" is outside the years '
        "1900–2200 that Uade accepts.\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("\u200b\u200b\n", "The text has no letters"),
        ("We will \x1b[1mbuild\x1b[0m schools.", "ANSI escape code"),
    ],
)
def test_a_text_import_refuses_is_refused_with_status_2(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("extract_commitments", str(path), "--date", "2023-03-01")
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_a_path_that_is_not_a_regular_file_is_refused_with_status_2(
    settings: Any,
) -> None:
    settings.UADE_MAX_TEXT_BYTES = 1000
    with pytest.raises(CommandError) as error:
        call_command("extract_commitments", "/dev/zero", "--date", "2023-03-01")
    assert error.value.returncode == 2
    assert str(error.value) == (
        "Cannot read /dev/zero: it is not a regular file but a character device; "
        "give the path of a plain-text file."
    )
