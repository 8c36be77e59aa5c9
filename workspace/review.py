"""The review page: a speech's text beside its proposed commitments, and the
actions on them (accept, merge, reject, bulk, add a missed passage) and on the
evidence that linking suggests (log progress with it, dismiss it).

Every write goes through one service; these views parse the form, call it, and
redirect back to the candidate acted on (`#c-<id>`), so the page works without
JavaScript. `static/js/review.js` adds the keyboard and the text selection.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from addresses.models import Address, Segment
from commitments import services as commitment_services
from commitments.models import (
    Area,
    Candidate,
    CandidateState,
    Commitment,
    CommitmentType,
    EvidenceSuggestion,
    Mention,
    MentionKind,
    RestatementSuggestion,
)
from commitments.titles import propose_title
from config.forms import MAX_ID, show_service_errors
from config.permissions import (
    LOG_PROGRESS,
    REVIEW_CANDIDATES,
    VIEW_COMMITMENTS,
    analyst_required,
    permissions_required,
    signed_in_user,
)
from tracking import services as tracking_services
from workspace.review_forms import LogFromEvidenceForm

# Candidates listed at once: a speech gives a few hundred, and every one carries a
# form; the text beside them always shows all of them.
PAGE_SIZE = 50
SEARCH_RESULTS = 10
EVIDENCE_PAGE_SIZE = 50
REJECT_REASONS = (
    "Not a commitment",
    "Too vague",
    "Duplicate",
    "Not the speaker's",
    "Other",
)
EDIT_FIELDS = ("title", "deadline", "deadline_text", "target", "actor", "area", "type")
FILTERS = ("pending", "all")
# The session key of the fields typed before a refused accept, shown again once.
EDITS_KEY = "review_edits"
FIELD_MAX = 300


# ------------------------------------------------------------------ the speech text


@dataclass(frozen=True)
class Mark:
    """A candidate's span in the text, as the page marks it."""

    candidate_id: int
    start: int
    end: int
    tier: str
    state: str


@dataclass
class Piece:
    """`text[start:end]` of one paragraph; `mark` is the candidate covering it
    (the first one, where proposals overlap); `tags` the candidates labelled after."""

    text: str
    start: int
    mark: Mark | None = None
    tags: list[Mark] = field(default_factory=list)


@dataclass
class Paragraph:
    segment: Segment
    pieces: list[Piece]


def _paragraphs(
    text: str, segments: Sequence[Segment], marks: Sequence[Mark]
) -> list[Paragraph]:
    """Each segment cut at the edges of the marks inside it (marks sorted by start).

    Built from plain strings that the template escapes, never from HTML. A mark
    is labelled once, after its last piece in the first paragraph it reaches.
    """
    paragraphs = []
    labelled: set[int] = set()
    first = 0
    for segment in segments:
        low, high = segment.start, segment.end
        while first < len(marks) and marks[first].end <= low:
            first += 1
        inside = []
        for mark in itertools.islice(marks, first, None):
            if mark.start >= high:
                break
            if mark.end > low:
                inside.append(mark)
        cuts = {low, high}
        for mark in inside:
            cuts.update((max(mark.start, low), min(mark.end, high)))
        pieces = []
        for begin, end in itertools.pairwise(sorted(cuts)):
            covering = [m for m in inside if m.start <= begin and m.end >= end]
            tags = [
                m
                for m in inside
                if min(m.end, high) == end and m.candidate_id not in labelled
            ]
            labelled.update(m.candidate_id for m in tags)
            pieces.append(
                Piece(
                    text=text[begin:end],
                    start=begin,
                    mark=covering[0] if covering else None,
                    tags=tags,
                )
            )
        paragraphs.append(Paragraph(segment=segment, pieces=pieces))
    return paragraphs


# ------------------------------------------------------------------------ the page


def review_url(
    address: Address, *, filter_: str = "pending", at: int | None = None
) -> str:
    """The review page at candidate `at` (its page, scrolled to its anchor)."""
    query: dict[str, Any] = {"filter": filter_}
    if at is not None:
        query["at"] = at
    url = reverse("workspace:review", kwargs={"slug": address.slug})
    return f"{url}?{urlencode(query)}" + (f"#c-{at}" if at is not None else "")


def _paragraph_finder(segments: Sequence[Segment]) -> Callable[[int], int | None]:
    """The paragraph (its #p-<n> position) holding an offset, among `segments`
    (in text order)."""
    starts = [segment.start for segment in segments]

    def paragraph_of(offset: int) -> int | None:
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0 or offset >= segments[index].end:
            return None
        return segments[index].position

    return paragraph_of


