"""Background work for commitments: ids in, one service call, a retry policy."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from commitments import services


@shared_task(
    bind=True,
    acks_late=True,
    # A worker killed mid-run (the out-of-memory killer, a deploy) puts the message
    # back instead of losing it; `services.run_extraction` stops a message that
    # keeps killing workers.
    reject_on_worker_lost=True,
    max_retries=5,
    soft_time_limit=settings.UADE_EXTRACTION_TIME_LIMIT,
    time_limit=settings.UADE_EXTRACTION_TIME_LIMIT + 30,
)
def extract_candidates(self: Task[Any, Any], address_id: int) -> dict[str, int]:
    """Propose the commitments of an imported address (idempotent).

    Transient database errors are retried with exponential back-off (10 s, 20 s,
    … at most 10 minutes); when the retries run out, or on any other error, the
    failure and its reason are recorded on the address's extraction.
    """
    try:
        result = services.run_extraction(address_id)
    except services.TRANSIENT_ERRORS as error:
        retries = self.request.retries
        if retries >= (self.max_retries or 0):
            services.fail_extraction(address_id, error)
            raise
        raise self.retry(exc=error, countdown=min(10 * 2**retries, 600)) from error
    if result is None:
        return {}
    return {
        "candidates": result.candidates,
        "restatements": result.restatements,
        "evidence": result.evidence,
    }


@shared_task(acks_late=True)
def queue_unfinished_extractions() -> dict[str, int]:
    """Queue every extraction an import could not queue or a lost worker left
    behind (every UADE_EXTRACTION_REQUEUE_MINUTES)."""
    result = services.queue_unfinished_extractions()
    return {"queued": result.queued, "failed": result.failed}
