"""Beat entry points for tracking: one service call each."""

from __future__ import annotations

from celery import shared_task

from tracking import reminders


@shared_task(acks_late=True)
def send_due_reminders() -> dict[str, int]:
    """Sweep due reminders (every UADE_REMINDER_SWEEP_MINUTES); safe to overlap."""
    result = reminders.send_due_reminders()
    return {"sent": result.sent, "failed": result.failed}


@shared_task(acks_late=True)
def plan_all_reminders() -> int:
    """Re-plan every commitment's reminders (nightly); idempotent."""
    return reminders.plan_all_reminders()
