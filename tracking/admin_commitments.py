"""Admin pages of commitments and candidates. Their edits, assignments and
acceptances go through `tracking.services`, the one entry point that also re-plans
the reminders; so they are registered here, above both apps, not in commitments.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from commitments import services
from commitments.admin import ReadOnlyAdmin
from commitments.models import (
    Candidate,
    Commitment,
    Mention,
    RestatementSuggestion,
)
from config.permissions import signed_in_user
from tracking import services as tracking_services


class MentionInline(admin.TabularInline[Mention, Commitment]):
    model = Mention
    fields = ("kind", "address", "quote", "start", "end")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CommitmentAdminForm(forms.ModelForm[Commitment]):
    """Carries the version the editor loaded, so a concurrent save is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        current = Commitment.objects.filter(pk=self.instance.pk).values_list(
            "version", flat=True
        )
        if current and cleaned.get("loaded_version") != current[0]:
            raise ValidationError(
                "Someone saved this commitment while you were editing it. Reload the "
                "page to see their changes, then make yours again."
            )
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """django-simple-history's admin, answering 404 to ids that cannot exist.

    Its history views look rows up with the raw URL text, so "/abc/history/" would
    otherwise fail with a server error instead of "not found".
    """

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        _valid_id(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)  # type: ignore[no-any-return]

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: Any = None,
    ) -> HttpResponse:
        _valid_id(self.model._meta.pk, unquote(object_id))
        _valid_id(self.model.history.model._meta.pk, unquote(version_id))
        return super().history_form_view(  # type: ignore[no-any-return]
            request, object_id, version_id, extra_context
        )


def _valid_id(field: Any, value: str) -> None:
    try:
        field.to_python(value)
    except ValidationError:
        raise Http404("No such record.") from None


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    form = CommitmentAdminForm
    list_display = [
        "title",
        "area",
        "type",
        "deadline",
        "status",
        "is_published",
        "assignee",
        "first_made_on",
    ]
    list_filter = ["is_published", "status", "area", "type", "assignee"]
    search_fields = ["title", "summary", "actor", "target", "mentions__quote"]
    date_hierarchy = "first_made_on"
    list_select_related = ["assignee"]
    fields = [
        *services.EDITABLE_FIELDS,
        "status",
        "status_changed_at",
        "is_published",
        "assignee",
        "first_made_on",
        "version",
        "loaded_version",
    ]
    # Status changes only with a progress update; publishing only by editors'
    # actions; the rest is edited here through `services.edit_commitment`.
    readonly_fields = [
        "status",
        "status_changed_at",
        "is_published",
        "first_made_on",
        "version",
    ]
    inlines = [MentionInline]
    actions = ["publish_selected", "unpublish_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Commitments are accepted from the candidates extraction proposes.
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Commitment | None = None
    ) -> bool:
        # The record keeps every commitment it ever showed, with its history and
        # the candidate it came from; one that should not be public is unpublished.
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: Commitment,
        form: ModelForm[Commitment],
        change: bool,
    ) -> None:
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.EDITABLE_FIELDS
        }
        user = signed_in_user(request)
        version = form.cleaned_data["loaded_version"]
        # Through tracking's services, so reminders follow a new deadline or assignee.
        if changes:
            tracking_services.edit_commitment(
                obj.pk, version=version, changes=changes, editor=user
            )
        if "assignee" in form.changed_data:
            tracking_services.assign(obj.pk, form.cleaned_data["assignee"], by=user)

    @admin.action(description="Publish the selected commitments")
    def publish_selected(
        self, request: HttpRequest, queryset: QuerySet[Commitment]
    ) -> None:
        self._publish(request, queryset, services.publish, "Published")

    @admin.action(description="Unpublish the selected commitments")
    def unpublish_selected(
        self, request: HttpRequest, queryset: QuerySet[Commitment]
    ) -> None:
        self._publish(request, queryset, services.unpublish, "Unpublished")

    def _publish(
        self,
        request: HttpRequest,
        queryset: QuerySet[Commitment],
        action: Any,
        verb: str,
    ) -> None:
        try:
            for commitment in queryset:
                action(commitment.pk, editor=signed_in_user(request))
        except PermissionDenied as denied:
            self.message_user(request, str(denied), messages.ERROR)
            return
        self.message_user(request, f"{verb} {queryset.count()} commitment(s).")


class RestatementInline(admin.TabularInline[RestatementSuggestion, Candidate]):
    model = RestatementSuggestion
    fields = ("rank", "commitment", "score")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = [
        "quote_excerpt",
        "address",
        "state",
        "tier",
        "type",
        "area",
        "deadline",
        "confidence",
    ]
    list_filter = ["state", "tier", "type", "area", "speaker", "address"]
    search_fields = ["quote", "actor", "target"]
    list_select_related = ["address"]
    inlines = [RestatementInline]
    actions = ["accept_selected", "reject_selected"]

    @admin.display(description="quote")
    def quote_excerpt(self, candidate: Candidate) -> str:
        return candidate.quote[:100]

    @admin.action(description="Accept the selected candidates as new commitments")
    def accept_selected(
        self, request: HttpRequest, queryset: QuerySet[Candidate]
    ) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        self._review(
            request,
            lambda: tracking_services.accept_candidates(
                ids, reviewer=signed_in_user(request)
            ),
        )

    @admin.action(description="Reject the selected candidates (not a commitment)")
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[Candidate]
    ) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        self._review(
            request,
            lambda: services.reject_candidates(
                ids, reviewer=signed_in_user(request), reason="Not a commitment"
            ),
        )

    def _review(self, request: HttpRequest, action: Any) -> None:
        try:
            done = action()
        except (services.ReviewConflict, ValidationError) as error:
            self.message_user(request, f"Nothing changed: {error}", messages.ERROR)
            return
        self.message_user(request, f"Reviewed {len(done)} candidate(s).")
