"""The analyst's home page (`/analyst/`): what needs them today.

Their own commitments due soon, overdue and gone quiet; the review queue of every
speech; suggested evidence waiting; readers' submissions; speeches still being
read; and what they did last. Every list is paged on its own (`?due=2`,
`?overdue=3` …), so none stops short, and the page's query count does not grow
with the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.paginator import Page
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from addresses.models import Address
from addresses.paragraphs import paragraph_positions, paragraph_url
from addresses.versioning import CountKeptPaginator, cached
from commitments.models import (
    Candidate,
    CandidateState,
    Commitment,
    EvidenceSuggestion,
    Extraction,
    ExtractionState,
    Status,
)
from config.permissions import MODERATE_SUBMISSIONS, analyst_required, signed_in_user
from tracking import reminders
from tracking.models import ProgressUpdate, ReaderSubmission

PER_PAGE = 10
# "Due soon": the furthest of the reminders' warnings before a deadline (30 days).
RECENT_ACTIVITY = 10


def due_soon_days() -> int:
    return max(settings.UADE_REMINDER_DUE_SOON_DAYS, default=30)


@dataclass(frozen=True)
class Section:
    """One paged list of the page: its rows and the links to its other pages,
    which keep every other list's page as it is."""

    id: str
    page: Page[Any]
    previous_url: str
    next_url: str

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _section(request: HttpRequest, id: str, rows: QuerySet[Any]) -> Section:
    page = CountKeptPaginator(rows, PER_PAGE).get_page(request.GET.get(id))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[id] = str(number)
        return f"?{query.urlencode()}#{id}"

    return Section(
        id=id,
        page=page,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


def _count_of(candidates: QuerySet[Candidate]) -> Subquery:
    """How many of `candidates` each address has, as a subquery of an address."""
    return Subquery(
        candidates.filter(address=OuterRef("pk"))
        .order_by()
        .values("address")
        .annotate(count=Count("pk"))
        .values("count"),
        output_field=IntegerField(),
    )


@analyst_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    now = timezone.now()
    stale_after = settings.UADE_REMINDER_STALE_AFTER_DAYS
    mine = (
        Commitment.objects.filter(assignee=user)
        .open()
        .only("pk", "title", "deadline", "status", "last_progress_at", "created_at")
    )
    context: dict[str, Any] = {
        "today": today,
        "empty_due": f"Nothing of yours is due in the next {due_soon_days()} days.",
        # The same lists in the analysts' commitment list, with its filters.
        "due_soon_query": f"assignee=me&due_within={due_soon_days()}",
        "overdue_mine_query": "assignee=me&overdue=true",
        "stale_query": "assignee=me&stale=on",
        "empty_quiet": "Every commitment of yours has had an update in the last "
        f"{stale_after} days.",
        # Over every commitment: counted once for each version of the record.
        "counts": cached(
            "analyst-counts",
            [user.pk, today],
            lambda: Commitment.objects.aggregate(
                total=Count("id"),
                overdue=Count(
                    "id", filter=Q(deadline__lt=today) & ~Q(status__in=Status.final())
                ),
                mine=Count(
                    "id", filter=Q(assignee=user) & ~Q(status__in=Status.final())
                ),
            ),
        ),
        "due_soon": _section(
            request,
            "due",
            mine.filter(
                deadline__gte=today,
                deadline__lte=today + dt.timedelta(days=due_soon_days()),
            ).order_by("deadline", "id"),
        ),
        "overdue_mine": _section(
            request, "late", mine.filter(deadline__lt=today).order_by("deadline", "id")
        ),
        "stale": _section(
            request,
            "quiet",
            mine.quiet_since(now - dt.timedelta(days=stale_after)).order_by(
                "last_activity_at", "id"
            ),
        ),
        "overdue": _section(
            request,
            "overdue",
            Commitment.objects.overdue(today)
            .select_related("assignee")
            .only(
                "pk",
                "title",
                "deadline",
                "status",
                "assignee__username",
                "assignee__first_name",
                "assignee__last_name",
            )
            .order_by("deadline", "id"),
        ),
        "queues": _section(
            request,
            "queues",
            # The speeches with a pending proposal come from the pending ones'
            # own index, and only theirs are counted: not every candidate ever.
            Address.objects.filter(pk__in=Candidate.objects.pending().values("address"))
            .annotate(
                pending=_count_of(Candidate.objects.pending()),
                proposed=_count_of(Candidate.objects.all()),
            )
            .only("pk", "slug", "title", "delivered_on")
            .order_by("-delivered_on", "-id"),
        ),
        "evidence": _section(
            request,
            "evidence",
            EvidenceSuggestion.objects.open()
            .values("address_id")
            .annotate(
                waiting=Count("id"),
                slug=F("address__slug"),
                title=F("address__title"),
                delivered_on=F("address__delivered_on"),
            )
            .order_by("-delivered_on", "address_id"),
        ),
        "extractions": _section(
            request,
            "extractions",
            Extraction.objects.exclude(state=ExtractionState.DONE)
            .select_related("address")
            .defer("address__text")
            .order_by("-created_at"),
        ),
        "undeliverable_reminders": reminders.undeliverable_count_for(user),
        "pending_submissions": ReaderSubmission.objects.pending().count()
        if user.has_perm(MODERATE_SUBMISSIONS)
        else None,
        "activity": _recent_activity(user),
    }
    context["pending_candidates"] = Candidate.objects.pending().count()
    context["evidence_waiting"] = EvidenceSuggestion.objects.open().count()
    return render(request, "workspace/home.html", context)


@dataclass(frozen=True)
class Activity:
    """One thing the analyst did: a progress update logged or a proposal reviewed."""

    at: dt.datetime
    verb: str
    commitment: Commitment | None
    detail: str
    quote: str
    quote_url: str


def _recent_activity(user: User) -> list[Activity]:
    """The analyst's last progress updates and reviews, newest first (two queries,
    plus one for the paragraphs their quotes link to)."""
    updates = list(
        ProgressUpdate.objects.filter(author=user)
        .select_related("commitment", "evidence_address")
        .only(
            "created_at",
            "status",
            "evidence_title",
            "evidence_url",
            "evidence_start",
            "commitment__id",
            "commitment__title",
            "evidence_address__slug",
            "evidence_address__title",
        )
        .order_by("-created_at", "-id")[:RECENT_ACTIVITY]
    )
    reviews = list(
        Candidate.objects.filter(reviewer=user, reviewed_at__isnull=False)
        .select_related("commitment", "address")
        .only(
            "reviewed_at",
            "state",
            "quote",
            "start",
            "address__id",
            "address__slug",
            "address__title",
            "commitment__id",
            "commitment__title",
        )
        .order_by("-reviewed_at", "-id")[:RECENT_ACTIVITY]
    )
    positions = paragraph_positions(
        [(u.evidence_address_id, u.evidence_start) for u in updates]
        + [(c.address_id, c.start) for c in reviews]
    )
    activity = [
        Activity(
            at=update.created_at,
            verb=f"Rated {Status(update.status).label}",
            commitment=update.commitment,
            detail=update.evidence_title
            or (update.evidence_address.title if update.evidence_address else ""),
            quote="",
            quote_url=update.evidence_url
            or (
                paragraph_url(
                    update.evidence_address.slug,
                    positions.get(
                        (update.evidence_address.pk, update.evidence_start or 0)
                    ),
                )
                if update.evidence_address
                else ""
            ),
        )
        for update in updates
    ]
    activity += [
        Activity(
            at=candidate.reviewed_at or candidate.created_at,
            verb=_reviewed(candidate.state),
            commitment=candidate.commitment,
            detail=candidate.address.title,
            quote=candidate.quote,
            quote_url=paragraph_url(
                candidate.address.slug,
                positions.get((candidate.address_id, candidate.start)),
            ),
        )
        for candidate in reviews
    ]
    activity.sort(key=lambda item: item.at, reverse=True)
    return activity[:RECENT_ACTIVITY]


def _reviewed(state: str) -> str:
    verbs: dict[str, str] = {
        CandidateState.ACCEPTED: "Accepted a proposal",
        CandidateState.MERGED: "Merged a proposal",
        CandidateState.REJECTED: "Rejected a proposal",
    }
    return verbs.get(state, "Reviewed a proposal")
