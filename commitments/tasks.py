"""Background work for commitments: ids in, one service call, a retry policy."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from commitments import services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def extract_candidates(address_id: int) -> dict[str, int]:
    """Propose the commitments of a newly imported address (idempotent)."""
    result = services.refresh_candidates(address_id)
    return {
        "candidates": result.candidates,
        "restatements": result.restatements,
        "evidence": result.evidence,
    }
