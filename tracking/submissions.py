"""Readers' suggested evidence and corrections: taking them in, and moderating them.

A reader's submission is stored for moderation and shown to nobody but analysts. An
analyst logs it as a progress update (`record_progress_update`, with its link as the
evidence) or dismisses it with a reason, once. Every interface — the public form,
the analysts' queue, the admin — goes through these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from tracking import services
from tracking.models import (
    SUBMISSION_NOTE_MAX,
    SUBMISSION_URL_MAX,
    DismissReason,
    ProgressUpdate,
    ReaderSubmission,
    SubmissionState,
)

EMAIL_MAX = 254
DISMISS_NOTE_MAX = 500  # ReaderSubmission.dismiss_note
RATE_WINDOW = dt.timedelta(hours=1)
# Keeps the hash of a client's address apart from every other use of SECRET_KEY.
CLIENT_HASH_SALT = "uade.tracking.submissions.client"


class RateLimited(Exception):
    """The client has sent UADE_SUBMISSIONS_PER_HOUR submissions within the hour."""

    def __init__(self, limit: int, retry_at: dt.datetime) -> None:
        self.limit = limit
        self.retry_at = retry_at
        super().__init__(f"{limit} submissions within the hour; retry at {retry_at}")


class AlreadyModerated(Exception):
    """The submission was logged or dismissed already; it is moderated only once."""

    def __init__(self, submission: ReaderSubmission) -> None:
        self.submission = submission
        by = submission.moderated_by.get_username() if submission.moderated_by else ""
        super().__init__(
            _(
                "This submission was already moderated (%(state)s, by %(by)s); "
                "nothing was changed."
            )
            % {"state": submission.get_state_display(), "by": by}
        )


@dataclass(frozen=True)
class Submitted:
    """What `submit` did: `submission` is None when nothing was stored (a bot)."""

    submission: ReaderSubmission | None


def client_hash(client_address: str) -> str:
    """Return the keyed hash (with SECRET_KEY) standing for a client's address.

    The raw address is never stored: without the key the hash cannot be checked
    against a guessed address, yet one client's submissions share it.
    """
    return salted_hmac(
        CLIENT_HASH_SALT, client_address or "unknown", algorithm="sha256"
    ).hexdigest()


def submit(
    commitment_id: int,
    *,
    note: str,
    url: str = "",
    email: str = "",
    client_address: str,
    honeypot: str = "",
) -> Submitted:
    """Store a reader's suggestion for a published commitment, pending moderation.

    A filled `honeypot` (a field people never see) stores nothing and reports
    success, so a bot learns nothing. Raises `Commitment.DoesNotExist` for an
    unpublished or unknown commitment, `ValidationError` (by field) for bad input
    and `RateLimited` past UADE_SUBMISSIONS_PER_HOUR per client within the hour,
    counted from the stored rows so that every web process shares the count;
    on PostgreSQL a per-client lock makes concurrent requests count one by one.
    """
    commitment = Commitment.objects.published().only("pk").get(pk=commitment_id)
    if honeypot.strip():
        return Submitted(None)
    cleaned = _clean(note=note, url=url, email=email)
    hashed = client_hash(client_address)
    with transaction.atomic():
        _lock_client(hashed)
        _check_rate(hashed, timezone.now())
        submission = ReaderSubmission.objects.create(
            commitment=commitment, client_hash=hashed, **cleaned
        )
    return Submitted(submission)


def _clean(*, note: str, url: str, email: str) -> dict[str, str]:
    note, url, email = note.strip(), url.strip(), email.strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = str(_("Say what the link shows or what should be corrected."))
    elif len(note) > SUBMISSION_NOTE_MAX:
        errors["note"] = str(
            _("Keep the note under %(max)d characters.") % {"max": SUBMISSION_NOTE_MAX}
        )
    if url:
        if len(url) > SUBMISSION_URL_MAX:
            errors["url"] = str(
                _("Keep the link under %(max)d characters.")
                % {"max": SUBMISSION_URL_MAX}
            )
        else:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors["url"] = str(
                    _("Enter a web address starting with http:// or https://.")
                )
    if email:
        try:
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")
            EmailValidator()(email)
        except ValidationError:
            errors["email"] = str(_("Enter a valid email address, or leave it empty."))
    if errors:
        raise ValidationError(errors)
    return {"note": note, "url": url, "email": email}


def _lock_client(hashed: str) -> None:
    """Serialise one client's submissions until the transaction ends (PostgreSQL).

    SQLite writes one transaction at a time anyway.
    """
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(hashed.encode()).digest()[:8], signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _check_rate(hashed: str, now: dt.datetime) -> None:
    limit: int = settings.UADE_SUBMISSIONS_PER_HOUR
    recent = list(
        ReaderSubmission.objects.filter(
            client_hash=hashed, created_at__gt=now - RATE_WINDOW
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        # Allowed again once the oldest of the last `limit` leaves the window.
        raise RateLimited(limit, recent[-1] + RATE_WINDOW)


@transaction.atomic
def accept_submission(
    submission_id: int,
    *,
    by: User,
    status: str,
    evidence_kind: str,
    note: str = "",
    reason: str = "",
    evidence_url: str | None = None,
    evidence_title: str = "",
    evidence_on: dt.date | None = None,
) -> ProgressUpdate:
    """Log a submission as a progress update, with its link as the evidence.

    One transaction: the update (through `services.record_progress_update`, with
    all its rules and side effects) and the submission marked accepted with a link
    to it. `evidence_url` replaces the reader's link when given (an analyst may
    tidy it). Raises `AlreadyModerated` if it was moderated before, and the
    progress rules' `ValidationError`, writing nothing.
    """
    submission = _pending(submission_id)
    update = services.record_progress_update(
        submission.commitment_id,
        author=by,
        status=status,
        note=note,
        reason=reason,
        evidence=services.Evidence(
            kind=evidence_kind,
            url=submission.url if evidence_url is None else evidence_url,
            title=evidence_title,
            on=evidence_on,
        ),
    )
    submission.state = SubmissionState.ACCEPTED
    submission.progress_update = update
    submission.moderated_by = by
    submission.moderated_at = update.created_at
    submission.save(
        update_fields=["state", "progress_update", "moderated_by", "moderated_at"]
    )
    return update


@transaction.atomic
def dismiss_submission(
    submission_id: int, *, by: User, reason: str, note: str = ""
) -> ReaderSubmission:
    """Dismiss a submission with a reason (one of `DismissReason`) and a note.

    "Other" needs the note to say why. Raises `AlreadyModerated` if it was
    moderated before and `ValidationError` for a missing or unknown reason.
    """
    note = note.strip()
    errors: dict[str, str] = {}
    if reason not in DismissReason.values:
        errors["reason"] = str(_("Choose why the submission is dismissed."))
    elif reason == DismissReason.OTHER and not note:
        errors["note"] = str(_("Say why, when the reason is “Other”."))
    if len(note) > DISMISS_NOTE_MAX:
        errors["note"] = str(
            _("Keep the note under %(max)d characters.") % {"max": DISMISS_NOTE_MAX}
        )
    if errors:
        raise ValidationError(errors)
    submission = _pending(submission_id)
    submission.state = SubmissionState.DISMISSED
    submission.dismiss_reason = reason
    submission.dismiss_note = note
    submission.moderated_by = by
    submission.moderated_at = timezone.now()
    submission.save(
        update_fields=[
            "state",
            "dismiss_reason",
            "dismiss_note",
            "moderated_by",
            "moderated_at",
        ]
    )
    return submission


def _pending(submission_id: int) -> ReaderSubmission:
    """Lock the submission; refuse it unless it still waits for moderation."""
    submission = (
        ReaderSubmission.objects.select_for_update(of=("self",))
        .select_related("moderated_by")
        .get(pk=submission_id)
    )
    if not submission.is_pending:
        raise AlreadyModerated(submission)
    return submission
