"""`manage.py load_demo`: the demo speeches and a demo analyst account, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from addresses import services as address_services
from addresses.management.commands.import_addresses import report_manifest
from tracking import demo

# Lives in the top app because the demo spans all three apps.
DEMO_MANIFEST = Path(settings.BASE_DIR) / "demo" / "seeds" / "addresses.json"


class Command(BaseCommand):
    help = "Load the demo speeches and create the demo analyst; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        report_manifest(self, address_services.import_manifest(DEMO_MANIFEST))
        username, password, created = demo.ensure_demo_analyst()
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo analyst: username {username!r}, password {password!r}"
                )
            )
        else:
            self.stdout.write(f"Demo analyst: username {username!r} (already existed)")
