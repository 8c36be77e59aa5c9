"""Back the database up to one file, and restore it from one.

PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --clean --if-exists
--no-owner` in one transaction (a restore that fails changes nothing). SQLite: the
database file copied with SQLite's online backup API, which gives a consistent copy
while the site and the worker are using it (a plain file copy may catch a write half
done, or miss what is still in the WAL), and restored by the same API.

Here, in the lowest app, because the whole record is backed up, not one app's part.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.utils import timezone

POSTGRES_MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format file
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def vendor_of(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def backup(
    database: dict[str, Any],
    directory: Path,
    *,
    pg_bin_dir: str = "",
    now: dt.datetime | None = None,
) -> Path:
    """Back `database` (a Django DATABASES entry) up into a new file in `directory`,
    named `uade-<UTC time>.dump` (PostgreSQL) or `.sqlite3`; return its path."""
    vendor = vendor_of(database)
    stamp = (now or timezone.now()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".dump" if vendor == "postgresql" else ".sqlite3"
    target = directory / f"uade-{stamp}{suffix}"
    if target.exists():
        raise BackupError(f"{target} already exists; try again in a second.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        if vendor == "postgresql":
            check_client_version(database, pg_bin_dir)
            _run(
                _tool("pg_dump", pg_bin_dir),
                "--format=custom",
                f"--file={partial}",
                *_connection_arguments(database),
                database=database,
            )
        else:
            _sqlite_copy(Path(database["NAME"]), partial)
        # Renamed only once complete: a file named uade-* is always a whole backup.
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(database: dict[str, Any], source: Path, *, pg_bin_dir: str = "") -> None:
    """Replace everything in `database` with the backup `source`.

    Raises `BackupError`, changing nothing, when `source` is missing or is not a
    backup of this kind of database. Close the database's connections first.
    """
    vendor = vendor_of(database)
    check_backup_file(source, vendor)
    if vendor == "postgresql":
        check_client_version(database, pg_bin_dir)
        _run(
            _tool("pg_restore", pg_bin_dir),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *_connection_arguments(database, flag="--dbname"),
            str(source),
            database=database,
        )
    else:
        with (
            closing(sqlite3.connect(source)) as backup_file,
            closing(sqlite3.connect(database["NAME"])) as live,
        ):
            backup_file.backup(live)


def check_backup_file(source: Path, vendor: str) -> None:
    """Refuse a missing file, or one that is not a backup for `vendor`."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    magic = POSTGRES_MAGIC if vendor == "postgresql" else SQLITE_MAGIC
    with source.open("rb") as file:
        if file.read(len(magic)) != magic:
            kind = (
                "a pg_dump custom-format file"
                if magic == POSTGRES_MAGIC
                else ("an SQLite database")
            )
            raise BackupError(
                f"{source} is not {kind}, so it is not a backup of this database."
            )


def check_client_version(database: dict[str, Any], pg_bin_dir: str = "") -> None:
    """Refuse a pg_dump older than the server: it cannot read a newer server's
    catalogue, and a dump it made could not be trusted."""
    output = _run(_tool("pg_dump", pg_bin_dir), "--version", database=database)
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    server = _server_major(database)
    if found is None or int(found.group(1)) < server:
        raise BackupError(
            f"pg_dump is version {found.group(1) if found else '?'} but the server "
            f"is PostgreSQL {server}: install the client tools of version {server} "
            f"(Debian: postgresql-client-{server}) and set UADE_PG_BIN_DIR to their "
            f"folder (e.g. /usr/lib/postgresql/{server}/bin)."
        )


def _server_major(database: dict[str, Any]) -> int:
    import psycopg2

    with (
        closing(psycopg2.connect(**_psycopg_arguments(database))) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("SHOW server_version_num")
        (number,) = cursor.fetchone()
    return int(number) // 10000


def _psycopg_arguments(database: dict[str, Any]) -> dict[str, Any]:
    arguments = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    return {key: value for key, value in arguments.items() if value is not None}


def _connection_arguments(database: dict[str, Any], flag: str = "") -> list[str]:
    arguments = []
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    arguments.append("--no-password")  # never wait for a prompt; PGPASSWORD below
    arguments.append(f"{flag}={database['NAME']}" if flag else str(database["NAME"]))
    return arguments


def _tool(name: str, pg_bin_dir: str) -> str:
    found = str(Path(pg_bin_dir) / name) if pg_bin_dir else shutil.which(name)
    if not found or not Path(found).is_file():
        raise BackupError(
            f"{name} is not installed (Debian: apt-get install postgresql-client), "
            "or set UADE_PG_BIN_DIR to the folder that holds it."
        )
    return found


def _run(*command: str, database: dict[str, Any]) -> str:
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    result = subprocess.run(  # noqa: S603 (a fixed tool, arguments from settings)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}"
        )
    return result.stdout


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"No SQLite database at {source}.")
    with (
        closing(sqlite3.connect(source)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)
