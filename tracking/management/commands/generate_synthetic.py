"""`manage.py generate_synthetic`: a large, deterministic record for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import synthetic


class Command(BaseCommand):
    # Lives in the top app because the record spans all three apps.
    help = (
        "Add synthetic speeches, commitments, mentions, a review queue and progress "
        "updates with COPY in one transaction (PostgreSQL only). The same arguments "
        "give the same content; refuses if synthetic data is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commitments", type=int, default=1000)
        parser.add_argument("--updates", type=int, default=10_000)
        parser.add_argument("--addresses", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            summary = synthetic.generate(
                commitments=options["commitments"],
                updates=options["updates"],
                addresses=options["addresses"],
                seed=options["seed"],
            )
        except synthetic.SyntheticRefused as refusal:
            raise CommandError(str(refusal), returncode=2) from None
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{summary.addresses} addresses ({summary.segments} segments), "
            f"{summary.commitments} commitments, {summary.mentions} mentions, "
            f"{summary.candidates} candidates ({summary.pending_candidates} pending), "
            f"{summary.updates} progress updates, {summary.analysts} analysts "
            f"in {seconds:.1f} s."
        )
