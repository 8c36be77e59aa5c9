"""addresses.services.import_manifest: what a manifest may name, and how it is read.

Every path stays inside the manifest's folder, every field is a known string, and the
manifest itself is bounded in size and nesting; each refused entry writes nothing and
leaves the other entries to be imported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from addresses import services
from addresses.models import Address, Segment, Speaker

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "State of the Nation Address",
    "speaker": "Kassym-Jomart Tokayev",
    "speaker_role": "President",
    "kind": "address",
    "delivered_on": "2020-09-01",
}


def entry(file: Any, **overrides: Any) -> dict[str, Any]:
    return {"file": file, **FIELDS, "title": f"Speech from {file}", **overrides}


@pytest.fixture
def folder(tmp_path):
    """The manifest's folder, inside a parent that holds a text it must not reach."""
    inside = tmp_path / "speeches"
    inside.mkdir()
    (inside / "first.txt").write_text("The first speech.", encoding="utf-8")
    (inside / "second.txt").write_text("The second speech.", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("A private note.", encoding="utf-8")
    return inside


def import_entries(folder: Path, entries: list[Any]) -> list[services.ManifestResult]:
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    return services.import_manifest(manifest)


def outcome(results: list[services.ManifestResult]) -> list[tuple[str, str]]:
    return [
        (result.entry, "imported" if result.address else result.error)
        for result in results
    ]


def imported_titles() -> list[str]:
    return sorted(Address.objects.values_list("title", flat=True))


def assert_only_the_good_entries_were_imported() -> None:
    assert imported_titles() == ["Speech from first.txt", "Speech from second.txt"]
    assert Segment.objects.count() == 2
    assert Speaker.objects.count() == 1


# ---------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "escape",
    [
        pytest.param("../outside.txt", id="parent folder"),
        pytest.param("../../../../../../../../etc/group", id="system file"),
        pytest.param("sub/../../outside.txt", id="through a subfolder"),
    ],
)
def test_import_manifest_refuses_a_path_that_climbs_out_of_its_folder(folder, escape):
    results = import_entries(
        folder, [entry("first.txt"), entry(escape), entry("second.txt")]
    )

    assert outcome(results)[0] == ("first.txt", "imported")
    assert outcome(results)[2] == ("second.txt", "imported")
    name, error = outcome(results)[1]
    assert name == escape
    assert error.startswith(f'The file "{escape}" is outside the manifest\'s folder')
    assert_only_the_good_entries_were_imported()


def test_import_manifest_refuses_an_absolute_path(folder):
    absolute = str(folder.parent / "outside.txt")

    results = import_entries(
        folder, [entry("first.txt"), entry(absolute), entry("second.txt")]
    )

    assert outcome(results)[1] == (
        absolute,
        f'The file "{absolute}" is an absolute path; give it relative to the '
        f"manifest's folder ({folder}).",
    )
    assert_only_the_good_entries_were_imported()


def test_import_manifest_refuses_a_symlink_that_points_out_of_its_folder(folder):
    (folder / "link.txt").symlink_to(folder.parent / "outside.txt")

    results = import_entries(
        folder, [entry("first.txt"), entry("link.txt"), entry("second.txt")]
    )

    name, error = outcome(results)[1]
    assert name == "link.txt"
    assert error.startswith(
        'The file "link.txt" is outside the manifest\'s folder '
        f"({folder}) through a symbolic link;"
    )
    assert_only_the_good_entries_were_imported()


def test_import_manifest_refuses_a_symlinked_folder_that_points_out(folder):
    (folder / "elsewhere").symlink_to(folder.parent)

    results = import_entries(folder, [entry("elsewhere/outside.txt")])

    assert "through a symbolic link" in results[0].error
    assert Address.objects.count() == 0


def test_import_manifest_accepts_a_symlink_that_stays_inside_its_folder(folder):
    (folder / "texts").mkdir()
    (folder / "texts" / "speech.txt").write_text("A linked speech.", encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "texts" / "speech.txt")

    results = import_entries(folder, [entry("link.txt"), entry("sub/../first.txt")])

    assert outcome(results) == [
        ("link.txt", "imported"),
        ("sub/../first.txt", "imported"),
    ]
    assert Address.objects.get(title="Speech from link.txt").text == "A linked speech."


