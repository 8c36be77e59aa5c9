"""Proof that CI runs the suite against the real services, not the embedded defaults.

Without DATABASE_URL / REDIS_URL these skip; CI sets REQUIRE_SERVICES=1, which turns a
missing service into a failure.
"""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # pg_indexes and partial-index definitions exist only in PostgreSQL.
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["address_public_recent_idx"],
        )
        (index_definition,) = cursor.fetchone()
        cursor.execute("SELECT current_setting('server_version_num')::int")
        (server_version,) = cursor.fetchone()

    assert "WHERE is_public" in index_definition
    assert server_version >= 140000


@pytest.mark.redis
def test_celery_broker_connects_to_redis(settings):
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)

        assert conn.transport_cls == "redis"
        assert conn.connected
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
