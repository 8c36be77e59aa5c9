"""`manage.py load_demo`: the demo speeches, commitments and analyst, idempotently."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from addresses.management.commands.import_addresses import report_manifest
from addresses.services import ImportRefused
from tracking import demo


class Command(BaseCommand):
    # Lives in the top app because the demo spans all three apps.
    help = (
        "Load the demo: two speeches, their curated commitments with progress "
        "evidence, a review queue, and a demo analyst. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo.load_demo()
        except ImportRefused as refusal:
            raise CommandError(str(refusal), returncode=2) from None
        report_manifest(self, report.imported)
        if report.already_loaded:
            self.stdout.write("Demo commitments already loaded; nothing changed.")
        self.stdout.write(
            f"{report.commitments} commitments, {report.progress_updates} progress "
            f"updates, {report.pending_candidates} candidates awaiting review."
        )
        if report.created_analyst:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo analyst login: username {report.username!r}, "
                    f"password {report.password!r} (sign in at /accounts/login/)"
                )
            )
        else:
            self.stdout.write(
                f"Demo analyst login: username {report.username!r} (already existed; "
                "unchanged)"
            )
