"""`manage.py backup` and `manage.py restore`, end to end: the demo loaded, backed
up, changed and deleted in part, restored, and every table's rows compared with
what they were (count and a checksum of the contents).

On PostgreSQL in a throwaway database of its own (created and dropped here, named
after the test database), on SQLite in a file under the test's temporary folder.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.conf import settings as django_settings

from tests import commands

Snapshot = dict[str, tuple[int, str]]


def _manage(
    *args: str, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return commands.manage(*args, env=env, stdin=stdin, timeout=300)


def _environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "EMAIL_URL": "",
        "DJANGO_DEBUG": "1",
        "UADE_VAR_DIR": str(tmp_path / "var"),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }


def _loaded(env: dict[str, str]) -> None:
    for command in (("migrate", "--noinput"), ("load_demo",)):
        result = _manage(*command, env=env)
        assert result.returncode == 0, result.stderr[-3000:]


def _backed_up(env: dict[str, str]) -> Path:
    result = _manage("backup", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    [path] = Path(env["BACKUP_DIR"]).glob("uade-*")
    assert str(path) in result.stdout
    return path


# ------------------------------------------------------------------- PostgreSQL


@pytest.fixture
def throwaway_postgres() -> Iterator[dict[str, Any]]:
    """A new, empty database beside the test database; dropped afterwards."""
    database = django_settings.DATABASES["default"]
    name = f"test_{str(database['NAME']).removeprefix('test_')}_backup"
    server = {**database, "NAME": "postgres"}
    with closing(psycopg2.connect(**_arguments(server))) as admin:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**database, "NAME": name}
    finally:
        with closing(psycopg2.connect(**_arguments(server))) as admin:
            admin.autocommit = True
            with admin.cursor() as cursor:
                # FORCE ends the connections to this throwaway database only.
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _arguments(database: dict[str, Any]) -> dict[str, Any]:
    return {
        "dbname": database["NAME"],
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
    }


def _url(database: dict[str, Any]) -> str:
    credentials = database["USER"] + (
        f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    )
    port = database["PORT"] or 5432
    return f"postgres://{credentials}@{database['HOST']}:{port}/{database['NAME']}"


def _postgres_snapshot(database: dict[str, Any]) -> Snapshot:
    with (
        closing(psycopg2.connect(**_arguments(database))) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = sorted(name for (name,) in cursor.fetchall())
        snapshot = {}
        for table in tables:
            # Table names from the catalogue; every row's text, in one order.
            digest_of_rows = (
                "md5(coalesce(string_agg(row::text, E'\\n' ORDER BY row::text), ''))"
            )
            query = f'SELECT count(*), {digest_of_rows} FROM "{table}" AS row'  # noqa: S608
            cursor.execute(query)
            count, digest = cursor.fetchone()
            snapshot[table] = (count, digest)
    return snapshot


def _postgres_execute(database: dict[str, Any], *statements: str) -> None:
    with closing(psycopg2.connect(**_arguments(database))) as connection:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.commit()


@pytest.mark.postgres
def test_a_postgres_backup_restores_every_row(
    tmp_path: Path, throwaway_postgres: dict[str, Any]
) -> None:
    env = _environment(tmp_path, _url(throwaway_postgres))
    _loaded(env)
    before = _postgres_snapshot(throwaway_postgres)
    assert before["commitments_commitment"][0] > 0
    assert before["tracking_progressupdate"][0] > 0

    path = _backed_up(env)
    assert path.name.endswith(".dump")
    _postgres_execute(
        throwaway_postgres,
        "UPDATE commitments_commitment SET title = title || ' (changed)'",
        "DELETE FROM tracking_reminder",
        "DELETE FROM django_session",
        "INSERT INTO auth_group (name) VALUES ('Intruders')",
    )
    assert _postgres_snapshot(throwaway_postgres) != before

    restored = _manage("restore", str(path), "--yes", env=env)

    assert restored.returncode == 0, restored.stderr[-3000:]
    assert _postgres_snapshot(throwaway_postgres) == before
    # The restored site works: the demo is found loaded, nothing to change.
    again = _manage("load_demo", env=env)
    assert "already loaded" in again.stdout
    assert _postgres_snapshot(throwaway_postgres) == before


@pytest.mark.postgres
def test_restore_refuses_a_missing_file_or_one_that_is_no_dump_and_asks_first(
    tmp_path: Path, throwaway_postgres: dict[str, Any]
) -> None:
    env = _environment(tmp_path, _url(throwaway_postgres))
    not_a_dump = tmp_path / "notes.dump"
    not_a_dump.write_text("SELECT 1;\n")

    missing = _manage("restore", str(tmp_path / "nothing.dump"), "--yes", env=env)
    wrong = _manage("restore", str(not_a_dump), "--yes", env=env)

    assert missing.returncode == 2
    assert "No backup file at" in missing.stderr
    assert wrong.returncode == 2
    assert "is not a pg_dump custom-format file" in wrong.stderr

    _postgres_execute(throwaway_postgres, "CREATE TABLE kept (name text)")
    path = _backed_up(env)
    _postgres_execute(throwaway_postgres, "INSERT INTO kept (name) VALUES ('Kept')")
    declined = _manage("restore", str(path), env=env, stdin="no\n")
    assert declined.returncode == 1
    assert "Replace everything in database" in declined.stdout
    assert _postgres_count(throwaway_postgres, "kept", "Kept") == 1


def _postgres_count(database: dict[str, Any], table: str, name: str) -> int:
    with (
        closing(psycopg2.connect(**_arguments(database))) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(f'SELECT count(*) FROM "{table}" WHERE name = %s', [name])  # noqa: S608
        return int(cursor.fetchone()[0])


# ----------------------------------------------------------------------- SQLite


def _sqlite_snapshot(path: Path) -> Snapshot:
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        snapshot = {}
        for table in tables:
            rows = sorted(
                repr(row)
                for row in connection.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            snapshot[table] = (len(rows), digest)
    return snapshot


def test_an_sqlite_backup_restores_every_row(tmp_path: Path) -> None:
    database = tmp_path / "uade.sqlite3"
    env = _environment(tmp_path, f"sqlite:///{database}")
    _loaded(env)
    before = _sqlite_snapshot(database)
    assert before["commitments_commitment"][0] > 0

    # Backed up while another connection holds a write open: the copy is of what
    # was committed.
    with closing(sqlite3.connect(database)) as busy:
        busy.execute("INSERT INTO auth_group (name) VALUES ('Uncommitted')")
        path = _backed_up(env)
        busy.rollback()
    assert path.name.endswith(".sqlite3")
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("UPDATE commitments_commitment SET title = 'changed'")
        connection.execute("DELETE FROM django_session")
        connection.execute("INSERT INTO auth_group (name) VALUES ('Intruders')")
        connection.commit()
    assert _sqlite_snapshot(database) != before

    restored = _manage("restore", str(path), "--yes", env=env)

    assert restored.returncode == 0, restored.stderr[-3000:]
    assert _sqlite_snapshot(database) == before
    assert _sqlite_snapshot(path) == before


def test_an_sqlite_restore_refuses_a_file_that_is_no_database(tmp_path: Path) -> None:
    database = tmp_path / "uade.sqlite3"
    env = _environment(tmp_path, f"sqlite:///{database}")
    dump = tmp_path / "uade.dump"
    dump.write_bytes(b"PGDMP\x01\x0e")

    result = _manage("restore", str(dump), "--yes", env=env)

    assert result.returncode == 2
    assert "is not an SQLite database" in result.stderr
