"""CSV for spreadsheets: `?format=csv` or `Accept: text/csv`.

Lists stream their CSV themselves (`api.exports`), every matching row and not one
page; this renderer is what content negotiation picks, and renders the rare
non-streamed body (a list of flat objects) the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        rows = data.get("results", [data]) if isinstance(data, dict) else data
        rows = [row for row in rows if isinstance(row, Mapping)]
        if not rows:
            return b""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode(self.charset)