def test_import_manifest_refuses_an_entry_that_names_a_folder(folder):
    (folder / "texts").mkdir()

    results = import_entries(folder, [entry("texts")])

    assert results[0].error == (
        f"Cannot read {folder / 'texts'}: it is not a regular file but a folder; "
        "give the path of a plain-text file."
    )


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("field", "value", "described"),
    [
        pytest.param("title", ["list"], "a list", id="list"),
        pytest.param("title", 2020, "a number", id="number"),
        pytest.param("speaker", None, "null", id="null"),
        pytest.param("delivered_on", {"year": 2020}, "an object", id="object"),
        pytest.param("venue", True, "true or false", id="boolean"),
        pytest.param("file", 3, "a number", id="file as a number"),
    ],
)
def test_import_manifest_refuses_a_field_that_is_not_a_string(
    folder, field, value, described
):
    bad = {**entry("first.txt"), field: value}

    results = import_entries(folder, [bad, entry("second.txt")])

    expected_name = "entry 1" if field == "file" else "first.txt"
    assert outcome(results) == [
        (
            expected_name,
            f'The field "{field}" is {described}, not a string; write its value in '
            f'double quotes, e.g. "{field}": "…".',
        ),
        ("second.txt", "imported"),
    ]
    assert imported_titles() == ["Speech from second.txt"]


def test_import_manifest_refuses_an_unknown_field_and_lists_the_known_ones(folder):
    typo = entry("first.txt")
    typo["date"] = typo.pop("delivered_on")

    results = import_entries(folder, [typo, entry("second.txt")])

    assert outcome(results)[0] == (
        "first.txt",
        'Unknown field "date"; the known fields are: file, title, speaker, '
        "speaker_role, kind, delivered_on, venue, language, source_url, note.",
    )
    assert imported_titles() == ["Speech from second.txt"]


def test_import_manifest_accepts_a_note_and_ignores_it(folder):
    results = import_entries(folder, [entry("first.txt", note="English translation")])

    assert outcome(results) == [("first.txt", "imported")]


def test_import_manifest_entry_follows_the_import_rules(folder):
    (folder / "ansi.txt").write_bytes(b"We will \x1b[1mbuild\x1b[0m schools.")

    results = import_entries(
        folder,
        [
            entry("first.txt", delivered_on="0001-01-01"),
            entry("ansi.txt"),
            entry("second.txt", speaker="!!!"),
        ],
    )

    assert [error for _, error in outcome(results)] == [
        'The delivery date "0001-01-01" is outside the years 1900–2200 that Uade '
        "accepts.",
        results[1].error,
        "The speaker's name \"!!!\" has no letters or digits; give the speaker's name.",
    ]
    assert "ANSI escape code" in results[1].error
    assert (Address.objects.count(), Speaker.objects.count()) == (0, 0)


# ------------------------------------------------------------------ the manifest itself


def test_import_manifest_refuses_deep_nesting_without_a_traceback(folder):
    manifest = folder / "manifest.json"
    manifest.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    with pytest.raises(services.ImportRefused) as refusal:
        services.import_manifest(manifest)

    assert str(refusal.value) == (
        f"The manifest {manifest} nests lists or objects more than "
        f"{services.MAX_MANIFEST_DEPTH} deep; a manifest is a list of objects whose "
        'values are strings, e.g. [{"file": "speech.txt", "title": "…"}].'
    )
    assert Address.objects.count() == 0


def test_import_manifest_counts_brackets_inside_strings_as_text(folder):
    deep_looking = "[" * (services.MAX_MANIFEST_DEPTH + 5)

    results = import_entries(folder, [entry("first.txt", title=deep_looking)])

    assert outcome(results) == [("first.txt", "imported")]


def test_import_manifest_refuses_a_manifest_over_its_size_limit(folder):
    manifest = folder / "manifest.json"
    padding = [entry("first.txt", note="x" * 1000)] * (
        services.MAX_MANIFEST_BYTES // 1000
    )
    manifest.write_text(json.dumps(padding), encoding="utf-8")

    with pytest.raises(services.ImportRefused) as refusal:
        services.import_manifest(manifest)

    assert str(refusal.value) == (
        f"The manifest {manifest} is over the 1 MB a manifest may hold; split it "
        "into several manifests."
    )
    assert Address.objects.count() == 0


def test_import_manifest_refuses_a_manifest_that_is_not_a_regular_file(folder):
    with pytest.raises(services.ImportRefused) as refusal:
        services.import_manifest(Path("/dev/zero"))

    assert str(refusal.value) == (
        "Cannot read the manifest /dev/zero: it is not a regular file but a "
        "character device; give the path of a JSON file."
    )
