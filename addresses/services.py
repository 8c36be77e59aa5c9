"""Writes to the speech library. Every import route (command, web, API) calls these."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from addresses.models import Address, AddressKind, Segment, Speaker
from addresses.segmentation import segment
from addresses.text import TextRefused, decode_text

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportRefused(ValueError):
    """The input cannot be imported; the message says what is wrong and what to do."""


class AlreadyImported(ImportRefused):
    def __init__(self, existing: Address) -> None:
        self.existing = existing
        super().__init__(
            f'This text is already imported as "{existing.title}" '
            f"({existing.delivered_on:%Y-%m-%d}, /addresses/{existing.slug}/); "
            "nothing was changed."
        )


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


def import_address(
    data: bytes | str,
    details: AddressInput,
    *,
    created_by: User | None = None,
    today: dt.date | None = None,
) -> Address:
    """Store a speech with its segments, or raise `ImportRefused` and write nothing.

    Checks run before any write; the write itself is one transaction, so a failure
    leaves no half-imported speech. `data` as bytes is decoded by `decode_text`.
    """
    delivered_on = _clean_details(details, today or timezone.localdate())
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > settings.UADE_MAX_TEXT_BYTES:
        limit_mb = settings.UADE_MAX_TEXT_BYTES / (1024 * 1024)
        raise ImportRefused(
            f"The text is {len(raw) / (1024 * 1024):.1f} MB, over the {limit_mb:g} MB "
            "limit; split it into separate speeches or raise UADE_MAX_TEXT_BYTES."
        )
    try:
        text = decode_text(raw)
    except TextRefused as refusal:
        raise ImportRefused(str(refusal)) from None
    if not text.strip():
        raise ImportRefused("The text is empty; supply the speech's full text.")

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
    if not details.title.strip():
        raise ImportRefused("The title is missing; give the speech's title.")
    if not details.speaker.strip():
        raise ImportRefused("The speaker is missing; give the speaker's name.")
    if details.kind not in AddressKind.values:
        kinds = ", ".join(AddressKind.values)
        raise ImportRefused(f'Unknown kind "{details.kind}"; use one of: {kinds}.')
    delivered_on = details.delivered_on
    if isinstance(delivered_on, str):
        delivered_on = parse_delivery_date(delivered_on)
    if delivered_on > today:
        raise ImportRefused(
            f"The delivery date {delivered_on:%Y-%m-%d} is in the future; "
            "import a speech once it has been delivered."
        )
    if details.source_url.strip():
        try:
            URLValidator(schemes=["http", "https"])(details.source_url.strip())
        except ValidationError:
            raise ImportRefused(
                f'The source URL "{details.source_url}" is not a valid http(s) URL.'
            ) from None
    for label, model, field, value in (
        ("title", Address, "title", details.title),
        ("speaker's name", Speaker, "name", details.speaker),
        ("speaker's role", Speaker, "role", details.speaker_role),
        ("venue", Address, "venue", details.venue),
        ("language code", Address, "language", details.language),
        ("source URL", Address, "source_url", details.source_url),
    ):
        limit = _max_length(model, field)
        if len(value.strip()) > limit:
            raise ImportRefused(
                f"The {label} is longer than {limit} characters; shorten it."
            )
    return delivered_on


def parse_delivery_date(value: str) -> dt.date:
    """Parse YYYY-MM-DD strictly, or raise `ImportRefused` saying what to give."""
    value = value.strip()
    if not value:
        raise ImportRefused("The delivery date is missing; give it as YYYY-MM-DD.")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(
            f'The delivery date "{value}" is not a valid date; give it as YYYY-MM-DD.'
        ) from None


def _max_length(model: type[models.Model], field_name: str) -> int:
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{field_name} has no max_length")
    return field.max_length


def _speaker(name: str, role: str) -> Speaker:
    # allow_unicode: a Cyrillic name would otherwise slugify to nothing.
    speaker, created = Speaker.objects.get_or_create(
        slug=slugify(name, allow_unicode=True)[:200] or "speaker",
        defaults={"name": name, "role": role},
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

    Each entry is all-or-nothing on its own; one refused entry does not stop the
    others. File paths are relative to the manifest. `importer` (default
    `import_address`) lets a higher app add its own after-import work.
    """
    try:
        entries = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportRefused(
            f"Cannot read the manifest {manifest_path}: {error}"
        ) from None
    if not isinstance(entries, list):
        raise ImportRefused("The manifest must be a JSON list of entries.")
    return [
        _import_entry(
            manifest_path.parent, entry, created_by, importer or import_address
        )
        for entry in entries
    ]


def _import_entry(
    folder: Path, entry: Any, created_by: User | None, importer: Importer
) -> ManifestResult:
    name = str(entry.get("file", "?")) if isinstance(entry, dict) else "?"
    try:
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ImportRefused('Each manifest entry must be an object with a "file".')
        path = folder / entry["file"]
        try:
            data = path.read_bytes()
        except OSError:
            raise ImportRefused(f"Cannot read {path}; check the path.") from None
        details = AddressInput(
            title=str(entry.get("title", "")),
            speaker=str(entry.get("speaker", "")),
            speaker_role=str(entry.get("speaker_role", "")),
            delivered_on=str(entry.get("delivered_on", "")),
            kind=str(entry.get("kind", AddressKind.ADDRESS)),
            venue=str(entry.get("venue", "")),
            language=str(entry.get("language", "en")),
            source_url=str(entry.get("source_url", "")),
        )
        address = importer(data, details, created_by=created_by)
    except AlreadyImported as duplicate:
        return ManifestResult(name, duplicate.existing, str(duplicate), True)
    except ImportRefused as refusal:
        return ManifestResult(name, None, str(refusal))
    return ManifestResult(name, address)
