"""Admin pages for the speech library. Speeches enter only by import; edits go
through `addresses.services`, which holds them to the import's rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest

from addresses import services
from addresses.models import Address, Segment, Speaker
from config.permissions import signed_in_user

_M = TypeVar("_M", bound=models.Model)


class ServiceEditForm(forms.ModelForm[Any]):
    """A change form whose values the service checks, field by field, in `clean`.

    `applied_changes` is what the service then changed, for the history.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applied_changes: list[services.FieldChange] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.changed_data:
            if name not in cleaned:  # already refused by the form field
                continue
            try:
                cleaned[name] = self.check(name, cleaned[name])
            except services.ImportRefused as refusal:
                self.add_error(name, str(refusal))
        return cleaned

    def check(self, name: str, value: Any) -> Any:
        raise NotImplementedError


class AddressAdminForm(ServiceEditForm):
    def check(self, name: str, value: Any) -> Any:
        return services.clean_address_changes({name: value})[name]


class SpeakerAdminForm(ServiceEditForm):
    def check(self, name: str, value: Any) -> Any:
        speaker_id = self.instance.pk
        return services.clean_speaker_changes({name: value}, speaker_id=speaker_id)[
            name
        ]


class HistoryOfValuesAdmin(admin.ModelAdmin[_M]):
    """Writes the old and new value of every changed field to the admin history."""

    # Django stores a str change message as it is and shows it on the history page;
    # its own message (a list) names the changed fields only.
    def construct_change_message(  # type: ignore[override]
        self,
        request: HttpRequest,
        form: forms.Form,
        formsets: Iterable[BaseFormSet[Any]],
        add: bool = False,
    ) -> list[dict[str, dict[str, list[str]]]] | str:
        if add or not isinstance(form, ServiceEditForm):
            return super().construct_change_message(request, form, formsets, add)
        return services.describe_changes(form.applied_changes)


@admin.register(Speaker)
class SpeakerAdmin(HistoryOfValuesAdmin[Speaker]):
    form = SpeakerAdminForm
    list_display = ["name", "role", "term_ends_on", "slug"]
    search_fields = ["name", "role"]
    fields = ["name", "role", "term_ends_on", "slug"]
    # The slug is how imports find a speaker by name, so it follows the name.
    readonly_fields = ["slug"]

    def save_model(
        self,
        request: HttpRequest,
        obj: Speaker,
        form: SpeakerAdminForm,
        change: bool,
    ) -> None:
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            form.applied_changes = services.edit_speaker(obj.pk, changes)
        else:
            speaker = services.add_speaker(
                form.cleaned_data["name"],
                form.cleaned_data["role"],
                term_ends_on=form.cleaned_data["term_ends_on"],
            )
            obj.pk, obj.slug = speaker.pk, speaker.slug


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
class AddressAdmin(HistoryOfValuesAdmin[Address]):
    form = AddressAdminForm
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
    fields = [
        "title",
        "slug",
        "speaker",
        "kind",
        "delivered_on",
        "venue",
        "language",
        "source_url",
        "is_public",
        "text",
        "sha256",
        "created_by",
        "created_at",
    ]
    # Text and kind are fixed at import: segments and quotes point into the text, cut
    # by the kind's rules. The slug is the speech's public link.
    readonly_fields = ["slug", "kind", "text", "sha256", "created_by", "created_at"]
    inlines = [SegmentInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Address | None = None
    ) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(services.PUBLISH_PERMISSION):
            readonly.append("is_public")
        return readonly

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Speeches enter through the import service (`manage.py import_address`),
        # which validates, decodes and segments them.
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: Address,
        form: AddressAdminForm,
        change: bool,
    ) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        form.applied_changes = services.edit_address(
            obj.pk, changes, signed_in_user(request)
        )


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin[Segment]):
    list_display = ["address", "position", "kind", "speaker_label", "start", "end"]
    list_filter = ["kind", "address__kind"]
    search_fields = ["address__title", "speaker_label"]
    list_select_related = ["address"]
    readonly_fields = ["address", "position", "start", "end", "kind", "speaker_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
