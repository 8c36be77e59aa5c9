"""`manage.py restore FILE`: replace the whole database with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from addresses import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `manage.py "
        "backup`. Asks first unless --yes; stop the site and the worker before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        database = connection.settings_dict
        source: Path = options["file"]
        try:
            backups.check_backup_file(source, backups.vendor_of(database))
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        if not options["yes"]:
            try:
                answer = input(
                    f"Replace everything in database {database['NAME']} with "
                    f"{source}? Type 'yes' to go on: "
                )
            except EOFError:  # no one to ask (a script): only --yes goes on
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.", returncode=1)
        # The restore replaces the tables under any open connection.
        connection.close()
        try:
            backups.restore(database, source, pg_bin_dir=settings.UADE_PG_BIN_DIR)
        except backups.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored {database['NAME']} from {source}.")
        )
