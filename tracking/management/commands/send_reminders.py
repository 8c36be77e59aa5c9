"""`manage.py send_reminders [--now ISO-8601] [--dry-run] [--retry-undeliverable]`"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from addresses.dates import DateRefused, parse_iso_datetime
from addresses.services import accepted_years
from tracking import reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that are due, one email per analyst (the same sweep the "
        "beat runs), and print what was sent; --dry-run only prints. Exits 1 when an "
        "email failed, saying whether its reminders will be retried or were given up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="treat this moment as now (ISO 8601, e.g. 2025-01-02T09:00)"
        )
        parser.add_argument("--dry-run", action="store_true", help="send nothing")
        parser.add_argument(
            "--retry-undeliverable",
            action="store_true",
            help="first make the reminders given up after failing for "
            "UADE_REMINDER_GIVE_UP_AFTER_HOURS due again, then sweep",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"] and options["retry_undeliverable"]:
            raise CommandError(
                "--retry-undeliverable changes reminders, so it cannot be combined "
                "with --dry-run; run it without --dry-run.",
                returncode=2,
            )
        now = _parse_now(options["now"]) if options["now"] else timezone.now()
        if options["retry_undeliverable"]:
            self.stdout.write(_retried(reminders.retry_undeliverable(now=now)))
        result = reminders.send_due_reminders(now, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        for delivery in result.deliveries:
            kinds = ", ".join(
                f"{count} {kind}" for kind, count in delivery.kinds.items()
            )
            line = (
                f"{delivery.recipient} <{delivery.email}>: "
                f"{_count(delivery.reminders, 'reminder')} ({kinds})"
            )
            if delivery.error:
                self.stderr.write(
                    f"failed    {line}: {_failure(delivery)}; {_outcome(delivery, now)}"
                )
            else:
                self.stdout.write(f"{verb:9} {line}")
        if not result.deliveries:
            self.stdout.write(
                f"No reminders due at {_local(now, '%Y-%m-%d %H:%M %Z')}."
            )
        if result.failed:
            raise CommandError(_summary(result, now))


def _parse_now(value: str) -> dt.datetime:
    try:
        moment = parse_iso_datetime(
            value,
            what="--now",
            years=accepted_years(),
        )
    except DateRefused as refused:
        raise CommandError(str(refused), returncode=2) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _retried(retried: reminders.Retried) -> str:
    if not retried.count and not retried.dropped:
        return "No undeliverable reminders to retry."
    message = f"Retrying {_count(retried.count, 'undeliverable reminder')}."
    if retried.dropped:
        message += (
            f" Removed {retried.dropped} no longer wanted (the commitment is final "
            "or the recipient no longer follows it)."
        )
    return message


def _summary(result: reminders.SweepResult, now: dt.datetime) -> str:
    """What became of the failed emails: retried from when, or given up."""
    failed = [delivery for delivery in result.deliveries if delivery.error]
    reasons = ", ".join(dict.fromkeys(delivery.reason for delivery in failed))
    retried = sum(delivery.retried for delivery in failed)
    given_up = sum(delivery.given_up for delivery in failed)
    their = "its" if len(failed) == 1 else "their"
    parts = [f"{_count(len(failed), 'email')} failed ({reasons})"]
    if retried:
        retry_at = min(d.retry_at for d in failed if d.retry_at is not None)
        some = (
            f"{retried} of {their} {retried + given_up}"
            if given_up
            else f"{their} {retried}"
        )
        parts.append(
            f"{some} {_reminders(retried)} will be retried from {_when(retry_at, now)}"
        )
    if given_up:
        some = f"{given_up}" if retried else f"{their} {given_up}"
        parts.append(
            f"{some} {_reminders(given_up)} {'was' if given_up == 1 else 'were'} given "
            f"up after {settings.UADE_REMINDER_GIVE_UP_AFTER_HOURS} hours of "
            f"failures; see {reminders.undeliverable_url()}"
        )
    return "; ".join(parts) + ("" if given_up else ".")


def _failure(delivery: reminders.Delivery) -> str:
    if delivery.reason == delivery.error:
        return delivery.reason
    return f"{delivery.reason} ({delivery.error})"


def _outcome(delivery: reminders.Delivery, now: dt.datetime) -> str:
    if delivery.retry_at is None:
        return "given up"
    retrying = f"retrying from {_when(delivery.retry_at, now)}"
    return (
        f"{retrying}, {delivery.given_up} given up" if delivery.given_up else retrying
    )


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    """A local time, with its date unless it is today's."""
    same_day = timezone.localdate(moment) == timezone.localdate(now)
    return _local(moment, "%H:%M" if same_day else "%Y-%m-%d %H:%M")


def _local(moment: dt.datetime, pattern: str) -> str:
    return timezone.localtime(moment).strftime(pattern)


def _reminders(count: int) -> str:
    return "reminder" if count == 1 else "reminders"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
