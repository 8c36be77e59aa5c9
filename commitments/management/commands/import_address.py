"""`manage.py import_address PATH --title T --speaker NAME --date YYYY-MM-DD …`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from addresses import services
from addresses.models import AddressKind
from commitments import services as commitment_services


class Command(BaseCommand):
    help = (
        "Import one speech from a text file and print its slug and segment count; "
        "its commitments are then proposed in the background."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="plain-text file (UTF-8 preferred)")
        parser.add_argument("--title", required=True)
        parser.add_argument("--speaker", required=True, help="the speaker's name")
        parser.add_argument("--role", default="", help="the speaker's role")
        parser.add_argument("--date", required=True, help="delivery date, YYYY-MM-DD")
        parser.add_argument(
            "--kind", default=AddressKind.ADDRESS, help=", ".join(AddressKind.values)
        )
        parser.add_argument("--venue", default="")
        parser.add_argument("--language", default="en")
        parser.add_argument("--source-url", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        details = services.AddressInput(
            title=options["title"],
            speaker=options["speaker"],
            speaker_role=options["role"],
            delivered_on=options["date"],
            kind=options["kind"],
            venue=options["venue"],
            language=options["language"],
            source_url=options["source_url"],
        )
        try:
            data = services.read_text_file(options["path"])
            address = commitment_services.import_address(data, details)
        except services.ImportRefused as refusal:
            raise CommandError(str(refusal), returncode=2) from None
        self.stdout.write(f"{address.slug}\t{address.segments.count()} segments")
        self.stdout.write(commitment_services.extraction_status(address.pk))
