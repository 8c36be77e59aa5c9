"""`manage.py send_reminders [--now ISO-8601] [--dry-run]`"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tracking import reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that are due, one email per analyst (the same sweep the "
        "beat runs), and print what was sent; --dry-run only prints."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="treat this moment as now (ISO 8601, e.g. 2025-01-02T09:00)"
        )
        parser.add_argument("--dry-run", action="store_true", help="send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        now = _parse_now(options["now"]) if options["now"] else timezone.now()
        result = reminders.send_due_reminders(now, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        for delivery in result.deliveries:
            kinds = ", ".join(
                f"{count} {kind}" for kind, count in delivery.kinds.items()
            )
            if delivery.error:
                self.stderr.write(
                    f"failed    {delivery.recipient} <{delivery.email}>: "
                    f"{_reminders(delivery.reminders)} ({kinds}): {delivery.error}"
                )
            else:
                self.stdout.write(
                    f"{verb:9} {delivery.recipient} <{delivery.email}>: "
                    f"{_reminders(delivery.reminders)} ({kinds})"
                )
        if not result.deliveries:
            self.stdout.write(
                f"No reminders due at {timezone.localtime(now):%Y-%m-%d %H:%M %Z}."
            )
        if result.failed:
            raise CommandError(
                f"{result.failed} email(s) failed; they will be retried."
            )


def _reminders(count: int) -> str:
    return f"{count} reminder{'s' if count != 1 else ''}"


def _parse_now(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--now {value!r} is not an ISO 8601 date-time, e.g. 2025-01-02T09:00.",
            returncode=2,
        ) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
