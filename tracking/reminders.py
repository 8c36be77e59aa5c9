"""Reminder services: plan rows from the pure policy, and send the ones that fall due.

Planning is called by the services that change a deadline, a status or an assignee
(and nightly for everything); sending is called by the beat task and by
`manage.py send_reminders`.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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
    unsent reminder. Only the next UADE_REMINDER_HORIZON_DAYS are written as rows:
    a deadline years away needs no rows yet, and the nightly re-plan moves the
    horizon on. Returns the number of rows created. Idempotent.
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
    horizon = today + dt.timedelta(days=settings.UADE_REMINDER_HORIZON_DAYS)
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
    """One email (or, in a dry run, one that would be sent) to one recipient."""

    recipient: str
    email: str
    reminders: int
    kinds: dict[str, int]
    error: str = ""


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

    Each recipient is handled in its own transaction that claims their due rows
    with `SELECT … FOR UPDATE SKIP LOCKED`, sends the email and marks the rows sent
    before committing. Two sweeps running at once (two beats, two workers) therefore
    never claim the same row, and a row marked sent is never sent again.

    Delivery guarantee: at least once. If the process dies after the mail server
    accepted a message but before the commit, the rows stay unsent and go out again
    in the next sweep; that narrow window is the only source of duplicates. A failed
    send records `attempts` and `last_error`, backs off exponentially
    (UADE_REMINDER_RETRY_MINUTES, doubling) and gives up after
    UADE_REMINDER_MAX_ATTEMPTS, without holding up other recipients. Recipients who
    chose a daily or weekly digest are only sent when their digest falls due.
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


def _deliver(recipient_id: int, now: dt.datetime, *, dry_run: bool) -> Delivery | None:
    with transaction.atomic():
        recipient = User.objects.get(pk=recipient_id)
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
        kinds = {
            kind: sum(1 for row in rows if row.kind == kind)
            for kind in ReminderKind.values
        }
        kinds = {kind: count for kind, count in kinds.items() if count}
        delivery = Delivery(recipient.get_username(), recipient.email, len(rows), kinds)
        if dry_run:
            return delivery
        try:
            _message(recipient, rows).send()
        # Any failure of the mail backend is recorded and retried, never raised:
        # one recipient's bad address must not stop the sweep for the others.
        except Exception as error:
            _record_failure(rows, now, error)
            return Delivery(
                delivery.recipient,
                delivery.email,
                delivery.reminders,
                kinds,
                str(error),
            )
        Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(
            sent_at=now, attempts=F("attempts") + 1
        )
        if (
            preference is not None
            and preference.frequency != ReminderFrequency.IMMEDIATE
        ):
            preference.last_digest_at = now
            preference.save(update_fields=["last_digest_at"])
        # Overdue and stale reminders repeat: each one sent plans its successor
        # (when within the horizon; the nightly re-plan reaches the rest). Only
        # inserts, so a sweep never waits on rows another sweep has claimed.
        successors = {_successor(row, now) for row in rows if row.kind in REPEATING}
        _insert(sorted(key for key in successors if key[3] <= _horizon_end(now)))
        return delivery


def _successor(row: Reminder, now: dt.datetime) -> Key:
    every = (
        settings.UADE_REMINDER_OVERDUE_EVERY_DAYS
        if row.kind == ReminderKind.OVERDUE
        else settings.UADE_REMINDER_STALE_AFTER_DAYS
    )
    day = timezone.localdate(now) + dt.timedelta(days=every)
    return (row.commitment_id, row.recipient_id, row.kind, due_at(day))


def _horizon_end(now: dt.datetime) -> dt.datetime:
    last_day = timezone.localdate(now) + dt.timedelta(
        days=settings.UADE_REMINDER_HORIZON_DAYS
    )
    return due_at(last_day)


def _record_failure(rows: list[Reminder], now: dt.datetime, error: Exception) -> None:
    for row in rows:
        row.attempts += 1
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        delay = settings.UADE_REMINDER_RETRY_MINUTES * 2 ** (row.attempts - 1)
        row.next_attempt_at = now + dt.timedelta(minutes=delay)
        if row.attempts >= settings.UADE_REMINDER_MAX_ATTEMPTS:
            row.gave_up_at = now
    Reminder.objects.bulk_update(
        rows, ["attempts", "last_error", "next_attempt_at", "gave_up_at"]
    )


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
        "tracking:unsubscribe", args=[unsubscribe_token(recipient)]
    )
    groups: dict[str, list[Reminder]] = defaultdict(list)
    for row in rows:
        groups[row.kind].append(row)
    context = {
        "recipient": recipient,
        "groups": [
            (ReminderKind(kind).label, [_item(row) for row in groups[kind]])
            for kind in ReminderKind.values
            if kind in groups
        ],
        "count": len(rows),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": settings.SITE_URL + reverse("tracking:reminder_preferences"),
        "site_url": settings.SITE_URL,
    }
    subject = f"Uade: {len(rows)} commitment reminder{'s' if len(rows) != 1 else ''}"
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
        + reverse("tracking:commitment", args=[commitment.pk]),
        progress_url=settings.SITE_URL
        + reverse("tracking:log_progress", args=[commitment.pk]),
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
