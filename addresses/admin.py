from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from addresses.models import Address, Segment, Speaker


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


class SegmentInline(admin.TabularInline[Segment, Address]):
    model = Segment
    fields = ("position", "kind", "speaker_label", "start", "end", "excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    @admin.display(description="text")
    def excerpt(self, segment: Segment) -> str:
        return segment.text[:120]

    def has_add_permission(
        self, request: HttpRequest, obj: Address | None = None
    ) -> bool:
        return False


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin[Address]):
    list_display = [
        "title",
        "speaker",
        "delivered_on",
        "kind",
        "is_public",
        "created_at",
    ]
    list_filter = ["kind", "is_public", "language", "speaker"]
    search_fields = ["title", "speaker__name", "venue", "text"]
    date_hierarchy = "delivered_on"
    list_select_related = ["speaker"]
    # Text and its offsets are fixed at import: segments and quotes point into them.
    readonly_fields = ["text", "sha256", "created_by", "created_at"]
    inlines = [SegmentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Speeches enter through the import service (`manage.py import_address`),
        # which validates, decodes and segments them.
        return False


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin[Segment]):
    list_display = ["address", "position", "kind", "speaker_label", "start", "end"]
    list_filter = ["kind", "address__kind"]
    search_fields = ["address__title", "speaker_label"]
    list_select_related = ["address"]
    readonly_fields = ["address", "position", "start", "end", "kind", "speaker_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
