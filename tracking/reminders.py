"""Reminder services: plan rows from the pure policy, and send the ones that fall due.

Planning is called by the services that change a deadline, a status or an assignee
(and nightly for everything); sending is called by the beat task and by
`manage.py send_reminders`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import smtplib
import socket
import ssl
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, Status
from tracking import schedules
from tracking.models import (
    Reminder,
    ReminderFrequency,
    ReminderKind,
    ReminderPreference,
)

logger = logging.getLogger(__name__)

ANALYSTS_GROUP = "Analysts"
UNSUBSCRIBE_SALT = "uade.reminders.unsubscribe"
PLAN_BATCH = 5000


def policy() -> schedules.ReminderPolicy:
    return schedules.ReminderPolicy(
        due_soon_days=tuple(settings.UADE_REMINDER_DUE_SOON_DAYS),
        overdue_every_days=settings.UADE_REMINDER_OVERDUE_EVERY_DAYS,
        stale_after_days=settings.UADE_REMINDER_STALE_AFTER_DAYS,
    )


# -------------------------------------------------------------------------- planning


def plan_reminders(
    commitment_ids: Iterable[int], *, now: dt.datetime | None = None
) -> int:
    """Bring the unsent reminders of these commitments in line with the policy.

    Rows that are still right are kept (with their attempts), wrong ones deleted,
    missing ones created; sent rows are never touched. A final status leaves no
    unsent reminder. Only the next UADE_REMINDER_HORIZON_DAYS are written as rows,
    and none past the last accepted year (UADE_MAX_YEAR): a deadline years away
    needs no rows yet, and the nightly re-plan moves the horizon on. Returns the
    number of rows created. Idempotent.

    Given-up rows are left as they are, neither deleted nor replaced: the unique key
    (commitment, recipient, kind, due_at) allows no second row for the same
    reminder, and a one-shot reminder (due soon, due today) is never planned for
    another day. So what could not be delivered stays visible until someone retries
    it (`retry_undeliverable`, the admin's action, `send_reminders
    --retry-undeliverable`), which makes the row due again; from then on planning
    treats it as any unsent row.
    """
    now = now or timezone.now()
    ids = sorted(set(commitment_ids))
    created = 0
    for start in range(0, len(ids), PLAN_BATCH):
        created += _plan_batch(ids[start : start + PLAN_BATCH], now)
    return created


def plan_all_reminders(*, now: dt.datetime | None = None) -> int:
    """Re-plan every commitment (nightly, and after loading data in bulk)."""
    ids = Commitment.objects.order_by().values_list("pk", flat=True)
    return plan_reminders(list(ids), now=now)


Key = tuple[int, int, str, dt.datetime]  # commitment, recipient, kind, due_at
REPEATING = frozenset({ReminderKind.OVERDUE, ReminderKind.STALE})


@transaction.atomic
def _plan_batch(ids: Sequence[int], now: dt.datetime) -> int:
    """Reconcile the unsent rows of these commitments with what the policy wants.

    Rows already due are in flight: a sweep may hold them, and a digest may be
    waiting to bundle them, so they stay (unless the commitment became final or the
    recipient no longer follows it) and no late duplicate of their kind is added.
    """
    wanted, followers = _wanted(ids, now)
    existing, taken, in_flight = _current(ids, now, followers)
    obsolete = [
        pk
        for key, pk in existing.items()
        if key[1] not in followers[key[0]] or (key[3] > now and key not in wanted)
    ]
    if obsolete:
        Reminder.objects.filter(pk__in=obsolete).delete()
    new = [
        key
        for key in wanted - taken
        if not (key[2] in REPEATING and key[3] <= now and key[:3] in in_flight)
    ]
    return _insert(sorted(new))


def _wanted(
    ids: Sequence[int], now: dt.datetime
) -> tuple[set[Key], dict[int, set[int]]]:
    """The rows the policy wants for these commitments, and who follows each."""
    today = timezone.localdate(now)
    horizon = _horizon(today)
    rules = policy()
    hour, zone = settings.UADE_REMINDER_HOUR, settings.TIME_ZONE
    sent = _last_sent(ids)
    analysts = _default_recipients()
    muted = set(
        ReminderPreference.objects.filter(frequency=ReminderFrequency.OFF).values_list(
            "user_id", flat=True
        )
    )
    final = Status.final()
    wanted: set[Key] = set()
    followers: dict[int, set[int]] = {pk: set() for pk in ids}
    rows = (
        Commitment.objects.filter(pk__in=ids)
        .annotate(last_update_at=Max("progress_updates__created_at"))
        .values_list(
            "pk", "deadline", "status", "assignee_id", "created_at", "last_update_at"
        )
    )
    for pk, deadline, status, assignee_id, created_at, last_update_at in rows:
        if status in final:
            continue
        recipients = [assignee_id] if assignee_id else analysts
        followers[pk] = {
            recipient for recipient in recipients if recipient not in muted
        }
        last_activity_on = timezone.localdate(last_update_at or created_at)
        for recipient in followers[pk]:
            planned = schedules.plan(
                today=today,
                deadline=deadline,
                last_activity_on=last_activity_on,
                is_final=False,
                policy=rules,
                last_overdue_on=sent.get((pk, recipient, ReminderKind.OVERDUE)),
                last_stale_on=sent.get((pk, recipient, ReminderKind.STALE)),
            )
            wanted.update(
                (
                    pk,
                    recipient,
                    reminder.kind.value,
                    _local_time(reminder.due_on, 0 if reminder.is_late else hour, zone),
                )
                for reminder in planned
                if reminder.due_on <= horizon
            )
    return wanted, followers


def _current(
    ids: Sequence[int], now: dt.datetime, followers: dict[int, set[int]]
) -> tuple[dict[Key, int], set[Key], set[tuple[int, int, str]]]:
    """The unsent rows of these commitments (key → id), every key taken from today
    on (sent rows included), and which (commitment, recipient, kind) are in flight."""
    rows = Reminder.objects.filter(
        commitment_id__in=ids, gave_up_at__isnull=True
    ).filter(
        Q(sent_at__isnull=True)
        | Q(due_at__gte=due_at(timezone.localdate(now), is_late=True))
    )
    existing: dict[Key, int] = {}
    taken: set[Key] = set()
    in_flight: set[tuple[int, int, str]] = set()
    columns = ("pk", "commitment_id", "recipient_id", "kind", "due_at", "sent_at")
    for pk, commitment_id, recipient_id, kind, due, sent_at in rows.values_list(
        *columns
    ):
        key = (commitment_id, recipient_id, kind, due)
        taken.add(key)
        if sent_at is None:
            existing[key] = pk
            if due <= now and recipient_id in followers[commitment_id]:
                in_flight.add((commitment_id, recipient_id, kind))
    return existing, taken, in_flight


def _insert(rows: list[tuple[int, int, str, dt.datetime]]) -> int:
    """Insert planned rows, skipping any that exist already (a sent row stays sent)."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        # One statement over arrays: planning 100,000 commitments writes ~600,000
        # rows, and building that many model instances would dominate the time.
        columns = [list(column) for column in zip(*rows, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO tracking_reminder
                    (commitment_id, recipient_id, kind, due_at, next_attempt_at,
                     attempts, last_error, created_at)
                SELECT commitment_id, recipient_id, kind, due_at, due_at, 0, '', now()
                FROM unnest(%s::bigint[], %s::integer[], %s::varchar[],
                            %s::timestamptz[])
                     AS planned(commitment_id, recipient_id, kind, due_at)
                ON CONFLICT DO NOTHING
                """,
                columns,
            )
            inserted: int = cursor.rowcount
            return inserted
    created = Reminder.objects.bulk_create(
        (
            Reminder(
                commitment_id=commitment_id,
                recipient_id=recipient_id,
                kind=kind,
                due_at=due,
                next_attempt_at=due,
            )
            for commitment_id, recipient_id, kind, due in rows
        ),
        ignore_conflicts=True,
    )
    return len(created)


def _horizon(today: dt.date) -> dt.date:
    """The last day written as rows: UADE_REMINDER_HORIZON_DAYS ahead, and never
    past the last accepted day."""
    days_left = (_last_accepted_day() - today).days
    return today + dt.timedelta(
        days=min(settings.UADE_REMINDER_HORIZON_DAYS, days_left)
    )


def _days_after(day: dt.date, days: int) -> dt.date | None:
    """`day` plus `days`, or None past the last accepted day (31 December of
    UADE_MAX_YEAR); computed so that it cannot overflow."""
    if days > (_last_accepted_day() - day).days:
        return None
    return day + dt.timedelta(days=days)


def _last_accepted_day() -> dt.date:
    return dt.date(settings.UADE_MAX_YEAR, 12, 31)


def due_at(day: dt.date, *, is_late: bool = False) -> dt.datetime:
    """When a reminder for `day` falls due: the reminder hour, local time; a late
    one at the start of the day, so it goes out with the next sweep. Either way the
    time is stable through the day, which keeps re-planning idempotent."""
    hour = 0 if is_late else settings.UADE_REMINDER_HOUR
    return _local_time(day, hour, settings.TIME_ZONE)


@functools.lru_cache(maxsize=4096)
def _local_time(day: dt.date, hour: int, zone: str) -> dt.datetime:
    # Cached: planning asks for the same few hundred days hundreds of thousands of
    # times.
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(zone))


def _last_sent(ids: Sequence[int]) -> dict[tuple[int, int, str], dt.date]:
    """The local date of the last overdue and stale reminder sent, per commitment and
    recipient: each analyst's repeats count from their own last one."""
    rows = (
        Reminder.objects.filter(
            commitment_id__in=ids,
            sent_at__isnull=False,
            kind__in=[ReminderKind.OVERDUE, ReminderKind.STALE],
        )
        .values("commitment_id", "recipient_id", "kind")
        .annotate(last_due_at=Max("due_at"))
        .order_by()
    )
    return {
        (row["commitment_id"], row["recipient_id"], row["kind"]): timezone.localdate(
            row["last_due_at"]
        )
        for row in rows
    }


def _default_recipients() -> list[int]:
    """Who hears about unassigned commitments: the active members of the analysts."""
    return list(
        User.objects.filter(groups__name=ANALYSTS_GROUP, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --------------------------------------------------------------------------- sending


@dataclass(frozen=True)
class Delivery:
    """One email (or, in a dry run, one that would be sent) to one recipient, and
    what became of it."""

    recipient: str
    email: str
    reminders: int
    kinds: dict[str, int]
    error: str = ""  # as raised; empty when the email went out
    reason: str = ""  # the error in a few words, e.g. "connection refused"
    retry_at: dt.datetime | None = None  # the earliest retry of the rows kept
    given_up: int = 0  # rows given up with this failure

    @property
    def retried(self) -> int:
        """Reminders of a failed email that are kept for a retry."""
        return self.reminders - self.given_up if self.error else 0


@dataclass
class SweepResult:
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(1 for delivery in self.deliveries if not delivery.error)

    @property
    def failed(self) -> int:
        return sum(1 for delivery in self.deliveries if delivery.error)


def send_due_reminders(
    now: dt.datetime | None = None, *, dry_run: bool = False
) -> SweepResult:
    """Email every recipient one message bundling their due reminders.

    No lock and no transaction is held while talking to the mail server. For each
    recipient, a short transaction claims the due rows (`SELECT … FOR UPDATE SKIP
    LOCKED`, then `next_attempt_at` moved on by a lease, see `_lease`) and commits;
    the email is rendered, and the successors of repeating reminders worked out,
    before anything is sent; the send runs outside any transaction, each wait on
    the server bounded by EMAIL_TIMEOUT; a second short transaction then marks the
    rows sent, or records the failure. Successors are inserted only after the sent
    mark is committed, so nothing can put a sent row back in the queue; an error
    there is logged, and the nightly re-plan adds what is missing. Two sweeps at
    once never claim the same row while its lease lasts.

    Delivery guarantee: at least once. A reminder goes out twice only if the process
    dies (or the database fails) after the mail server accepted the message and
    before the sent mark commits: its lease then runs out and a later sweep sends it
    again.

    A failure (of the mail backend, or in rendering) is recorded on the rows
    (`attempts`, `last_error`, `first_failed_at`) without holding up other
    recipients, and retried after UADE_REMINDER_RETRY_MINUTES, doubling up to
    UADE_REMINDER_RETRY_MAX_MINUTES a wait. A row is given up (`gave_up_at`, an
    ERROR in the log, "undeliverable" in the admin and the workspace) at its first
    failure more than UADE_REMINDER_GIVE_UP_AFTER_HOURS after the first one, and
    waits for `retry_undeliverable`. Recipients who chose a daily or weekly digest
    are only sent when their digest falls due.

    Call it outside a transaction (the beat task and the command do): inside one,
    the claims' locks would last until the caller commits.
    """
    now = now or timezone.now()
    result = SweepResult()
    recipient_ids = (
        Reminder.objects.due(now)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in sorted(recipient_ids):
        delivery = _deliver(recipient_id, now, dry_run=dry_run)
        if delivery is not None:
            result.deliveries.append(delivery)
    return result


@dataclass(frozen=True)
class _Claim:
    """A recipient's due rows, taken by this sweep for the length of the lease."""

    recipient: User
    preference: ReminderPreference | None
    rows: list[Reminder]

    @property
    def ids(self) -> list[int]:
        return [row.pk for row in self.rows]

    def delivery(self, **outcome: Any) -> Delivery:
        kinds = {
            kind: sum(1 for row in self.rows if row.kind == kind)
            for kind in ReminderKind.values
        }
        return Delivery(
            recipient=self.recipient.get_username(),
            email=self.recipient.email,
            reminders=len(self.rows),
            kinds={kind: count for kind, count in kinds.items() if count},
            **outcome,
        )


def _deliver(recipient_id: int, now: dt.datetime, *, dry_run: bool) -> Delivery | None:
    claim = _claim(recipient_id, now, dry_run=dry_run)
    if claim is None:
        return None
    if dry_run:
        return claim.delivery()
    try:
        message = _message(claim.recipient, claim.rows)
        successors = _successors(claim.rows, now)
        message.send()
    # Any failure, of the mail backend or in rendering, is recorded and retried,
    # never raised: one recipient's bad address must not stop the sweep for others.
    except Exception as error:
        return _record_failure(claim, now, error)
    _mark_sent(claim, now)
    try:
        _plan_successors(successors)
    # The rows are sent and stay sent: a successor missed here is added by the
    # nightly re-plan, so this must not fail the sweep.
    except Exception as error:
        logger.exception(
            "Sent %s to %s but could not plan the next ones; the nightly re-plan "
            "will: %s",
            _count(len(claim.rows), "reminder"),
            claim.recipient.get_username(),
            _describe(error),
        )
    return claim.delivery()


def _claim(recipient_id: int, now: dt.datetime, *, dry_run: bool) -> _Claim | None:
    """Take the recipient's due rows for this sweep, in one short transaction.

    The recipient and the rows are locked only until the commit; moving
    `next_attempt_at` on by the lease is what keeps other sweeps off them while
    this one sends. A dry run takes nothing.
    """
    with transaction.atomic():
        # The recipient's row is the claim's lock: a sweep that finds it taken
        # leaves the recipient to the other. Locking reminder rows alone let two
        # sweeps split one recipient's rows between them (one lock each, midway
        # through the same SELECT), mailing them twice.
        recipient = (
            User.objects.select_for_update(skip_locked=True)
            .filter(pk=recipient_id)
            .first()
        )
        if recipient is None:  # being claimed by another sweep, or deleted
            return None
        preference = ReminderPreference.objects.filter(user=recipient).first()
        if not _digest_due(preference, now):
            return None
        rows = list(
            Reminder.objects.due(now)
            .filter(recipient=recipient)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("commitment")
            .order_by("kind", "commitment__deadline", "commitment_id")
        )
        if not rows:
            return None
        if not dry_run:
            Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(
                next_attempt_at=now + _lease()
            )
    return _Claim(recipient, preference, rows)


def _lease() -> dt.timedelta:
    """How long a claim keeps other sweeps off its rows: longer than a send can take
    (a dozen exchanges with the mail server, each allowed EMAIL_TIMEOUT), so a live
    sweep is never overtaken. If the process dies, its rows are due again after it.
    """
    timeout = settings.EMAIL_TIMEOUT or 60
    return max(dt.timedelta(minutes=10), 30 * dt.timedelta(seconds=timeout))


@transaction.atomic
def _mark_sent(claim: _Claim, now: dt.datetime) -> None:
    Reminder.objects.filter(pk__in=claim.ids, sent_at__isnull=True).update(
        sent_at=now, attempts=F("attempts") + 1
    )
    preference = claim.preference
    if preference is not None and preference.frequency != ReminderFrequency.IMMEDIATE:
        ReminderPreference.objects.filter(pk=preference.pk).update(last_digest_at=now)


def _successors(rows: list[Reminder], now: dt.datetime) -> list[Key]:
    """The next overdue and stale reminders that sending these rows calls for:
    within the horizon (the nightly re-plan reaches the rest), and never past the
    last accepted day."""
    horizon_end = due_at(_horizon(timezone.localdate(now)))
    every = {
        ReminderKind.OVERDUE: settings.UADE_REMINDER_OVERDUE_EVERY_DAYS,
        ReminderKind.STALE: settings.UADE_REMINDER_STALE_AFTER_DAYS,
    }
    keys = set()
    for row in rows:
        if row.kind not in REPEATING:
            continue
        day = _days_after(timezone.localdate(now), every[ReminderKind(row.kind)])
        if day is not None and due_at(day) <= horizon_end:
            keys.add((row.commitment_id, row.recipient_id, row.kind, due_at(day)))
    return sorted(keys)


@transaction.atomic
def _plan_successors(keys: list[Key]) -> None:
    # Only inserts, so this never waits on rows another sweep has claimed.
    _insert(keys)


def _record_failure(claim: _Claim, now: dt.datetime, error: Exception) -> Delivery:
    """Keep the rows for a retry after a back-off, or give up the ones whose first
    failure is more than UADE_REMINDER_GIVE_UP_AFTER_HOURS old."""
    give_up_after = dt.timedelta(hours=settings.UADE_REMINDER_GIVE_UP_AFTER_HOURS)
    given_up: list[Reminder] = []
    for row in claim.rows:
        row.attempts += 1
        row.last_error = _describe(error)[:2000]
        row.first_failed_at = row.first_failed_at or now
        row.next_attempt_at = now + _back_off(row.attempts)
        if now - row.first_failed_at > give_up_after:
            row.gave_up_at = now
            given_up.append(row)
    with transaction.atomic():
        Reminder.objects.bulk_update(
            claim.rows,
            [
                "attempts",
                "last_error",
                "first_failed_at",
                "next_attempt_at",
                "gave_up_at",
            ],
        )
    if given_up:
        since = min(row.first_failed_at or now for row in given_up)
        logger.error(
            "Gave up on %s to %s <%s> after %d hours of failures (since %s): %s. "
            "Retry them from %s or with send_reminders --retry-undeliverable.",
            _count(len(given_up), "reminder"),
            claim.recipient.get_username(),
            claim.recipient.email,
            settings.UADE_REMINDER_GIVE_UP_AFTER_HOURS,
            f"{timezone.localtime(since):%Y-%m-%d %H:%M %Z}",
            _describe(error),
            undeliverable_url(),
        )
    retries = [row.next_attempt_at for row in claim.rows if row.gave_up_at is None]
    return claim.delivery(
        error=str(error) or type(error).__name__,
        reason=failure_reason(error),
        retry_at=min(retries, default=None),
        given_up=len(given_up),
    )


def _back_off(failures: int) -> dt.timedelta:
    """The wait after the `failures`-th failed send in a row: UADE_REMINDER_RETRY_
    MINUTES, doubling each time, at most UADE_REMINDER_RETRY_MAX_MINUTES."""
    first = settings.UADE_REMINDER_RETRY_MINUTES
    # Capping the exponent keeps the number small; the cap below is what counts.
    doubled = first * 2 ** min(max(failures - 1, 0), 30)
    return dt.timedelta(minutes=min(doubled, settings.UADE_REMINDER_RETRY_MAX_MINUTES))


def failure_reason(error: BaseException) -> str:
    """The failure in a few words for people, e.g. "connection refused", read from
    the error and the errors that led to it."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, TimeoutError):
            timeout = settings.EMAIL_TIMEOUT
            return f"no answer within {timeout} s" if timeout else "timed out"
        if isinstance(cause, socket.gaierror):
            return "mail server not found"
        if isinstance(cause, smtplib.SMTPAuthenticationError):
            return "the mail server refused the login"
        if isinstance(cause, smtplib.SMTPRecipientsRefused):
            return "the mail server refused the address"
        if isinstance(cause, ssl.SSLError):
            return "TLS failed"
        cause = cause.__cause__ or cause.__context__
    return str(error) or type(error).__name__


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


# --------------------------------------------------------------------- undeliverable


@dataclass(frozen=True)
class Retried:
    count: int  # made due again
    dropped: int  # no longer wanted, so removed instead


@transaction.atomic
def retry_undeliverable(
    reminder_ids: Iterable[int] | None = None, *, now: dt.datetime | None = None
) -> Retried:
    """Make given-up reminders (all of them, or those among `reminder_ids`) due now.

    This is the only way a given-up reminder is sent: planning never replaces one
    (see `plan_reminders`). Its failures start over (`attempts`, `first_failed_at`),
    so if the mail server still fails it is retried for another
    UADE_REMINDER_GIVE_UP_AFTER_HOURS; `last_error` stays for reference. Their
    commitments are then re-planned in the same transaction, which removes the
    reminders no longer wanted (a final commitment, a recipient who no longer
    follows it) instead of sending them. Rows not given up are left alone.
    """
    now = now or timezone.now()
    rows = Reminder.objects.undeliverable()
    if reminder_ids is not None:
        rows = rows.filter(pk__in=list(reminder_ids))
    picked = dict(rows.select_for_update().values_list("pk", "commitment_id"))
    if not picked:
        return Retried(count=0, dropped=0)
    Reminder.objects.filter(pk__in=picked).update(
        gave_up_at=None, first_failed_at=None, attempts=0, next_attempt_at=now
    )
    plan_reminders(set(picked.values()), now=now)
    count = Reminder.objects.filter(pk__in=picked).count()
    return Retried(count=count, dropped=len(picked) - count)


def undeliverable_url() -> str:
    """The admin's list of undeliverable reminders, as a full URL."""
    changelist = reverse("admin:tracking_reminder_changelist")
    return f"{settings.SITE_URL}{changelist}?delivery=undeliverable"


def undeliverable_count_for(user: User) -> int:
    """How many undeliverable reminders to tell `user` about: none unless they may
    open the Reminder admin (staff who may view reminders), so no one else is shown
    a link they cannot follow, and no one else pays for the query."""
    may_view = user.has_perm("tracking.view_reminder") or user.has_perm(
        "tracking.change_reminder"
    )
    if not (user.is_active and user.is_staff and may_view):
        return 0
    return Reminder.objects.undeliverable().count()


def _digest_due(preference: ReminderPreference | None, now: dt.datetime) -> bool:
    if preference is None or preference.frequency == ReminderFrequency.IMMEDIATE:
        return True
    if preference.frequency == ReminderFrequency.OFF:
        return False
    # The latest digest slot at or before now: today's (daily) or this Monday's
    # (weekly) reminder hour, else the one before.
    local = timezone.localtime(now)
    period = 7 if preference.frequency == ReminderFrequency.WEEKLY else 1
    slot = due_at(
        local.date() - dt.timedelta(days=local.weekday() if period == 7 else 0)
    )
    if now < slot:
        slot = due_at(slot.date() - dt.timedelta(days=period))
    if preference.last_digest_at is None:
        # A first digest waits for a slot of its own rather than going out at once.
        return slot.date() == local.date()
    return preference.last_digest_at < slot


def _message(recipient: User, rows: list[Reminder]) -> EmailMultiAlternatives:
    unsubscribe_url = settings.SITE_URL + reverse(
        "workspace:unsubscribe", args=[unsubscribe_token(recipient)]
    )
    groups: dict[str, dict[int, Reminder]] = defaultdict(dict)
    for row in rows:
        # A commitment once per kind, even when a retried reminder goes out with a
        # newer one of the same kind.
        groups[row.kind].setdefault(row.commitment_id, row)
    count = sum(len(group) for group in groups.values())
    context = {
        "recipient": recipient,
        "groups": [
            (ReminderKind(kind).label, [_item(row) for row in groups[kind].values()])
            for kind in ReminderKind.values
            if kind in groups
        ],
        "count": count,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": settings.SITE_URL
        + reverse("workspace:reminder_preferences"),
        "site_url": settings.SITE_URL,
    }
    subject = f"Uade: {_count(count, 'commitment reminder')}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/reminders.txt", context),
        to=[recipient.email or f"{recipient.get_username()}@localhost"],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("emails/reminders.html", context), "text/html"
    )
    return message


@dataclass(frozen=True)
class _Item:
    title: str
    deadline: dt.date | None
    status: str
    commitment_url: str
    progress_url: str


def _item(row: Reminder) -> _Item:
    commitment = row.commitment
    return _Item(
        title=commitment.title,
        deadline=commitment.deadline,
        status=commitment.get_status_display(),
        commitment_url=settings.SITE_URL
        + reverse("workspace:commitment", args=[commitment.pk]),
        progress_url=settings.SITE_URL
        + reverse("workspace:log_progress", args=[commitment.pk]),
    )


# ---------------------------------------------------------------------- preferences


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str) -> User | None:
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id).first()


@transaction.atomic
def set_reminder_frequency(user: User, frequency: str) -> ReminderPreference:
    """Change how a user gets reminders; turning them off drops their unsent rows."""
    if frequency not in ReminderFrequency.values:
        raise ValueError(f"Unknown reminder frequency {frequency!r}.")
    preference, _ = ReminderPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    if frequency == ReminderFrequency.OFF:
        Reminder.objects.unsent().filter(recipient=user).delete()
    else:
        affected = Commitment.objects.filter(
            Q(assignee=user) | Q(assignee__isnull=True)
        )
        plan_reminders(list(affected.values_list("pk", flat=True)))
    return preference
