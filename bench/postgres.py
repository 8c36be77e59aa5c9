"""PostgreSQL for the benches' own bookkeeping: creating, dropping and asking
databases beside the configured one, outside any transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import psycopg2


@contextlib.contextmanager
def autocommit_cursor(**params: Any) -> Iterator[Any]:
    """A cursor on a new connection in autocommit (CREATE and DROP DATABASE refuse
    to run in a transaction), closed afterwards."""
    connection = psycopg2.connect(**params)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()
