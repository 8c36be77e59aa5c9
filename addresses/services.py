"""Writes to the speech library. Every import route (command, web, API, admin) calls
these, so a speech and its metadata obey the same rules however they arrive."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from addresses.dates import DateRefused, parse_iso_date
from addresses.models import Address, AddressKind, Segment, Speaker
from addresses.segmentation import segment
from addresses.text import TextRefused, control_character_name, decode_text

PUBLISH_PERMISSION = "addresses.publish_address"
# What an analyst may change after import. Text and kind stay: segments, quotes and
# mentions are offsets into the text, cut by rules that depend on the kind.
ADDRESS_EDITABLE_FIELDS = (
    "title",
    "speaker",
    "delivered_on",
    "venue",
    "language",
    "source_url",
)
SPEAKER_EDITABLE_FIELDS = ("name", "role")
# Metadata is one line of plain text: every control character is refused, tabs and
# line breaks included.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ImportRefused(ValueError):
    """The input breaks the import rules; the message says what is wrong and what to
    do. Edits after import follow the same rules and raise it too.

    `field` names the `AddressInput` field at fault, or "text" for the speech's
    text ("" when it is none of them), so a form can show the refusal beside it.
    """

    def __init__(self, message: str = "", *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class AlreadyImported(ImportRefused):
    def __init__(self, existing: Address) -> None:
        self.existing = existing
        super().__init__(
            f'This text is already imported as "{existing.title}" '
            f"({existing.delivered_on:%Y-%m-%d}, /addresses/{existing.slug}/); "
            "nothing was changed.",
            field="text",
        )


@contextmanager
def _refusal_about(field: str) -> Iterator[None]:
    """Name `field` on any `ImportRefused` raised inside, unless it names one."""
    try:
        yield
    except ImportRefused as refusal:
        refusal.field = refusal.field or field
        raise


@dataclass(frozen=True)
class AddressInput:
    """What an analyst supplies to import one speech (dates may still be strings)."""

    title: str
    speaker: str
    delivered_on: dt.date | str
    kind: str = AddressKind.ADDRESS
    speaker_role: str = ""
    venue: str = ""
    language: str = "en"
    source_url: str = ""


# ------------------------------------------------------------------------ reading


def read_text_file(path: Path) -> bytes:
    """Read a speech's file for `import_address`, or raise `ImportRefused`.

    Refuses what is not a regular file (a folder, a FIFO, a device) without waiting
    on it, and a file over `UADE_MAX_TEXT_BYTES` without reading it whole: at most
    the limit plus one byte is ever read.
    """
    limit: int = settings.UADE_MAX_TEXT_BYTES
    data, size = _read_at_most(path, limit, label="", expected="a plain-text file")
    if size > limit:
        raise _too_large(size)
    return data


def _read_at_most(
    path: Path, limit: int, *, label: str, expected: str
) -> tuple[bytes, int]:
    """Read up to `limit + 1` bytes of a regular file; return them and its size."""
    cannot_read = f"Cannot read {label}{path}"
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer; regular
        # files read the same either way.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ImportRefused(f"{cannot_read}: {error.strerror}.") from None
    except ValueError:
        raise ImportRefused(
            f"{cannot_read}: the path contains a NUL character."
        ) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ImportRefused(
                f"{cannot_read}: it is not a regular file but "
                f"{_file_kind(status.st_mode)}; give the path of {expected}."
            )
        if status.st_size > limit:
            return b"", status.st_size
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise ImportRefused(f"{cannot_read}: {error.strerror}.") from None
    finally:
        os.close(descriptor)
    return data, max(status.st_size, len(data))


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_text_size(size: int) -> None:
    """Refuse a text of `size` bytes over `UADE_MAX_TEXT_BYTES` before reading it
    (an upload's declared size), saying how large it is."""
    if size > settings.UADE_MAX_TEXT_BYTES:
        raise _too_large(size)


def _too_large(size: int) -> ImportRefused:
    limit_mb = settings.UADE_MAX_TEXT_BYTES / (1024 * 1024)
    return ImportRefused(
        f"The text is {size / (1024 * 1024):.1f} MB, over the {limit_mb:g} MB "
        "limit; split it into separate speeches or raise UADE_MAX_TEXT_BYTES.",
        field="text",
    )


# ------------------------------------------------------------------------- import


def import_address(
    data: bytes | str,
    details: AddressInput,
    *,
    created_by: User | None = None,
    today: dt.date | None = None,
) -> Address:
    """Store a speech with its segments, or raise `ImportRefused` and write nothing.

    Checks run before any write; the write itself is one transaction, so a failure
    leaves no half-imported speech. `data` (bytes, or a str as if read as UTF-8) is
    decoded and checked by `decode_text`.
    """
    delivered_on = _clean_details(details, today or timezone.localdate())
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > settings.UADE_MAX_TEXT_BYTES:
        raise _too_large(len(raw))
    try:
        text = decode_text(raw)
    except TextRefused as refusal:
        raise ImportRefused(str(refusal), field="text") from None

    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = Address.objects.filter(sha256=sha256).first()
    if existing is not None:
        raise AlreadyImported(existing)

    try:
        address = _store(text, sha256, details, delivered_on, created_by)
    except IntegrityError:
        # Another import of the same text committed between our check and our write.
        existing = Address.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        raise AlreadyImported(existing) from None
    return address


@transaction.atomic
def _store(
    text: str,
    sha256: str,
    details: AddressInput,
    delivered_on: dt.date,
    created_by: User | None,
) -> Address:
    speaker = _speaker(details.speaker.strip(), details.speaker_role.strip())
    address = Address.objects.create(
        title=details.title.strip(),
        slug=_unique_slug(details.title, delivered_on),
        speaker=speaker,
        kind=details.kind,
        delivered_on=delivered_on,
        venue=details.venue.strip(),
        language=details.language.strip() or "en",
        source_url=details.source_url.strip(),
        text=text,
        sha256=sha256,
        created_by=created_by,
    )
    Segment.objects.bulk_create(
        Segment(
            address=address,
            position=position,
            start=span.start,
            end=span.end,
            kind=span.kind,
            speaker_label=span.speaker_label,
        )
        for position, span in enumerate(
            segment(text, kind=details.kind, interviewee=speaker.name), start=1
        )
    )
    return address


def _clean_details(details: AddressInput, today: dt.date) -> dt.date:
    """Validate the metadata; return the delivery date."""
    with _refusal_about("title"):
        _check_title(details.title)
    with _refusal_about("speaker"):
        _check_speaker_name(details.speaker)
    with _refusal_about("speaker_role"):
        _check_line("speaker's role", details.speaker_role, Speaker, "role")
    if details.kind not in AddressKind.values:
        kinds = ", ".join(AddressKind.values)
        raise ImportRefused(
            f'Unknown kind "{details.kind}"; use one of: {kinds}.', field="kind"
        )
    with _refusal_about("delivered_on"):
        delivered_on = _check_delivered_on(details.delivered_on, today)
    with _refusal_about("venue"):
        _check_line("venue", details.venue, Address, "venue")
    with _refusal_about("language"):
        _check_line("language code", details.language, Address, "language")
    with _refusal_about("source_url"):
        _check_source_url(details.source_url)
    return delivered_on


def accepted_years() -> tuple[int, int]:
    """The first and last year of any date Uade reads or computes (settings)."""
    return settings.UADE_MIN_YEAR, settings.UADE_MAX_YEAR


def parse_delivery_date(value: str | dt.date) -> dt.date:
    """Read a delivery date as `parse_iso_date` does, within the accepted years.

    Raises `ImportRefused` saying what to give; a date object is held to the same
    years as a typed one.
    """
    typed = value.isoformat() if isinstance(value, dt.date) else value
    try:
        return parse_iso_date(
            typed,
            what="delivery date",
            years=accepted_years(),
        )
    except DateRefused as refusal:
        raise ImportRefused(str(refusal)) from None


def _check_delivered_on(value: str | dt.date, today: dt.date) -> dt.date:
    delivered_on = parse_delivery_date(value)
    if delivered_on > today:
        raise ImportRefused(
            f"The delivery date {delivered_on:%Y-%m-%d} is in the future; "
            "import a speech once it has been delivered."
        )
    return delivered_on


def _check_title(title: str) -> str:
    if not title.strip():
        raise ImportRefused("The title is missing; give the speech's title.")
    return _check_line("title", title, Address, "title")


def _check_speaker_name(name: str) -> tuple[str, str]:
    """Return the stripped name and its slug, by which imports find the speaker."""
    if not name.strip():
        raise ImportRefused("The speaker is missing; give the speaker's name.")
    name = _check_line("speaker's name", name, Speaker, "name")
    # allow_unicode: a Cyrillic name would otherwise slugify to nothing.
    slug = slugify(name, allow_unicode=True)[:200]
    if not slug:
        # Every such name would otherwise become one speaker.
        raise ImportRefused(
            f'The speaker\'s name "{name}" has no letters or digits; give the '
            "speaker's name."
        )
    return name, slug


def _check_source_url(url: str) -> str:
    url = _check_line("source URL", url, Address, "source_url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ImportRefused(
                f'The source URL "{url}" is not a valid http(s) URL.'
            ) from None
    return url


def _check_line(
    label: str, value: str, model: type[models.Model], field_name: str
) -> str:
    """Return `value` stripped, refusing control characters and overlong values."""
    value = value.strip()
    control = _CONTROL_IN_LINE.search(value)
    if control:
        name = control_character_name(control.group())
        raise ImportRefused(
            f"The {label} contains the control character {name}; remove it."
        )
    limit = _max_length(model, field_name)
    if len(value) > limit:
        raise ImportRefused(
            f"The {label} is longer than {limit} characters; shorten it."
        )
    return value


def _max_length(model: type[models.Model], field_name: str) -> int:
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{field_name} has no max_length")
    return field.max_length


def _speaker(name: str, role: str) -> Speaker:
    _, slug = _check_speaker_name(name)
    speaker, created = Speaker.objects.get_or_create(
        slug=slug, defaults={"name": name, "role": role}
    )
    if not created and role and not speaker.role:
        speaker.role = role
        speaker.save(update_fields=["role"])
    return speaker


def _unique_slug(title: str, delivered_on: dt.date) -> str:
    base = f"{delivered_on:%Y-%m-%d}-{slugify(title, allow_unicode=True)}"
    base = base[:100].rstrip("-")
    slug, suffix = base, 2
    while Address.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


# -------------------------------------------------------------------------- edits


@dataclass(frozen=True)
class FieldChange:
    """One field an edit changed, for the history."""

    field: str
    old: object
    new: object


def clean_address_changes(
    changes: Mapping[str, Any], *, today: dt.date | None = None
) -> dict[str, Any]:
    """Check edits to a speech by the import's rules; return the cleaned values.

    Raises `ImportRefused` at the first value the import would refuse, or for a
    field that cannot change after import.
    """
    today = today or timezone.localdate()
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            cleaned[name] = _check_title(value)
        elif name == "speaker":
            if not isinstance(value, Speaker):
                raise ImportRefused("Choose the speaker from the list of speakers.")
            cleaned[name] = value
        elif name == "delivered_on":
            cleaned[name] = _check_delivered_on(value, today)
        elif name == "venue":
            cleaned[name] = _check_line("venue", value, Address, "venue")
        elif name == "language":
            language = _check_line("language code", value, Address, "language")
            cleaned[name] = language or "en"
        elif name == "source_url":
            cleaned[name] = _check_source_url(value)
        elif name == "is_public":
            cleaned[name] = bool(value)
        else:
            raise ImportRefused(
                f"The {name} of a speech cannot change after import; import the "
                "corrected text as a new speech."
            )
    return cleaned


@transaction.atomic
def edit_address(
    address_id: int,
    changes: Mapping[str, Any],
    editor: User,
    *,
    today: dt.date | None = None,
) -> list[FieldChange]:
    """Change a speech's metadata (`ADDRESS_EDITABLE_FIELDS`, `is_public`).

    Validated as an import would be (`ImportRefused`); publishing or hiding needs
    `PUBLISH_PERMISSION` (`PermissionDenied`). Either way nothing is written.
    Returns what really changed, old and new values, for the history.
    """
    cleaned = clean_address_changes(changes, today=today)
    address = Address.objects.select_for_update().get(pk=address_id)
    applied = [
        FieldChange(name, getattr(address, name), value)
        for name, value in cleaned.items()
        if getattr(address, name) != value
    ]
    if any(change.field == "is_public" for change in applied) and not (
        editor.has_perm(PUBLISH_PERMISSION)
    ):
        raise PermissionDenied("Only editors may publish or hide speeches.")
    for change in applied:
        setattr(address, change.field, change.new)
    if applied:
        address.save(update_fields=[change.field for change in applied])
    return applied


def clean_speaker_changes(
    changes: Mapping[str, Any], *, speaker_id: int | None = None
) -> dict[str, Any]:
    """Check a speaker's name, role and term end; return them cleaned.

    A new name also sets the slug the import finds the speaker by, so a name whose
    slug another speaker has is refused: the two would be merged by the next import.
    """
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "term_ends_on":
            if value is not None and not isinstance(value, dt.date):
                raise ImportRefused("A term's end must be a date, YYYY-MM-DD.")
            cleaned[name] = value
        elif name == "name":
            cleaned["name"], cleaned["slug"] = _check_speaker_name(value)
            others = Speaker.objects.filter(slug=cleaned["slug"])
            if speaker_id is not None:
                others = others.exclude(pk=speaker_id)
            taken = others.first()
            if taken is not None:
                raise ImportRefused(
                    f'Another speaker, "{taken.name}", already has this name (slug '
                    f'"{taken.slug}"); choose that speaker on the speech instead, '
                    "or tell the two apart in the name."
                )
        elif name == "role":
            cleaned[name] = _check_line("speaker's role", value, Speaker, "role")
        else:
            raise ImportRefused(f"A speaker's {name} cannot be edited.")
    return cleaned


@transaction.atomic
def add_speaker(
    name: str, role: str = "", *, term_ends_on: dt.date | None = None
) -> Speaker:
    """Create a speaker as an import would, refusing a name another speaker has."""
    cleaned = clean_speaker_changes(
        {"name": name, "role": role, "term_ends_on": term_ends_on}
    )
    try:
        with transaction.atomic():
            return Speaker.objects.create(**cleaned)
    except IntegrityError:
        raise _name_taken_meanwhile(cleaned["name"]) from None


@transaction.atomic
def edit_speaker(speaker_id: int, changes: Mapping[str, Any]) -> list[FieldChange]:
    """Rename a speaker or change the role or term end; the slug follows the name.

    Returns what really changed (the slug included), old and new values.
    """
    cleaned = clean_speaker_changes(changes, speaker_id=speaker_id)
    speaker = Speaker.objects.select_for_update().get(pk=speaker_id)
    applied = [
        FieldChange(name, getattr(speaker, name), value)
        for name, value in cleaned.items()
        if getattr(speaker, name) != value
    ]
    for change in applied:
        setattr(speaker, change.field, change.new)
    if applied:
        try:
            with transaction.atomic():
                speaker.save(update_fields=[change.field for change in applied])
        except IntegrityError:
            raise _name_taken_meanwhile(speaker.name) from None
    return applied


def _name_taken_meanwhile(name: str) -> ImportRefused:
    # The slug was free when checked, and another speaker took it before our write.
    return ImportRefused(
        f'Another speaker named "{name}" was saved just now; reload the page to '
        "see it, and choose that speaker instead."
    )


def describe_changes(changes: Sequence[FieldChange]) -> str:
    """Say what an edit changed, e.g. `Changed title from "A" to "B".`"""
    parts = [
        f"{change.field} from {_shown(change.old)} to {_shown(change.new)}"
        for change in changes
    ]
    return f"Changed {'; '.join(parts)}." if parts else "No fields changed."


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | models.Model):
        return f'"{value}"'
    return str(value)


