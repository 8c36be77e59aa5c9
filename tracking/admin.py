"""Admin pages for tracking. Progress updates are append-only, so read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tracking.models import ProgressUpdate


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin[ProgressUpdate]):
    list_display = [
        "commitment",
        "status",
        "evidence_kind",
        "evidence_on",
        "author",
        "created_at",
    ]
    list_filter = ["status", "evidence_kind", "reason", "author"]
    search_fields = ["commitment__title", "note", "evidence_title", "evidence_url"]
    date_hierarchy = "created_at"
    list_select_related = ["commitment", "author"]

    # A correction is a new update, recorded by an analyst through the services;
    # nobody edits or deletes one, here or anywhere.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
