"""The scoreboard at `/`: what the published record adds up to, each figure with the
address of the list it counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from addresses.models import Address
from addresses.paragraphs import paragraph_positions, paragraph_url
from commitments.models import Area, CommitmentQuerySet, Mention, Status
from dashboard import charts
from tracking.burnup import MonthCounts
from tracking.models import ProgressUpdate

# The order of the stacked bars, the legends and the tables' columns: kept first,
# not yet rated last.
STATUS_ORDER = (
    Status.ACHIEVED,
    Status.PARTIALLY_ACHIEVED,
    Status.IN_PROGRESS,
    Status.STALLED,
    Status.BROKEN,
    Status.UNVERIFIABLE,
    Status.NOT_RATED,
)
# The lines of "progress over time".
BURN_UP_STATUSES = (
    Status.ACHIEVED,
    Status.PARTIALLY_ACHIEVED,
    Status.IN_PROGRESS,
    Status.BROKEN,
)
OPEN_STATUSES = tuple(status for status in Status if status not in Status.final())
DUE_SOON_DAYS = 90
RECENTLY_DAYS = 90
RECENT_UPDATES = 8
LATEST_SPEECHES = 5
# "By speech" shows the latest ones; a national record has hundreds, and each
# speech's own page has its figures.
SPEECH_ROWS = 10


def list_url(narrowing: Mapping[str, str], *pairs: tuple[str, str]) -> str:
    """The public list narrowed as the scoreboard is, and by `pairs` besides.

    A pair replaces a narrowing of the same name (the by-area rows name their own
    area); a name given in several pairs repeats, as `status` may.
    """
    names = {name for name, _ in pairs}
    query = [(name, value) for name, value in narrowing.items() if name not in names]
    query += pairs
    path = reverse("dashboard:commitments")
    return f"{path}?{urlencode(query)}" if query else path


@dataclass(frozen=True)
class Figure:
    count: int
    url: str


@dataclass(frozen=True)
class StatusFigure:
    status: str
    count: int
    share: int  # % of all, rounded
    url: str  # the template leaves a zero unlinked: its list would be empty

    @property
    def label(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class Breakdown:
    """One row of "by area", "by speech" or "deadlines by year"."""

    name: str
    url: str | None  # None: the list has no filter for it (no area stated)
    total: int
    cells: list[StatusFigure]  # in STATUS_ORDER
    segments: list[charts.Segment]  # its bar, on the scale of the longest row
    detail: str = ""  # a date or other small print under the name


@dataclass(frozen=True)
class RecentUpdate:
    update: ProgressUpdate
    evidence_title: str
    evidence_link: str | None


@dataclass(frozen=True)
class Scoreboard:
    total: Figure
    speech_count: int
    statuses: list[StatusFigure]
    bar: list[charts.Segment]
    overdue: Figure
    due_soon: Figure
    due_by: dt.date
    updated_recently: Figure
    areas: list[Breakdown]
    speeches: list[Breakdown]
    years: list[Breakdown]
    recent: list[RecentUpdate]
    progress: list[MonthCounts]
    progress_chart: charts.LineChart | None
    latest_speeches: list[Address]

    @property
    def status_summary(self) -> str:
        """The stacked bar in words: "Achieved 12 (45%), In progress 3 (11%)"."""
        return ", ".join(
            f"{figure.label} {figure.count} ({figure.share}%)"
            for figure in self.statuses
            if figure.count
        )


def _status_figures(
    counts: Mapping[str, int], narrowing: Mapping[str, str], *pairs: tuple[str, str]
) -> list[StatusFigure]:
    total = sum(counts.values())
    return [
        StatusFigure(
            status=status,
            count=counts.get(status, 0),
            share=round(100 * counts.get(status, 0) / total) if total else 0,
            url=list_url(narrowing, *pairs, ("status", status)),
        )
        for status in STATUS_ORDER
    ]


def _breakdowns(
    rows: Iterable[tuple[object, str, int]],
    describe: Mapping[object, tuple[str, str | None, str]],
    narrowing: Mapping[str, str],
    pairs_of: Mapping[object, Sequence[tuple[str, str]]],
) -> list[Breakdown]:
    """Rows of (key, status, count) as one Breakdown per key, in `describe`'s order.

    `describe` gives each key's name, list address (None for none) and small print;
    `pairs_of` the filter that narrows the list to it.
    """
    counts: dict[object, dict[str, int]] = defaultdict(dict)
    for key, status, count in rows:
        counts[key][status] = counts[key].get(status, 0) + count
    longest = max((sum(row.values()) for row in counts.values()), default=0)
    breakdowns = []
    for key, (name, url, detail) in describe.items():
        if key not in counts:
            continue
        cells = _status_figures(counts[key], narrowing, *pairs_of.get(key, ()))
        breakdowns.append(
            Breakdown(
                name=name,
                url=url,
                total=sum(counts[key].values()),
                cells=cells,
                segments=charts.stacked_bar(
                    [(cell.status, cell.count) for cell in cells], scale=longest
                ),
                detail=detail,
            )
        )
    return breakdowns


def _areas(
    commitments: CommitmentQuerySet, narrowing: Mapping[str, str]
) -> list[Breakdown]:
    rows = commitments.order_by().values_list("area", "status").annotate(Count("pk"))
    describe: dict[object, tuple[str, str | None, str]] = {
        area.value: (str(area.label), list_url(narrowing, ("area", area.value)), "")
        for area in Area
    }
    # The list cannot be narrowed to "no area", so that row's figures are plain.
    describe[""] = (_("No area stated"), None, "")
    pairs: dict[object, list[tuple[str, str]]] = {
        area.value: [("area", area.value)] for area in Area
    }
    breakdowns = _breakdowns(rows, describe, narrowing, pairs)
    return sorted(breakdowns, key=lambda row: (row.url is None, -row.total, row.name))


def _speeches(
    commitments: CommitmentQuerySet, narrowing: Mapping[str, str]
) -> list[Breakdown]:
    """Each public speech's commitments by status: those mentioned in it, as the
    list's `speech` filter counts them (a restatement counts in its speech too)."""
    rows = list(
        Mention.objects.filter(commitment__in=commitments, address__is_public=True)
        .order_by()
        .values_list(
            "address__slug",
            "address__title",
            "address__delivered_on",
            "commitment__status",
        )
        .annotate(count=Count("commitment", distinct=True))
    )
    speeches = sorted(
        {(slug, title, delivered_on) for slug, title, delivered_on, _, _ in rows},
        key=lambda speech: (speech[2], speech[0]),
        reverse=True,
    )
    describe: dict[object, tuple[str, str | None, str]] = {
        slug: (
            title,
            list_url(narrowing, ("speech", slug)),
            date_format(delivered_on, "UADE_DATE"),
        )
        for slug, title, delivered_on in speeches
    }
    pairs: dict[object, list[tuple[str, str]]] = {
        slug: [("speech", slug)] for slug, _, _ in speeches
    }
    return _breakdowns(
        ((slug, status, count) for slug, _, _, status, count in rows),
        describe,
        narrowing,
        pairs,
    )