# ---------------------------------------------------------------------- manifests

MANIFEST_FIELDS = (
    "file",
    "title",
    "speaker",
    "speaker_role",
    "kind",
    "delivered_on",
    "venue",
    "language",
    "source_url",
    "note",  # a comment for people; not stored
)
# A manifest is a list of flat objects: 1 MB is thousands of entries, and two levels
# of nesting are all it needs (the rest leaves room to name a wrongly nested field).
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_MANIFEST_DEPTH = 5


@dataclass(frozen=True)
class ManifestResult:
    entry: str
    address: Address | None
    error: str = ""
    already_imported: bool = False


class Importer(Protocol):
    def __call__(
        self, data: bytes | str, details: AddressInput, *, created_by: User | None
    ) -> Address: ...


def import_manifest(
    manifest_path: Path,
    *,
    created_by: User | None = None,
    importer: Importer | None = None,
) -> list[ManifestResult]:
    """Import every entry of a manifest like `demo/seeds/addresses.json`.

    Each entry is all-or-nothing on its own, by the same rules as a single import;
    one refused entry does not stop the others. File paths are relative to the
    manifest and must stay inside its folder. Raises `ImportRefused` for a manifest
    that cannot be read at all. `importer` (default `import_address`) lets a higher
    app add its own after-import work.
    """
    entries = _read_manifest(manifest_path)
    folder = manifest_path.parent.absolute()
    return [
        _import_entry(folder, position, entry, created_by, importer or import_address)
        for position, entry in enumerate(entries, start=1)
    ]


