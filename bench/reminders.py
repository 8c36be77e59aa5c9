"""Reminder planning and sweeping at scale, on PostgreSQL.

Targets: planning reminders for 100,000 commitments in ≤ 30 s; one sweep with 1,000
reminders due among 1,000,000 commitments in ≤ 2 s, its time following the number due
rather than the total (the partial index on unsent rows).

Runs in a throw-away test database (`test_<name>`), never in the configured one.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone

from bench import synthetic
from commitments.models import Commitment
from tracking import reminders
from tracking.models import Reminder

ANALYSTS = 20
PLANNED = 100_000
TOTAL = 1_000_000
DUE = 1_000


def run() -> dict[str, Any]:
    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL: set DATABASE_URL=postgres://…"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        return _measure()
    finally:
        teardown_databases(old_config, verbosity=0)


def _measure() -> dict[str, Any]:
    now = timezone.now()
    soon = timezone.localdate(now) + dt.timedelta(days=2)
    analyst_ids = synthetic.analysts(ANALYSTS)

    # Dense: every deadline within the next month, so every commitment gets all its
    # near reminders as rows (the worst case for planning).
    synthetic.commitments(PLANNED, analyst_ids, first_deadline=soon, spread_days=30)
    dense_seconds, dense_rows = _plan_all(now)
    synthetic.clear_commitments()

    # Spread: deadlines over the next three years, as in a real record.
    synthetic.commitments(PLANNED, analyst_ids, first_deadline=soon)
    plan_seconds, planned_rows = _plan_all(now)

    small = _sweep(now)
    last_id = Commitment.objects.order_by("-pk").values_list("pk", flat=True)[0]
    synthetic.commitments(TOTAL - PLANNED, analyst_ids, first_deadline=soon)
    synthetic.future_reminders(last_id, per_commitment=3)
    large = _sweep(now)
    return {
        "plan_commitments": PLANNED,
        "plan_dense_seconds": round(dense_seconds, 2),
        "plan_dense_rows_created": dense_rows,
        "plan_seconds": round(plan_seconds, 2),
        "plan_rows_created": planned_rows,
        "sweep_due": DUE,
        "sweep_seconds_at_100k_commitments": small["seconds"],
        "sweep_seconds_at_1m_commitments": large["seconds"],
        "unsent_rows_at_1m": large["unsent"],
        "emails_per_sweep": large["emails"],
        "claim_query_plan": large["plan"],
    }


def _plan_all(now: dt.datetime) -> tuple[float, int]:
    ids = list(Commitment.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    created = reminders.plan_reminders(ids, now=now)
    return time.perf_counter() - started, created


def _sweep(now: dt.datetime) -> dict[str, Any]:
    synthetic.make_due(DUE, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tracking_reminder")
    plan = _claim_plan(now)
    started = time.perf_counter()
    result = reminders.send_due_reminders(now)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "emails": result.sent,
        "unsent": Reminder.objects.unsent().count(),
        "plan": plan,
    }


def _claim_plan(now: dt.datetime) -> str:
    """The access path of the sweep's first query: it must use the partial index."""
    queryset = Reminder.objects.due(now).order_by().values("recipient_id").distinct()
    explained = queryset.explain()
    return "reminder_unsent_idx" if "reminder_unsent_idx" in explained else explained
