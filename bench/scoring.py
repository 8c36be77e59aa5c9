"""Score proposed commitments against gold, the way docs/pledges.md's scorer does.

A proposal overlaps a gold quote when their character spans share at least half of
the shorter one.
- core recall: gold core commitments that some proposal overlaps;
- precision: proposals that overlap a gold commitment (core or soft);
- deadline accuracy: of recalled core commitments with a gold deadline, those some
  overlapping proposal dates exactly;
- spurious deadlines: of recalled core commitments without one, those given one;
- tier agreement: of gold commitments (core or soft) some proposal overlaps, those
  whose first overlapping proposal has the gold tier (not in the shared scorer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from bench.corpus import Document
from commitments.extraction import Candidate, extract
from commitments.extraction.model import SentenceModel


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


@dataclass
class Counts:
    proposals: int = 0
    correct: int = 0
    core: int = 0
    recalled: int = 0
    dl_total: int = 0
    dl_ok: int = 0
    nodl_total: int = 0
    nodl_given: int = 0
    tier_total: int = 0
    tier_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    @property
    def recall(self) -> float | None:
        return _ratio(self.recalled, self.core)

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.proposals)

    @property
    def deadline_accuracy(self) -> float | None:
        return _ratio(self.dl_ok, self.dl_total)

    @property
    def tier_agreement(self) -> float | None:
        return _ratio(self.tier_ok, self.tier_total)

    @property
    def spurious_deadlines(self) -> float | None:
        return _ratio(self.nodl_given, self.nodl_total)

    def figures(self) -> dict[str, Any]:
        return {
            "core_recall": self.recall,
            "precision": self.precision,
            "deadline_accuracy": self.deadline_accuracy,
            "spurious_deadline_rate": self.spurious_deadlines,
            "tier_agreement": self.tier_agreement,
            **{f.name: getattr(self, f.name) for f in fields(self)},
        }

    def line(self) -> str:
        return (
            f"recall {_show(self.recall)} precision {_show(self.precision)} "
            f"deadline {_show(self.deadline_accuracy)} "
            f"spurious {_show(self.spurious_deadlines)} "
            f"tier {_show(self.tier_agreement)} "
            f"({self.proposals} proposed, {self.core} core)"
        )


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _show(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def score(document: Document, proposals: Sequence[Candidate]) -> Counts:
    """Count how `proposals` for `document` meet its gold."""
    gold = document.gold_spans()
    spans = [(c.start, c.end) for c in proposals]
    counts = Counts(proposals=len(proposals))
    counts.correct = sum(
        any(overlaps(span, (start, end)) for start, end, _ in gold) for span in spans
    )
    for start, end, item in gold:
        hits = [c for c in proposals if overlaps((c.start, c.end), (start, end))]
        if hits:
            counts.tier_total += 1
            counts.tier_ok += hits[0].tier == item["tier"]
        if item["tier"] != "core":
            continue
        counts.core += 1
        if not hits:
            continue
        counts.recalled += 1
        given = {c.deadline.isoformat() if c.deadline else None for c in hits}
        if item.get("deadline"):
            counts.dl_total += 1
            counts.dl_ok += item["deadline"] in given
        else:
            counts.nodl_total += 1
            counts.nodl_given += bool(given - {None})
    return counts


def scored(document: Document, model: SentenceModel) -> Counts:
    """Extract `document` with `model` and count how the proposals meet its gold."""
    proposals = extract(
        document.text,
        delivered_on=document.delivered_on,
        kind=document.kind,
        model=model,
    )
    return score(document, proposals)


def total(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())