def _read_manifest(path: Path) -> list[Any]:
    data, size = _read_at_most(
        path, MAX_MANIFEST_BYTES, label="the manifest ", expected="a JSON file"
    )
    if size > MAX_MANIFEST_BYTES:
        raise ImportRefused(
            f"The manifest {path} is over the {MAX_MANIFEST_BYTES / 1024**2:g} MB a "
            "manifest may hold; split it into several manifests."
        )
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"Cannot read the manifest {path}: it is not UTF-8 text ({error.reason} "
            f"at byte {error.start}); save it as UTF-8."
        ) from None
    # Checked before parsing: deep enough nesting exhausts the JSON parser's stack.
    if _nests_deeper_than(source, MAX_MANIFEST_DEPTH):
        raise ImportRefused(
            f"The manifest {path} nests lists or objects more than "
            f"{MAX_MANIFEST_DEPTH} deep; a manifest is a list of objects whose "
            'values are strings, e.g. [{"file": "speech.txt", "title": "…"}].'
        )
    try:
        entries = json.loads(source)
    except ValueError as error:
        raise ImportRefused(
            f"Cannot read the manifest {path}: it is not valid JSON ({error})."
        ) from None
    if not isinstance(entries, list):
        raise ImportRefused("The manifest must be a JSON list of entries.")
    return entries


