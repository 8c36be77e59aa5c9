"""Synthetic commitments and reminders in bulk, for benchmarks and load tests.

Rows are written with set-based SQL (`generate_series`), since a million ORM saves
would measure Python, not the sweep. PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, User
from django.db import connection, transaction

from tracking.reminders import ANALYSTS_GROUP


def analysts(count: int) -> list[int]:
    """Create `count` analysts in the analysts group; return their ids."""
    group, _ = Group.objects.get_or_create(name=ANALYSTS_GROUP)
    users = User.objects.bulk_create(
        User(username=f"synthetic-analyst-{n}", email=f"analyst{n}@example.org")
        for n in range(count)
    )
    group.user_set.add(*users)
    return [user.pk for user in users]


@transaction.atomic
def commitments(
    count: int,
    analyst_ids: list[int],
    *,
    first_deadline: dt.date,
    spread_days: int = 1000,
) -> None:
    """Add `count` open commitments, assigned round-robin, with deadlines spread
    evenly over `spread_days` from `first_deadline`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO commitments_commitment
                (title, summary, area, type, actor, deadline, deadline_text, target,
                 status, assignee_id, is_published, first_made_on, version,
                 created_at, updated_at)
            SELECT 'Synthetic commitment ' || g, '', 'economy', 'other', '',
                   %s::date + (g %% %s), '', '', 'not_rated',
                   (%s::bigint[])[1 + g %% %s], true, DATE '2024-01-01', 1,
                   now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [first_deadline, spread_days, analyst_ids, len(analyst_ids), count],
        )


@transaction.atomic
def future_reminders(after_id: int, *, per_commitment: int) -> None:
    """Give every commitment with id > `after_id` unsent reminders due later (the
    days after its deadline, which lies in the future)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO tracking_reminder
                (commitment_id, recipient_id, kind, due_at, next_attempt_at,
                 attempts, last_error, created_at)
            SELECT c.id, c.assignee_id, 'due_soon', at, at, 0, '', now()
            FROM commitments_commitment AS c,
                 LATERAL (
                     SELECT c.deadline::timestamptz + make_interval(days => n) AS at
                     FROM generate_series(1, %s) AS n
                 ) AS planned
            WHERE c.id > %s
            """,
            [per_commitment, after_id],
        )
        cursor.execute("ANALYZE tracking_reminder; ANALYZE commitments_commitment")


@transaction.atomic
def make_due(count: int, now: dt.datetime) -> None:
    """Move `count` unsent reminders to fall due now (an hour ago; a microsecond
    apart, so two rows of one commitment keep distinct keys)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE tracking_reminder
            SET due_at = %s - id * INTERVAL '1 microsecond', next_attempt_at = %s
            WHERE id IN (
                SELECT id FROM tracking_reminder
                WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at > %s
                ORDER BY id LIMIT %s
            )
            """,
            [
                now - dt.timedelta(hours=1),
                now - dt.timedelta(hours=1),
                now,
                count,
            ],
        )


@transaction.atomic
def clear_commitments() -> None:
    """Remove every commitment and what hangs on it (benchmark databases only)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE commitments_commitment CASCADE")
