"""Admin pages for tracking. Progress updates are append-only, and reminders are the
reminder services' business, so both are read-only here."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import dateformat, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.permissions import MODERATE_SUBMISSIONS

# Registers the commitment and candidate pages, whose workflows live here.
from tracking import (
    admin_commitments,  # noqa: F401
    reminders,
    submissions,
)
from tracking.models import (
    DismissReason,
    ProgressUpdate,
    ReaderSubmission,
    Reminder,
    ReminderQuerySet,
)


class ListOnlyAdmin(admin.ModelAdmin[Any]):
    """Rows that only services write: listed and inspected here, never added,
    changed or deleted."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ListOnlyAdmin):
    """A correction is a new update, recorded by an analyst through the services;
    nobody edits or deletes one, here or anywhere."""

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


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [
            ("undeliverable", "Undeliverable (given up)"),
            ("failing", "Failing (being retried)"),
            ("sent", "Sent"),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> QuerySet[Any] | None:
        rows = cast(ReminderQuerySet, queryset)
        match self.value():
            case "undeliverable":
                return rows.undeliverable()
            case "failing":
                return rows.failing()
            case "sent":
                return rows.sent()
        return queryset


@admin.register(Reminder)
class ReminderAdmin(ListOnlyAdmin):
    """Reminders as planned and sent, and the ones that could not be delivered.

    Read-only: rows are planned and sent by `tracking.reminders`. The one change
    offered is to retry undeliverable reminders, for those who may change them.
    """

    list_display = [
        "commitment",
        "recipient_address",
        "kind",
        "due_at",
        "delivery",
        "attempts",
        "last_error_line",
    ]
    list_filter = [DeliveryFilter, "kind"]
    search_fields = [
        "commitment__title",
        "recipient__username",
        "recipient__email",
        "last_error",
    ]
    list_select_related = ["commitment", "recipient"]
    ordering = ["-due_at", "-id"]
    actions = ["retry_undeliverable"]

    @admin.display(description="recipient", ordering="recipient__username")
    def recipient_address(self, reminder: Reminder) -> str:
        recipient = reminder.recipient
        return f"{recipient.get_username()} <{recipient.email}>"

    @admin.display(description="delivery")
    def delivery(self, reminder: Reminder) -> str:
        if reminder.sent_at is not None:
            return f"Sent {_local(reminder.sent_at)}"
        if reminder.gave_up_at is not None:
            return f"Undeliverable since {_local(reminder.gave_up_at)}"
        if reminder.first_failed_at is not None:
            return (
                f"Failing since {_local(reminder.first_failed_at)}; next try "
                f"{_local(reminder.next_attempt_at)}"
            )
        return "Waiting"

    @admin.display(description="last error")
    def last_error_line(self, reminder: Reminder) -> str:
        first_line = reminder.last_error.partition("\n")[0]
        return first_line if len(first_line) <= 160 else f"{first_line[:159]}…"

    @admin.action(
        description="Retry the selected undeliverable reminders now",
        permissions=["retry"],
    )
    def retry_undeliverable(
        self, request: HttpRequest, queryset: QuerySet[Reminder]
    ) -> None:
        retried = reminders.retry_undeliverable(queryset.values_list("pk", flat=True))
        if not retried.count and not retried.dropped:
            self.message_user(
                request,
                "None of the selected reminders is undeliverable; nothing to retry.",
                messages.WARNING,
            )
            return
        parts = []
        if retried.count:
            parts.append(
                f"{_reminders(retried.count)} will be sent with the next sweep, "
                f"within {settings.UADE_REMINDER_SWEEP_MINUTES} minutes."
            )
        else:
            parts.append("No reminder will be sent:")
        if retried.dropped:
            parts.append(
                f"{retried.dropped} {'was' if retried.dropped == 1 else 'were'} no "
                "longer wanted (its commitment is final or its recipient no longer "
                "follows it) and was removed."
            )
        self.message_user(request, " ".join(parts))

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("tracking.change_reminder")


def _local(moment: dt.datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "j M Y H:i")


def _reminders(count: int) -> str:
    return f"{count} reminder{'s' if count != 1 else ''}"


def _dismiss_action(reason: DismissReason) -> Any:
    """An admin action dismissing the selected pending submissions for `reason`."""

    def dismiss(
        model_admin: ReaderSubmissionAdmin,
        request: HttpRequest,
        queryset: QuerySet[ReaderSubmission],
    ) -> None:
        user = cast(User, request.user)
        dismissed = skipped = 0
        for submission_id in queryset.values_list("pk", flat=True):
            try:
                submissions.dismiss_submission(submission_id, by=user, reason=reason)
            except submissions.AlreadyModerated:
                skipped += 1
            else:
                dismissed += 1
        model_admin.message_user(
            request,
            ngettext(
                "Dismissed %(count)d submission (%(reason)s).",
                "Dismissed %(count)d submissions (%(reason)s).",
                dismissed,
            )
            % {"count": dismissed, "reason": reason.label},
        )
        if skipped:
            model_admin.message_user(
                request,
                ngettext(
                    "%(count)d was moderated already and was left as it was.",
                    "%(count)d were moderated already and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    dismiss.__name__ = f"dismiss_{reason.value}"
    # Interpolated when shown, in the language of the request.
    description = lazy(
        lambda: (
            _("Dismiss the selected submissions: %(reason)s") % {"reason": reason.label}
        ),
        str,
    )()
    return admin.action(description=description, permissions=["moderate"])(dismiss)


@admin.register(ReaderSubmission)
class ReaderSubmissionAdmin(ListOnlyAdmin):
    """Readers' submissions, read-only: what a reader sent is never edited. They
    are moderated through `tracking.submissions`, here by dismissing them (logging
    one as progress needs the analysts' queue, where the rating is chosen)."""

    list_display = [
        "created_at",
        "commitment",
        "state",
        "note_line",
        "url",
        "email",
        "dismiss_reason",
        "moderated_by",
    ]
    list_filter = ["state", "dismiss_reason"]
    search_fields = ["commitment__title", "note", "url", "email"]
    date_hierarchy = "created_at"
    list_select_related = ["commitment", "moderated_by"]
    ordering = ["-created_at", "-id"]
    # The hash of the reader's address means nothing to a person.
    exclude = ["client_hash"]
    actions = [
        _dismiss_action(DismissReason.SPAM),
        _dismiss_action(DismissReason.NOT_RELEVANT),
        _dismiss_action(DismissReason.ALREADY_RECORDED),
        _dismiss_action(DismissReason.UNRELIABLE),
    ]

    @admin.display(description=_("note"))
    def note_line(self, submission: ReaderSubmission) -> str:
        return (
            submission.note
            if len(submission.note) <= 120
            else (f"{submission.note[:119]}…")
        )

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MODERATE_SUBMISSIONS)