def _nests_deeper_than(source: str, limit: int) -> bool:
    """Whether JSON `source` opens more than `limit` lists or objects at once."""
    depth = 0
    in_string = escaped = False
    for character in source:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > limit:
                return True
        elif character in "]}":
            depth -= 1
    return False


def _import_entry(
    folder: Path,
    position: int,
    entry: Any,
    created_by: User | None,
    importer: Importer,
) -> ManifestResult:
    file = entry.get("file") if isinstance(entry, dict) else None
    name = file if isinstance(file, str) and file.strip() else f"entry {position}"
    try:
        fields = _check_entry(entry)
        data = read_text_file(_entry_path(folder, fields["file"]))
        details = AddressInput(
            title=fields.get("title", ""),
            speaker=fields.get("speaker", ""),
            speaker_role=fields.get("speaker_role", ""),
            delivered_on=fields.get("delivered_on", ""),
            kind=fields.get("kind", AddressKind.ADDRESS),
            venue=fields.get("venue", ""),
            language=fields.get("language", "en"),
            source_url=fields.get("source_url", ""),
        )
        address = importer(data, details, created_by=created_by)
    except AlreadyImported as duplicate:
        return ManifestResult(name, duplicate.existing, str(duplicate), True)
    except ImportRefused as refusal:
        return ManifestResult(name, None, str(refusal))
    return ManifestResult(name, address)


