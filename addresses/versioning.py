"""The record's version: one number that every change to what the public sees
moves on, so that figures built from the whole record (the scoreboard, the API's
statistics, page counts) can be kept in the cache until the record changes, and a
conditional request can be answered with one single-row read.

Database triggers move it, not application code, so that bulk writes, the admin and
raw SQL move it too: on PostgreSQL once per statement, on SQLite once per row. The
row it lives in (`RecordVersion`, in the lowest app with models, so every app above can
read it) is locked from a transaction's first change of the record to its commit,
which orders writers to the record; analysts' writes are short.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import QuerySet
from django.utils.functional import cached_property

if TYPE_CHECKING:
    from addresses.models import RecordVersion

T = TypeVar("T")
logger = logging.getLogger(__name__)
TABLE = "addresses_recordversion"
FUNCTION = "uade_bump_record_version"
# Figures built from the record stay in the cache at most this long.
CACHE_SECONDS = 24 * 60 * 60
# How long one request may build a value while others are given the last one.
BUILD_SECONDS = 60


def install_triggers(schema_editor: BaseDatabaseSchemaEditor, *tables: str) -> None:
    """Make every change to `tables` move the record's version on."""
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER uade_record_version AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        elif vendor == "sqlite":
            for operation in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER uade_record_version_{table}_{operation.lower()} "
                    f"AFTER {operation} ON {table} BEGIN UPDATE {TABLE} SET "
                    f"version = version + 1, changed_at = "
                    f"strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
                )


def remove_triggers(schema_editor: BaseDatabaseSchemaEditor, *tables: str) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS uade_record_version ON {table}"
            )
        elif vendor == "sqlite":
            for operation in ("insert", "update", "delete"):
                schema_editor.execute(
                    f"DROP TRIGGER IF EXISTS uade_record_version_{table}_{operation}"
                )


def install_function(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The version's one row, and on PostgreSQL the function the triggers call."""
    schema_editor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (1, 0)")
    if schema_editor.connection.vendor == "postgresql":
        # clock_timestamp(), not now(): the time of the change, not of the start of
        # a transaction that may have run for a while.
        schema_editor.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE {TABLE} SET version = version + 1, "
            f"changed_at = clock_timestamp() WHERE id = 1; RETURN NULL; END $$"
        )


def remove_function(schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def cached(
    name: str,
    parts: Sequence[object],
    build: Callable[[], T],
    *,
    version: RecordVersion | None = None,
) -> T:
    """`build()`, or what it gave at this version of the record for the same
    `parts`: one single-row query (none when `version` is given), and `build` only
    when the record has changed.

    `parts` must name everything else the value depends on (filters, the day, the
    language, the reader's rights); their repr is part of the key. While one
    request builds a new version's value, the others get the last value built
    rather than all building it at once (at 100,000 commitments the scoreboard
    takes seconds to build, and every change to the record starts it again).
    """
    from addresses.models import RecordVersion

    version = version or RecordVersion.current()
    kind = f"uade:{name}:{_digest(list(parts))}"
    key = f"{kind}:{_digest([version.version, version.changed_at])}"
    try:
        found: T | None = cache.get(key)
        if found is not None:
            return found
        building = not cache.add(f"{key}:building", True, BUILD_SECONDS)
        last: T | None = cache.get(f"{kind}:last") if building else None
    except Exception:  # a cache that is down must not take the page with it
        logger.warning("the cache is not answering; building %s", name, exc_info=True)
        return build()
    if last is not None:
        return last
    try:
        found = build()
        with contextlib.suppress(Exception):
            cache.set_many({key: found, f"{kind}:last": found}, CACHE_SECONDS)
    finally:
        with contextlib.suppress(Exception):
            cache.delete(f"{key}:building")
    return found


def _digest(parts: list[object]) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


class CountKeptPaginator(Paginator[Any]):
    """A paginator that counts the rows once for each version of the record."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return len(self.object_list)


def cached_count(queryset: QuerySet[Any]) -> int:
    """`queryset.count()`, kept until the record changes: at 100,000 rows a
    filtered COUNT(*) costs more than the page it numbers."""
    return cached_for_query("count", queryset, queryset.count, empty=0)


def cached_for_query(
    name: str, queryset: QuerySet[Any], build: Callable[[], T], *, empty: T
) -> T:
    """`build()` of `queryset`, kept until the record changes; the query's SQL (its
    filters, order and any date in them) is the key. `empty` when the query is
    known to match nothing without asking the database."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return empty
    return cached(name, [sql, params], build)
