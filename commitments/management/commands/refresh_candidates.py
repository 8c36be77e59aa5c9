"""`manage.py refresh_candidates [SLUG …] [--pending] [--in-process]`"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from addresses.models import Address
from commitments import services
from commitments.models import Extraction


class Command(BaseCommand):
    help = (
        "Queue the extraction of commitment candidates again: for the speeches named "
        "by slug, or with --pending for every speech whose extraction is still "
        "pending (the task queue was unreachable, or a worker was lost). With "
        "--in-process, extract here and now instead, without a worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="speech slugs")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="every speech whose extraction is pending or was lost",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="run the extraction in this process instead of queueing it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs: list[str] = options["slugs"]
        if not slugs and not options["pending"]:
            raise CommandError(
                "Name the speeches by slug, or give --pending.", returncode=2
            )
        ids = self._ids(slugs, pending=options["pending"])
        if not ids:
            self.stdout.write("No speech is waiting for extraction.")
            return
        if options["in_process"]:
            self._run(ids)
        else:
            self._queue(ids)

    def _ids(self, slugs: list[str], *, pending: bool) -> list[int]:
        found = dict(Address.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise CommandError(
                f"No speech with the slug {', '.join(unknown)}; nothing was queued.",
                returncode=2,
            )
        ids = list(found.values())
        if pending:
            ids += Extraction.objects.unfinished().values_list("pk", flat=True)
        return sorted(set(ids))

    def _queue(self, ids: list[int]) -> None:
        queued = [pk for pk in ids if services.queue_extraction(pk)]
        self.stdout.write(f"Queued the extraction of {len(queued)} speech(es).")
        if len(queued) < len(ids):
            raise CommandError(
                f"{len(ids) - len(queued)} could not be queued: the task queue is "
                "unreachable. They stay pending and are queued automatically once "
                "it is back; or run this command with --in-process.",
                returncode=1,
            )

    def _run(self, ids: list[int]) -> None:
        failed = 0
        for pk in ids:
            result = services.run_extraction(pk)
            slug = Address.objects.filter(pk=pk).values_list("slug", flat=True).first()
            if result is None:
                failed += 1
                error = (
                    Extraction.objects.filter(pk=pk)
                    .values_list("error", flat=True)
                    .first()
                )
                self.stderr.write(f"failed    {slug}: {error or 'no such speech'}")
            else:
                self.stdout.write(
                    f"extracted {slug}: {result.candidates} candidates, "
                    f"{result.restatements} restatement and {result.evidence} "
                    "evidence suggestions"
                )
        if failed:
            raise CommandError(f"{failed} extraction(s) failed.", returncode=1)