def _year_range(year: int) -> list[tuple[str, str]]:
    return [("deadline_after", f"{year}-01-01"), ("deadline_before", f"{year}-12-31")]


def _years(
    commitments: CommitmentQuerySet, narrowing: Mapping[str, str]
) -> list[Breakdown]:
    rows = list(
        commitments.filter(deadline__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("deadline"))
        .values_list("year", "status")
        .annotate(Count("pk"))
    )
    years = sorted({year for year, _, _ in rows})
    describe: dict[object, tuple[str, str | None, str]] = {
        year: (str(year), list_url(narrowing, *_year_range(year)), "") for year in years
    }
    pairs: dict[object, list[tuple[str, str]]] = {
        year: _year_range(year) for year in years
    }
    return _breakdowns(rows, describe, narrowing, pairs)


def _recent(commitments: CommitmentQuerySet) -> list[RecentUpdate]:
    updates = list(
        ProgressUpdate.objects.filter(commitment__in=commitments)
        .select_related("commitment", "evidence_address")
        .defer("evidence_address__text")
        .order_by("-created_at", "-id")[:RECENT_UPDATES]
    )
    # A later speech as evidence, when it is public: linked at its paragraph.
    spoken = [
        update
        for update in updates
        if update.evidence_address is not None and update.evidence_address.is_public
    ]
    positions = paragraph_positions(
        (update.evidence_address.pk, update.evidence_start)
        for update in spoken
        if update.evidence_address is not None and update.evidence_start is not None
    )
    recent = []
    for update in updates:
        title, link = update.evidence_title, update.evidence_url or None
        address = update.evidence_address
        if address is not None and update in spoken:
            title = title or address.title
            spot = (address.pk, update.evidence_start or 0)
            link = link or paragraph_url(address.slug, positions.get(spot))
        recent.append(RecentUpdate(update, title, link))
    return recent


