"""`manage.py load_demo`: the demo speeches, commitments and analyst, idempotently."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from addresses.services import ImportRefused
from commitments.management.commands.import_addresses import report_manifest
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
        except (ImportRefused, demo.DemoPasswordRefused) as refusal:
            raise CommandError(str(refusal), returncode=2) from None
        report_manifest(self, report.imported)
        if report.already_loaded:
            self.stdout.write("Demo commitments already loaded; nothing changed.")
        self.stdout.write(
            f"{report.commitments} commitments, {report.progress_updates} progress "
            f"updates, {report.pending_candidates} candidates awaiting review."
        )
        self.stdout.write(self._analyst_line(report))

    def _analyst_line(self, report: demo.DemoReport) -> str:
        username = report.username
        set_one = f"give it one with `manage.py changepassword {username}`"
        if report.created_analyst and report.password:
            return self.style.SUCCESS(
                f"Demo analyst login: username {username!r}, "
                f"password {report.password!r} (sign in at /accounts/login/)"
            )
        if report.created_analyst:
            return self.style.WARNING(
                f"Demo analyst {username!r} created without a password: the demo "
                f"password works only with DJANGO_DEBUG=1. To sign in, {set_one} "
                "(or set UADE_DEMO_PASSWORD before loading the demo)."
            )
        if report.password_removed:
            return self.style.WARNING(
                f"Demo analyst {username!r} had the published demo password, which "
                f"works only with DJANGO_DEBUG=1; it now has none. To sign in, "
                f"{set_one}."
            )
        return f"Demo analyst login: username {username!r} (already existed; unchanged)"
