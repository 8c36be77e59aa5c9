"""Admin pages of the rows only services write: listed and inspected here.

The commitment and candidate pages, whose edits also re-plan reminders, are
registered by `tracking.admin_commitments`, beside the workflow they call.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from commitments import services
from commitments.models import (
    EvidenceSuggestion,
    Extraction,
    Mention,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows written only by services: listed and inspected here, never edited."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mention)
class MentionAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "kind", "address", "start", "end"]
    list_filter = ["kind", "address"]
    search_fields = ["quote", "commitment__title"]
    list_select_related = ["commitment", "address"]


@admin.register(EvidenceSuggestion)
class EvidenceSuggestionAdmin(ReadOnlyAdmin):
    list_display = ["quote", "commitment", "rank", "score", "is_dismissed"]
    list_filter = ["is_dismissed", "rank", "address"]
    search_fields = ["quote", "commitment__title"]
    list_select_related = ["commitment"]


@admin.register(Extraction)
class ExtractionAdmin(ReadOnlyAdmin):
    """Where each speech's extraction stands; failed ones can be queued again."""

    list_display = [
        "address",
        "state",
        "runs",
        "candidates",
        "queued_at",
        "finished_at",
        "error",
    ]
    list_filter = ["state"]
    search_fields = ["address__title", "error"]
    list_select_related = ["address"]
    actions = ["queue_again"]

    @admin.action(
        description="Queue the extraction of the selected speeches again",
        permissions=["queue"],
    )
    def queue_again(self, request: HttpRequest, queryset: QuerySet[Extraction]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queued = sum(services.queue_extraction(pk) for pk in ids)
        if queued < len(ids):
            self.message_user(
                request,
                f"Queued {queued} of {len(ids)}; the task queue is unreachable, so "
                "the rest stay pending and are queued automatically once it is back.",
                messages.WARNING,
            )
        else:
            self.message_user(request, f"Queued {queued} extraction(s).")

    def has_queue_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commitments.change_extraction")
