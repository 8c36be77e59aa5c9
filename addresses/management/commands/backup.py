"""`manage.py backup`: the whole database into one new file under BACKUP_DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from addresses import backups


class Command(BaseCommand):
    help = (
        "Back the database up: pg_dump's custom format on PostgreSQL, an online "
        "copy on SQLite. Prints the file's path; `manage.py restore FILE` reads it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            help="Where to write the file (default: BACKUP_DIR, var/backups/).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        database = connections[options["database"]].settings_dict
        try:
            path = backups.backup(
                database,
                options["directory"] or Path(settings.BACKUP_DIR),
                pg_bin_dir=settings.UADE_PG_BIN_DIR,
            )
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({size:,} bytes)."))