def _progress(
    commitments: CommitmentQuerySet, today: dt.date
) -> tuple[list[MonthCounts], charts.LineChart | None]:
    months = ProgressUpdate.objects.burn_up(commitments, BURN_UP_STATUSES, today)
    if not months:
        return months, None
    chart = charts.line_chart(
        [month.month for month in months],
        [
            (status, [month.counts[status] for month in months])
            for status in BURN_UP_STATUSES
        ],
    )
    return months, chart


def _latest_speeches(narrowing: Mapping[str, str]) -> list[Address]:
    speeches = Address.objects.public().select_related("speaker").defer("text")
    if "speaker" in narrowing:
        speeches = speeches.filter(speaker__slug=narrowing["speaker"])
    return list(speeches.order_by("-delivered_on", "-id")[:LATEST_SPEECHES])


def build(
    commitments: CommitmentQuerySet, narrowing: Mapping[str, str], today: dt.date
) -> Scoreboard:
    """The scoreboard of `commitments` (published ones, narrowed already) as of
    `today`; `narrowing` is the list filter that narrowed them, carried into every
    link so that each figure opens the list it counts.

    A fixed number of queries (seven, eight with evidence in a later speech), whatever
    the number of commitments and updates.
    """
    final = Q(status__in=Status.final())
    recently = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=RECENTLY_DAYS), dt.time.min)
    )
    due_by = today + dt.timedelta(days=DUE_SOON_DAYS)
    figures = commitments.order_by().aggregate(
        total=Count("pk"),
        # The same rules as the list's `overdue` and `updated_since` filters.
        overdue=Count("pk", filter=~final & Q(deadline__lt=today)),
        due_soon=Count("pk", filter=~final & Q(deadline__range=(today, due_by))),
        updated=Count(
            "pk",
            filter=Q(
                pk__in=ProgressUpdate.objects.filter(created_at__gte=recently).values(
                    "commitment_id"
                )
            ),
        ),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )
    statuses = _status_figures(
        {status: figures[status] for status in Status.values}, narrowing
    )
    speeches = _speeches(commitments, narrowing)
    progress, progress_chart = _progress(commitments, today)
    return Scoreboard(
        total=Figure(figures["total"], list_url(narrowing)),
        speech_count=len(speeches),
        statuses=statuses,
        bar=charts.stacked_bar([(figure.status, figure.count) for figure in statuses]),
        overdue=Figure(figures["overdue"], list_url(narrowing, ("overdue", "true"))),
        due_soon=Figure(
            figures["due_soon"],
            list_url(
                narrowing,
                *[("status", status) for status in OPEN_STATUSES],
                ("deadline_after", today.isoformat()),
                ("deadline_before", due_by.isoformat()),
            ),
        ),
        due_by=due_by,
        updated_recently=Figure(
            figures["updated"],
            list_url(
                narrowing,
                (
                    "updated_since",
                    (today - dt.timedelta(days=RECENTLY_DAYS)).isoformat(),
                ),
                ("sort", "updated"),
            ),
        ),
        areas=_areas(commitments, narrowing),
        speeches=speeches[:SPEECH_ROWS],
        years=_years(commitments, narrowing),
        recent=_recent(commitments),
        progress=progress,
        progress_chart=progress_chart,
        latest_speeches=_latest_speeches(narrowing),
    )
