"""What each status means, as the methodology page explains it to readers.

The words live with the statuses (`commitments.statuses`), where the analysts'
rating form reads them too.
"""

from __future__ import annotations

from commitments.statuses import STATUS_MEANINGS

__all__ = ["STATUS_MEANINGS"]