def _proposed(candidate: Candidate) -> dict[str, str]:
    """The values the page proposes for a candidate's fields, as form strings."""
    return {
        "title": propose_title(candidate.quote),
        "deadline": candidate.deadline.isoformat() if candidate.deadline else "",
        "deadline_text": candidate.deadline_text,
        "target": candidate.target,
        "actor": candidate.actor,
        "area": candidate.area,
        "type": candidate.type,
    }


def _int(value: str | None) -> int | None:
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    # Past any id or offset: SQLite cannot be asked about it.
    return number if number is None or abs(number) <= MAX_ID else None


@analyst_required
@require_safe
def review(request: HttpRequest, slug: str) -> HttpResponse:
    address = get_object_or_404(Address.objects.select_related("speaker"), slug=slug)
    filter_ = request.GET.get("filter", "pending")
    if filter_ not in FILTERS:
        filter_ = "pending"
    marks = [
        Mark(*row)
        for row in Candidate.objects.filter(address=address)
        .order_by("start", "id")
        .values_list("pk", "start", "end", "tier", "state")
    ]
    pending = [mark for mark in marks if mark.state == CandidateState.PENDING]
    listed = pending if filter_ == "pending" else marks
    # Resume where the work is: the page of `at`, else of the first pending one.
    at = _int(request.GET.get("at"))
    positions = {mark.candidate_id: index for index, mark in enumerate(listed)}
    if at not in positions:
        at = pending[0].candidate_id if pending else None
    page_count = max(1, -(-len(listed) // PAGE_SIZE))
    page = _int(request.GET.get("page"))
    if page is None or not 1 <= page <= page_count:
        page = positions.get(at, 0) // PAGE_SIZE + 1 if at is not None else 1
    shown_ids = [
        mark.candidate_id for mark in listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ]
    original_quote = Mention.objects.filter(
        commitment=OuterRef("commitment_id"), kind=MentionKind.ORIGINAL
    ).values("quote")[:1]
    candidates = list(
        Candidate.objects.filter(pk__in=shown_ids)
        .select_related("reviewer", "commitment")
        .prefetch_related(
            Prefetch(
                "suggestions",
                queryset=RestatementSuggestion.objects.select_related("commitment")
                .annotate(commitment_quote=Subquery(original_quote))
                .order_by("rank"),
            )
        )
        .order_by("start", "id")
    )
    search_for = _int(request.GET.get("search_for"))
    query = request.GET.get("q", "").strip()[:200]
    found: list[Commitment] = []
    if query and search_for in shown_ids:
        found = list(
            Commitment.objects.search(query)
            .order_by("-first_made_on", "id")
            .only("pk", "title", "first_made_on")[:SEARCH_RESULTS]
        )
    segments = list(Segment.objects.filter(address=address).order_by("position"))
    paragraph_of = _paragraph_finder(segments)
    # What the analyst typed before a refused accept, so it is not lost.
    edits: dict[str, dict[str, str]] = request.session.pop(EDITS_KEY, {})
    for candidate in candidates:
        candidate.values = {  # type: ignore[attr-defined]
            **_proposed(candidate),
            **edits.get(str(candidate.pk), {}),
        }
        candidate.paragraph = paragraph_of(candidate.start)  # type: ignore[attr-defined]
        candidate.found = found if candidate.pk == search_for else []  # type: ignore[attr-defined]
    show_dismissed = request.GET.get("evidence") == "all"
    evidence = EvidenceSuggestion.objects.filter(address=address).listed()
    if not show_dismissed:
        evidence = evidence.open()
    evidence_total = evidence.count()
    evidence_pages = max(1, -(-evidence_total // EVIDENCE_PAGE_SIZE))
    evidence_page = _int(request.GET.get("evidence_page")) or 1
    evidence_page = min(max(evidence_page, 1), evidence_pages)
    offset = (evidence_page - 1) * EVIDENCE_PAGE_SIZE
    suggestions = list(
        evidence.order_by("start", "rank")[offset : offset + EVIDENCE_PAGE_SIZE]
    )
    for suggestion in suggestions:
        suggestion.paragraph = paragraph_of(suggestion.start)  # type: ignore[attr-defined]
    context = {
        "address": address,
        "paragraphs": _paragraphs(address.text, segments, marks),
        "candidates": candidates,
        "filter": filter_,
        "total": len(marks),
        "reviewed": len(marks) - len(pending),
        "pending": len(pending),
        "listed": len(listed),
        "page": page,
        "page_count": page_count,
        "pages": range(1, page_count + 1),
        "first_pending": pending[0].candidate_id if pending else None,
        "at": at,
        "query": query,
        "search_for": search_for,
        "areas": Area.choices,
        "types": CommitmentType.choices,
        "reasons": REJECT_REASONS,
        "evidence": suggestions,
        "show_dismissed": show_dismissed,
        "evidence_total": evidence_total,
        "evidence_page": evidence_page,
        "evidence_pages": range(1, evidence_pages + 1) if evidence_pages > 1 else [],
        "can_review": request.user.has_perm(REVIEW_CANDIDATES),
        "can_log": request.user.has_perm(LOG_PROGRESS),
        "back": request.get_full_path(),
    }
    return render(request, "workspace/review.html", context)


# --------------------------------------------------------------------- the actions


def _filter_of(request: HttpRequest) -> str:
    value = request.POST.get("filter", "pending")
    return value if value in FILTERS else "pending"


def _next_after(candidate: Candidate) -> int | None:
    """The next pending candidate after this one in text order (else the first)."""
    pending = Candidate.objects.filter(address_id=candidate.address_id).pending()
    following = (
        pending.filter(start__gt=candidate.start)
        | pending.filter(start=candidate.start, pk__gt=candidate.pk)
    ).order_by("start", "id")
    found = following.values_list("pk", flat=True).first()
    if found is None:
        found = pending.order_by("start", "id").values_list("pk", flat=True).first()
    return found


def _errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            message
            for messages_ in error.message_dict.values()
            for message in messages_
        )
    return " ".join(error.messages)


def _reason(request: HttpRequest) -> str:
    """The reason string from the short list and the free text; "" when missing."""
    choice = request.POST.get("reason", "").strip()
    detail = request.POST.get("reason_detail", "").strip()
    if choice == "Other" or (not choice and detail):
        return detail
    if choice not in REJECT_REASONS:
        return ""
    return f"{choice}: {detail}" if detail else choice


def _conflict(request: HttpRequest, candidate_id: int, error: Exception) -> None:
    candidate = Candidate.objects.select_related("reviewer").get(pk=candidate_id)
    who = (
        candidate.reviewer.get_full_name() or candidate.reviewer.get_username()
        if candidate.reviewer
        else "someone"
    )
    messages.error(
        request,
        f"{error} (by {who}); nothing was changed. The page now shows it as it is.",
    )


def _changes(request: HttpRequest, candidate: Candidate) -> dict[str, Any]:
    """The fields the analyst changed from what the page proposed."""
    proposed = _proposed(candidate)
    changes: dict[str, Any] = {}
    for name in EDIT_FIELDS:
        value = request.POST.get(name)
        if value is not None and value.strip() != proposed[name].strip():
            changes[name] = value
    return changes


@permissions_required(VIEW_COMMITMENTS, REVIEW_CANDIDATES)
@require_POST
def review_candidate(
    request: HttpRequest, slug: str, candidate_id: int
) -> HttpResponse:
    """Accept (with edits), merge or reject one candidate, then back to the queue."""
    candidate = get_object_or_404(
        Candidate.objects.select_related("address"),
        pk=candidate_id,
        address__slug=slug,
    )
    address = candidate.address
    filter_ = _filter_of(request)
    action = request.POST.get("action", "")
    reviewer = signed_in_user(request)
    try:
        if action == "accept":
            commitment = tracking_services.accept_candidate(
                candidate.pk, reviewer=reviewer, changes=_changes(request, candidate)
            )
            messages.success(request, f"Accepted as “{commitment.title}”.")
        elif action == "merge":
            commitment_id = _int(request.POST.get("commitment"))
            if commitment_id is None:
                raise ValidationError("Choose the commitment to merge it into.")
            commitment_services.merge_candidate(
                candidate.pk, commitment_id, reviewer=reviewer
            )
            title = Commitment.objects.get(pk=commitment_id).title
            messages.success(request, f"Merged into “{title}”.")
        elif action == "reject":
            commitment_services.reject_candidate(
                candidate.pk, reviewer=reviewer, reason=_reason(request)
            )
            messages.success(request, "Rejected.")
        else:
            raise ValidationError("Choose accept, merge or reject.")
    except commitment_services.ReviewConflict as error:
        _conflict(request, candidate.pk, error)
        return redirect(review_url(address, filter_="all", at=candidate.pk))
    except ObjectDoesNotExist:
        messages.error(request, "That commitment does not exist; nothing was changed.")
        return redirect(review_url(address, filter_=filter_, at=candidate.pk))
    except ValidationError as error:
        messages.error(request, f"Not saved: {_errors(error)}")
        request.session[EDITS_KEY] = {
            str(candidate.pk): {
                name: request.POST[name][:FIELD_MAX]
                for name in EDIT_FIELDS
                if name in request.POST
            }
        }
        return redirect(review_url(address, filter_=filter_, at=candidate.pk))
    at = _next_after(candidate) if filter_ == "pending" else candidate.pk
    return redirect(review_url(address, filter_=filter_, at=at))


@permissions_required(VIEW_COMMITMENTS, REVIEW_CANDIDATES)
@require_POST
def review_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept as they are, or reject for one reason, the ticked candidates."""
    address = get_object_or_404(Address, slug=slug)
    filter_ = _filter_of(request)
    ids = [
        number
        for number in (_int(value) for value in request.POST.getlist("candidate"))
        if number is not None
    ]
    ids = list(
        Candidate.objects.filter(address=address, pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    action = request.POST.get("action", "")
    back = redirect(review_url(address, filter_=filter_))
    if not ids:
        messages.error(request, "Tick the candidates to act on first.")
        return back
    reviewer = signed_in_user(request)
    try:
        if action == "accept":
            done = tracking_services.accept_candidates(ids, reviewer=reviewer)
            messages.success(request, f"Accepted {len(done)} candidates.")
        elif action == "reject":
            rejected = commitment_services.reject_candidates(
                ids, reviewer=reviewer, reason=_reason(request)
            )
            messages.success(request, f"Rejected {len(rejected)} candidates.")
        else:
            messages.error(request, "Choose accept or reject.")
    except commitment_services.ReviewConflict as error:
        messages.error(
            request,
            f"{error} Someone reviewed one of them meanwhile; nothing was changed.",
        )
    except ValidationError as error:
        messages.error(request, f"Nothing was changed: {_errors(error)}")
    return back


@permissions_required(VIEW_COMMITMENTS, REVIEW_CANDIDATES)
@require_POST
def review_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a passage the extractor missed as a new pending candidate."""
    address = get_object_or_404(Address, slug=slug)
    start = _int(request.POST.get("start"))
    end = _int(request.POST.get("end"))
    if start is None or end is None:
        messages.error(request, "Give the passage's start and end as numbers.")
        return redirect(review_url(address, filter_=_filter_of(request)))
    try:
        candidate = commitment_services.add_candidate(
            address.pk, start, end, by=signed_in_user(request)
        )
    except ValidationError as error:
        messages.error(request, f"Not added: {_errors(error)}")
        return redirect(review_url(address, filter_=_filter_of(request)))
    messages.success(request, "Added as a candidate: review it below.")
    return redirect(review_url(address, filter_=_filter_of(request), at=candidate.pk))


# ---------------------------------------------------------------- suggested evidence


def _safe_back(request: HttpRequest, fallback: str) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return fallback


@permissions_required(VIEW_COMMITMENTS, LOG_PROGRESS)
@require_POST
def dismiss_evidence(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = get_object_or_404(EvidenceSuggestion, pk=suggestion_id)
    back = _safe_back(
        request, reverse("workspace:commitment", args=[suggestion.commitment_id])
    )
    try:
        commitment_services.dismiss_evidence_suggestion(
            suggestion.pk, by=signed_in_user(request)
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "Suggestion dismissed (kept on record).")
    return HttpResponseRedirect(back)


@permissions_required(VIEW_COMMITMENTS, LOG_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def log_from_evidence(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """Log progress resting on a suggested passage: the analyst picks the rating."""
    suggestion = get_object_or_404(
        EvidenceSuggestion.objects.select_related("commitment", "address"),
        pk=suggestion_id,
    )
    commitment = suggestion.commitment
    back = _safe_back(request, reverse("workspace:commitment", args=[commitment.pk]))
    if not suggestion.is_open:
        messages.error(
            request, "This suggestion was already dismissed or logged as progress."
        )
        return HttpResponseRedirect(back)
    form = LogFromEvidenceForm(
        request.POST or None, initial={"status": commitment.status}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tracking_services.log_progress_from_suggestion(
                suggestion.pk,
                author=signed_in_user(request),
                status=data["status"],
                note=data["note"],
                reason=data["reason"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request, f"Progress logged on “{commitment.title}” from this passage."
            )
            return HttpResponseRedirect(back)
    return render(
        request,
        "workspace/review_log_evidence.html",
        {
            "suggestion": suggestion,
            "commitment": commitment,
            "form": form,
            "back": back,
        },
    )
