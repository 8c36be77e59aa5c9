"""Print the commitments the extractor proposes for one speech text file.

Reads the file, decodes and normalises it exactly as imports do (so offsets match
`Address.text`), runs the pure extractor, and prints JSON or a table. Touches no
database and writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from addresses.dates import DateRefused, parse_iso_date
from addresses.services import ImportRefused, accepted_years, read_text_file
from addresses.text import TextRefused, decode_text
from commitments.extraction import KINDS, Candidate, extract

QUOTE_WIDTH = 70


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """Return the JSON object for one candidate: exactly the Candidate fields."""
    data = dataclasses.asdict(candidate)
    data["deadline"] = candidate.deadline.isoformat() if candidate.deadline else None
    data["cues"] = list(candidate.cues)
    return data


class Command(BaseCommand):
    help = (
        "Propose the commitments made in a speech text file (prints JSON or a table)."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="text file of the speech (UTF-8 preferred)")
        parser.add_argument(
            "--date", required=True, help="delivery date, YYYY-MM-DD", dest="date"
        )
        parser.add_argument("--kind", default="address", help=", ".join(KINDS))
        parser.add_argument(
            "--format", default="table", choices=["json", "table"], dest="output"
        )
        parser.add_argument(
            "--term-ends",
            default=None,
            dest="term_ends",
            help="last day of the speaker's term, YYYY-MM-DD: dates 'by the end of "
            "my term'",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if kind not in KINDS:
            raise _fail(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
        try:
            delivered_on = parse_iso_date(
                options["date"],
                what="delivery date",
                years=accepted_years(),
            )
            term_ends = (
                parse_iso_date(
                    options["term_ends"], what="term end", years=accepted_years()
                )
                if options["term_ends"]
                else None
            )
        except DateRefused as refusal:
            raise _fail(str(refusal)) from None
        text = self._read(Path(options["path"]))
        candidates = extract(
            text,
            delivered_on=delivered_on,
            kind=kind,
            years=accepted_years(),
            term_ends=term_ends,
        )
        if options["output"] == "json":
            rows = [candidate_json(c) for c in candidates]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            self._table(candidates)

    def _read(self, path: Path) -> str:
        # The same reading and checks as an import, so the offsets match its text.
        try:
            return decode_text(read_text_file(path))
        except (ImportRefused, TextRefused) as refusal:
            raise _fail(" ".join(str(refusal).split())) from None

    def _table(self, candidates: list[Candidate]) -> None:
        rows = []
        for c in candidates:
            quote = " ".join(c.quote.split())
            if len(quote) > QUOTE_WIDTH:
                quote = quote[: QUOTE_WIDTH - 1] + "…"
            deadline = c.deadline.isoformat() if c.deadline else "-"
            rows.append((c.tier, deadline, c.type, c.area or "-", quote))
        header = ("tier", "deadline", "type", "area", "quote")
        # Every column but the last is padded to its longest value, so that long
        # areas ("public administration") do not push the quotes out of line.
        widths = [
            max(len(row[column]) for row in [header, *rows])
            for column in range(len(header) - 1)
        ]

        def line(row: tuple[str, ...]) -> str:
            cells = [
                cell.ljust(width) for cell, width in zip(row, widths, strict=False)
            ]
            return " ".join([*cells, row[-1]])

        self.stdout.write(line(header))
        self.stdout.write("-" * (sum(widths) + len(widths) + QUOTE_WIDTH))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(f"{len(candidates)} candidate(s)")
