"""Progress on commitments: an append-only log of rated evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, NoReturn

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import DateField, F, Q, QuerySet
from django.db.models.functions import Length, TruncMonth
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from addresses.models import Address
from commitments.models import Commitment, Status
from tracking.burnup import MonthCounts, burn_up


class EvidenceKind(models.TextChoices):
    LAW_OR_DECREE = "law_or_decree", pgettext_lazy("evidence", "Law or decree")
    BUDGET_OR_STATISTICS = (
        "budget_or_statistics",
        pgettext_lazy("evidence", "Budget or statistics"),
    )
    OFFICIAL_STATEMENT = (
        "official_statement",
        pgettext_lazy("evidence", "Official statement or answer to an inquiry"),
    )
    LATER_SPEECH = "later_speech", pgettext_lazy("evidence", "Later speech")
    NEWS_REPORT = "news_report", pgettext_lazy("evidence", "News report")
    OTHER = "other", pgettext_lazy("evidence", "Other")


class AppendOnly(Exception):
    """Progress updates are never changed or deleted; a correction is a new update."""


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Progress updates cannot be changed; record a new update.")

    def delete(self) -> NoReturn:
        raise AppendOnly("Progress updates cannot be deleted; record a new update.")

    def burn_up(
        self, commitments: QuerySet[Any], statuses: Collection[str], until: dt.date
    ) -> list[MonthCounts]:
        """How many of `commitments` stood at each of `statuses` at the end of every
        month up to `until`, as known then (see `tracking.burnup`), counted by
        local months; one query."""
        # The database cuts each time to its local month: a million rows are not
        # turned into local times one by one in Python.
        rows = (
            self.filter(commitment__in=commitments)
            .order_by("created_at", "id")
            .annotate(month=TruncMonth("created_at", output_field=DateField()))
            .values_list("commitment_id", "status", "month")
        )
        return burn_up(rows.iterator(chunk_size=10_000), statuses, until)


class ProgressUpdate(models.Model):
    """One rating of a commitment with the evidence behind it.

    Append-only: the model, its QuerySet and the admin refuse edits and deletes, so
    the history of ratings cannot be quietly rewritten.
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    evidence_kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_title = models.CharField(max_length=300, blank=True)
    evidence_on = models.DateField(
        null=True, blank=True, help_text="Date of the evidence."
    )
    evidence_address = models.ForeignKey(
        Address,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A later speech that is the evidence.",
    )
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(
        max_length=40, blank=True, help_text="Why stalled or not achieved."
    )
    # When the rating was made: now, or for a record loaded from elsewhere (the
    # demo) the time it was made there (`services.record_progress_update`).
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["commitment", "created_at", "id"]
        # The database itself refuses to change or delete a row (PostgreSQL), so
        # neither `_base_manager`, raw SQL nor another program can rewrite the
        # history; SQLite relies on the guards of the model and its QuerySet.
        triggers = [
            pgtrigger.Protect(
                name="progress_update_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]
        indexes = [
            # A commitment's history, newest first; the Atom feed of updates.
            models.Index(
                fields=["commitment", "-created_at"], name="update_history_idx"
            ),
            models.Index(fields=["-created_at"], name="update_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="update_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(evidence_kind__in=EvidenceKind.values),
                name="update_evidence_kind_valid",
            ),
            # A span in a later speech comes with that speech, and is a real span.
            models.CheckConstraint(
                condition=(
                    Q(
                        evidence_address__isnull=True,
                        evidence_start__isnull=True,
                        evidence_end__isnull=True,
                    )
                    | Q(
                        evidence_address__isnull=False,
                        evidence_start__isnull=True,
                        evidence_end__isnull=True,
                    )
                    | Q(
                        evidence_address__isnull=False,
                        evidence_end__gt=F("evidence_start"),
                    )
                ),
                name="update_evidence_span_valid",
            ),
            # Reasons explain stalled and broken commitments only.
            models.CheckConstraint(
                condition=Q(reason="") | Q(status__in=["stalled", "broken"]),
                name="update_reason_only_when_stalled_or_broken",
            ),
        ]

    def __str__(self) -> str:
        rated = f"{self.get_status_display()} ({self.created_at:%Y-%m-%d})"
        return f"{self.commitment_id}: {rated}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("Progress updates cannot be changed; record a new update.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Progress updates cannot be deleted; record a new update.")

    @property
    def evidence_quote(self) -> str:
        if self.evidence_address is None or self.evidence_start is None:
            return ""
        return self.evidence_address.text[self.evidence_start : self.evidence_end]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"
    STALE = "stale", "No progress logged"


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def unsent(self) -> ReminderQuerySet:
        return self.filter(sent_at__isnull=True, gave_up_at__isnull=True)

    def due(self, now: dt.datetime) -> ReminderQuerySet:
        """Unsent, due, and neither claimed by a sweep nor waiting out a back-off."""
        return self.unsent().filter(due_at__lte=now, next_attempt_at__lte=now)

    def sent(self) -> ReminderQuerySet:
        return self.filter(sent_at__isnull=False)

    def failing(self) -> ReminderQuerySet:
        """Unsent after at least one failed send, and still being retried."""
        return self.unsent().filter(first_failed_at__isnull=False)

    def undeliverable(self) -> ReminderQuerySet:
        """Given up after failing for UADE_REMINDER_GIVE_UP_AFTER_HOURS; they wait
        for someone to retry them (`reminders.retry_undeliverable`)."""
        return self.filter(sent_at__isnull=True, gave_up_at__isnull=False)


class Reminder(models.Model):
    """One reminder to one analyst, planned ahead as a row with its due time.

    Sending claims due rows (see `reminders.send_due_reminders`), so the schedule
    is data that survives restarts, not timers inside a worker.
    """

    # Neither key has an index of its own, since every index slows the bulk inserts
    # of planning: reminder_unique starts with commitment and serves re-planning, and
    # the sweep finds a recipient's rows among the few due ones (reminder_unsent_idx).
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="reminders", db_index=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(
        help_text="due_at; later while a sweep is sending it, or after a failure."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Sends tried since it was planned or last retried by hand."
    )
    last_error = models.TextField(blank=True)
    first_failed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its current run of failed sends began; it is given up once "
        "that is UADE_REMINDER_GIVE_UP_AFTER_HOURS old.",
    )
    gave_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep: unsent rows by next attempt. Partial, so its size follows the
            # reminders waiting to go out, not every reminder ever sent.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, gave_up_at__isnull=True),
                name="reminder_unsent_idx",
            ),
            # The workspace's count of undeliverable reminders and the admin's filter
            # for them: it holds only given-up rows, so it stays tiny.
            models.Index(
                fields=["gave_up_at"],
                condition=Q(sent_at__isnull=True, gave_up_at__isnull=False),
                name="reminder_undeliverable_idx",
            ),
        ]
        constraints = [
            # Planning is idempotent: the same reminder is never planned twice.
            # Also the index re-planning uses to find a commitment's rows.
            models.UniqueConstraint(
                fields=["commitment", "recipient", "kind", "due_at"],
                name="reminder_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.commitment_id} → {self.recipient_id}"


class ReminderFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "As they fall due"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest (Mondays)"
    OFF = "off", "Off"


class ReminderPreference(models.Model):
    """How one analyst wants reminders; no row means the default (as they fall due)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    frequency = models.CharField(
        max_length=20,
        choices=ReminderFrequency.choices,
        default=ReminderFrequency.IMMEDIATE,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=ReminderFrequency.values),
                name="reminder_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_frequency_display()}"


class SubmissionState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    ACCEPTED = "accepted", _("Logged as a progress update")
    DISMISSED = "dismissed", _("Dismissed")


class DismissReason(models.TextChoices):
    SPAM = "spam", _("Spam or abuse")
    NOT_RELEVANT = "not_relevant", _("Not about this commitment")
    ALREADY_RECORDED = "already_recorded", _("Already on the record")
    UNRELIABLE = "unreliable", _("Source not reliable")
    OTHER = "other", _("Other")


# What a reader may send (`tracking.submissions` checks it; the database too).
SUBMISSION_NOTE_MAX = 2000
SUBMISSION_URL_MAX = 500  # as ProgressUpdate.evidence_url, which it may become


class ReaderSubmissionQuerySet(models.QuerySet["ReaderSubmission"]):
    def pending(self) -> ReaderSubmissionQuerySet:
        return self.filter(state=SubmissionState.PENDING)

    def queue_order(self) -> ReaderSubmissionQuerySet:
        """Pending first, oldest first (first come, first served); then the
        moderated ones, most recently moderated first."""
        return self.order_by(
            models.Case(
                models.When(state=SubmissionState.PENDING, then=models.Value(0)),
                default=models.Value(1),
            ),
            F("moderated_at").desc(nulls_first=True),
            "created_at",
            "id",
        )


class ReaderSubmission(models.Model):
    """Evidence or a correction a reader suggests for a published commitment.

    Held for moderation and never shown publicly: an analyst either logs it as a
    progress update (which alone becomes public, with the link as its evidence) or
    dismisses it with a reason; either happens once (`tracking.submissions`). The
    reader's address is kept only as a keyed hash, enough to count their recent
    submissions.
    """

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="reader_submissions",
        verbose_name=_("commitment"),
    )
    url = models.URLField(
        _("link"), max_length=SUBMISSION_URL_MAX, blank=True, default=""
    )
    note = models.TextField(_("note"))
    email = models.EmailField(
        _("email"),
        blank=True,
        default="",
        help_text=_("Given by the reader to be contacted; never published."),
    )
    client_hash = models.CharField(
        _("client"),
        max_length=64,
        help_text=_("Keyed hash of the reader's address, to limit submissions."),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=SubmissionState.choices,
        default=SubmissionState.PENDING,
    )
    dismiss_reason = models.CharField(
        _("reason for dismissal"),
        max_length=20,
        choices=DismissReason.choices,
        blank=True,
        default="",
    )
    dismiss_note = models.CharField(
        _("dismissal note"), max_length=500, blank=True, default=""
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    progress_update = models.OneToOneField(
        ProgressUpdate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reader_submission",
        verbose_name=_("progress update"),
    )

    objects = ReaderSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader submission")
        verbose_name_plural = _("reader submissions")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("moderate_readersubmission", "Can log or dismiss reader submissions")
        ]
        indexes = [
            # The rate limit: one client's submissions in the last hour.
            models.Index(
                fields=["client_hash", "created_at"], name="submission_client_idx"
            ),
            # The moderation queue and the workspace's count: pending rows only.
            models.Index(
                fields=["created_at"],
                condition=Q(state="pending"),
                name="submission_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SubmissionState.values),
                name="submission_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(dismiss_reason="")
                | Q(dismiss_reason__in=DismissReason.values),
                name="submission_dismiss_reason_valid",
            ),
            # A reader always says something; `tracking.submissions.submit` checks
            # the same limits.
            models.CheckConstraint(
                condition=~Q(note="")
                & Q(LessThanOrEqual(Length("note"), SUBMISSION_NOTE_MAX))
                & Q(LessThanOrEqual(Length("url"), SUBMISSION_URL_MAX)),
                name="submission_note_given",
            ),
            # Each state carries exactly its own traces: pending has no moderation,
            # accepted has its progress update, dismissed its reason.
            models.CheckConstraint(
                condition=(
                    Q(
                        state=SubmissionState.PENDING,
                        moderated_by__isnull=True,
                        moderated_at__isnull=True,
                        progress_update__isnull=True,
                        dismiss_reason="",
                        dismiss_note="",
                    )
                    | Q(
                        state=SubmissionState.ACCEPTED,
                        moderated_by__isnull=False,
                        moderated_at__isnull=False,
                        progress_update__isnull=False,
                        dismiss_reason="",
                        dismiss_note="",
                    )
                    | (
                        Q(
                            state=SubmissionState.DISMISSED,
                            moderated_by__isnull=False,
                            moderated_at__isnull=False,
                            progress_update__isnull=True,
                        )
                        & ~Q(dismiss_reason="")
                    )
                ),
                name="submission_state_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.get_state_display()} ({self.pk})"

    @property
    def is_pending(self) -> bool:
        return self.state == SubmissionState.PENDING
