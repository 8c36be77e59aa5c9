"""Template helpers of the public pages: status badges and commitment links."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from commitments.models import Commitment, Status
from dashboard.links import commitment_url as _commitment_url

register = template.Library()

# One icon per status, always with its word and colour (design.md: never colour
# alone). The overdue badge is separate: overdue is not a status.
STATUS_ICONS = {
    Status.NOT_RATED: "○",
    Status.IN_PROGRESS: "▶",
    Status.STALLED: "‖",
    Status.PARTIALLY_ACHIEVED: "◐",
    Status.ACHIEVED: "✔",
    Status.BROKEN: "✖",
    Status.UNVERIFIABLE: "?",
}


@register.inclusion_tag("dashboard/_status.html")
def status_badge(status: str) -> dict[str, Any]:
    return {
        "status": status,
        "label": Status(status).label,
        "icon": STATUS_ICONS[Status(status)],
    }


@register.filter
def commitment_url(commitment: Commitment) -> str:
    return _commitment_url(commitment)


@register.filter
def status_icon(status: str) -> str:
    return STATUS_ICONS[Status(status)]


@register.filter
def status_label(status: str) -> str:
    return str(Status(status).label)


@register.filter
def reason_label(reason: str) -> str:
    """Why an update stalled or failed, in words: updates store the reason's code
    (`settings.UADE_STALL_REASONS`); a code no longer listed shows as it is."""
    return str(settings.UADE_STALL_REASONS.get(reason, reason))
