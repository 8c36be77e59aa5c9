"""`manage.py import_addresses MANIFEST.json`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from addresses import services
from commitments import services as commitment_services


class Command(BaseCommand):
    help = (
        "Import every speech listed in a JSON manifest (a list of objects with file, "
        "title, speaker, speaker_role, kind, delivered_on, venue, language, "
        "source_url and note, all strings); paths are relative to the manifest and "
        "must stay inside its folder. Each entry is all-or-nothing; texts already "
        "imported are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("manifest", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = commitment_services.import_manifest(options["manifest"])
        except services.ImportRefused as refusal:
            raise CommandError(str(refusal), returncode=2) from None
        report_manifest(self, results)


def report_manifest(
    command: BaseCommand, results: list[services.ManifestResult]
) -> None:
    """Print one line per entry; exit 2 when any entry was refused."""
    failed = 0
    for result in results:
        if result.already_imported and result.address:
            command.stdout.write(
                f"skipped   {result.entry}: already imported as {result.address.slug}"
            )
        elif result.address:
            count = result.address.segments.count()
            status = commitment_services.extraction_status(result.address.pk)
            command.stdout.write(
                f"imported  {result.entry}: {result.address.slug} ({count} segments)"
                + (f"; {status}" if status else "")
            )
        else:
            failed += 1
            command.stderr.write(f"refused   {result.entry}: {result.error}")
    if failed:
        raise CommandError(f"{failed} of {len(results)} entries refused.", returncode=2)