def _check_entry(entry: Any) -> dict[str, str]:
    """Return the entry's fields, all known and all strings, with a "file"."""
    if not isinstance(entry, dict):
        raise ImportRefused('Each manifest entry must be an object with a "file".')
    for key, value in entry.items():
        if key not in MANIFEST_FIELDS:
            raise ImportRefused(
                f'Unknown field "{key}"; the known fields are: '
                f"{', '.join(MANIFEST_FIELDS)}."
            )
        if not isinstance(value, str):
            raise ImportRefused(
                f'The field "{key}" is {_json_kind(value)}, not a string; write its '
                f'value in double quotes, e.g. "{key}": "…".'
            )
    if not entry.get("file", "").strip():
        raise ImportRefused('Each manifest entry must be an object with a "file".')
    return entry


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _entry_path(folder: Path, file: str) -> Path:
    """Resolve an entry's file, which must lie inside the manifest's folder."""
    relative = Path(file)
    if relative.is_absolute():
        raise ImportRefused(
            f'The file "{file}" is an absolute path; give it relative to the '
            f"manifest's folder ({folder})."
        )
    try:
        root = folder.resolve()
        resolved = (folder / relative).resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a NUL
        raise ImportRefused(f'Cannot read the file "{file}": {error}.') from None
    if not resolved.is_relative_to(root):
        # Outside only once links are followed: a symbolic link points out.
        through_link = Path(os.path.normpath(root / relative)).is_relative_to(root)
        raise ImportRefused(
            f'The file "{file}" is outside the manifest\'s folder ({folder})'
            f"{' through a symbolic link' if through_link else ''}; put the text "
            "in that folder (or a folder below it) and give its path from there."
        )
    return resolved
