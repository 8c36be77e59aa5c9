"""CSV that every interface app streams: one line at a time, and safe to open in a
spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

# Spreadsheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


class _Echo:
    """A file whose write() hands the line back, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def safe_cell(text: str) -> str:
    """`text`, with a leading `'` when a spreadsheet would run it as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """The header line, then one line per row, as the rows come."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)
