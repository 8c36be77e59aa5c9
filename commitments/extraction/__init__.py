"""Commitment extraction: pure Python, no Django (see docs/pledges.md).

`extract(text, delivered_on=..., kind=...)` returns `Candidate` proposals;
`parse_deadline(sentence, delivered_on)` reads one sentence's deadline.
"""

from __future__ import annotations

from commitments.extraction.deadlines import parse_deadline
from commitments.extraction.extract import KINDS, Candidate, extract

__all__ = ["KINDS", "Candidate", "extract", "parse_deadline"]
