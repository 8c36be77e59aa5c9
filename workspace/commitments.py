"""The analysts' commitment pages: the list with its filters and bulk actions, one
commitment (edit with conflict resolution, assign, publish, mentions, updates and
history), and logging progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from addresses.models import Address
from addresses.paragraphs import paragraph_positions, paragraph_url
from commitments import services as commitment_services
from commitments.history import format_when, person_name, readable_changes
from commitments.models import Commitment, Mention, Status
from commitments.services import EDITABLE_FIELDS, PUBLISH_PERMISSION, EditConflict
from config.forms import is_id, show_service_errors
from config.permissions import (
    LOG_PROGRESS,
    VIEW_COMMITMENTS,
    permissions_required,
    signed_in_user,
)
from tracking import services
from tracking.models import EvidenceKind
from workspace.commitment_forms import (
    BULK_ASSIGN,
    BULK_PUBLISH,
    PAGE_SIZE,
    AnalystCommitmentFilter,
    AssignForm,
    BulkActionForm,
    CommitmentEditForm,
    LogProgressForm,
    analysts,
    differing_fields,
    status_choices_with_meanings,
)

CHANGE_COMMITMENT = "commitments.change_commitment"


# ----------------------------------------------------------------------- the list


@permissions_required(VIEW_COMMITMENTS)
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_list(request: HttpRequest) -> HttpResponse:
    """Every commitment, filtered in the URL, 25 a page; POST runs a bulk action
    on the selected ones and comes back to the same view."""
    user = signed_in_user(request)
    if request.method == "POST":
        return _bulk_action(request, user)
    rows = Commitment.objects.select_related("assignee").only(
        "pk",
        "title",
        "status",
        "deadline",
        "area",
        "is_published",
        "last_progress_at",
        "first_made_on",
        "assignee__username",
        "assignee__first_name",
        "assignee__last_name",
    )
    # Whom commitments can go to: the assignee filter and the bulk form share it.
    people = list(analysts())
    filters = AnalystCommitmentFilter(
        request.GET or None,
        queryset=rows.order_by("deadline", "id"),
        user=user,
        people=people,
    )
    matching = filters.qs
    if not request.GET.get("sort"):
        matching = filters.filter_sort(matching, "sort", "")
    page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    counts = Commitment.objects.aggregate(
        total=Count("id"),
        overdue=Count(
            "id", filter=Q(deadline__lt=today) & ~Q(status__in=Status.final())
        ),
        unassigned=Count("id", filter=Q(assignee__isnull=True)),
        unpublished=Count("id", filter=Q(is_published=False)),
        mine=Count("id", filter=Q(assignee=user)),
    )
    query = request.GET.copy()
    query.pop("page", None)
    bulk = BulkActionForm(people=people)
    return render(
        request,
        "workspace/commitment_list.html",
        {
            "filter": filters,
            "page_obj": page,
            "commitments": [
                (commitment, commitment.is_overdue(today))
                for commitment in page.object_list
            ],
            "matching": page.paginator.count,
            "counts": counts,
            "query": query.urlencode(),
            "bulk": bulk,
            "can_publish": user.has_perm(PUBLISH_PERMISSION),
            "here": request.get_full_path(),
        },
    )


def _bulk_action(request: HttpRequest, user: User) -> HttpResponse:
    back = _safe_next(
        request, request.POST.get("next"), reverse("workspace:commitments")
    )
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(back)
    ids = form.cleaned_data["selected"]
    action = form.cleaned_data["action"]
    if action == BULK_ASSIGN:
        assignee = form.cleaned_data["assignee"]
        changed = services.assign_many(ids, assignee, by=user)
        messages.success(
            request,
            f"Assigned {changed} of {len(ids)} selected to "
            f"{person_name(assignee) if assignee else 'nobody'}.",
        )
        return HttpResponseRedirect(back)
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors may publish or unpublish commitments.")
    is_published = action == BULK_PUBLISH
    changed = commitment_services.set_published_many(
        ids, editor=user, is_published=is_published
    )
    verb = "Published" if is_published else "Unpublished"
    messages.success(request, f"{verb} {changed} of {len(ids)} selected.")
    return HttpResponseRedirect(back)


def _safe_next(request: HttpRequest, target: str | None, default: str) -> str:
    """`target` when it is a page of this site, else `default`."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# ------------------------------------------------------------------ one commitment

ACTIONS = ("edit", "assign", "publish", "unpublish")


@permissions_required(VIEW_COMMITMENTS)
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The analysts' page of one commitment; POST edits, assigns or publishes."""
    user = signed_in_user(request)
    commitment = get_object_or_404(Commitment.objects.select_related("assignee"), pk=pk)
    edit_form: CommitmentEditForm | None = None
    conflict: dict[str, Any] | None = None
    assign_form = AssignForm(initial={"assignee": commitment.assignee_id})
    if request.method == "POST":
        action = request.POST.get("action", "edit")
        if action == "assign":
            assign_form = AssignForm(request.POST)
            if assign_form.is_valid():
                assignee = assign_form.cleaned_data["assignee"]
                services.assign(commitment.pk, assignee, by=user)
                messages.success(
                    request,
                    f"Assigned to {person_name(assignee) if assignee else 'nobody'}.",
                )
                return redirect("workspace:commitment", pk=commitment.pk)
        elif action in ("publish", "unpublish"):
            if not user.has_perm(PUBLISH_PERMISSION):
                raise PermissionDenied("Only editors may publish commitments.")
            if action == "publish":
                commitment_services.publish(commitment.pk, editor=user)
                messages.success(request, "Published: the public can now read it.")
            else:
                commitment_services.unpublish(commitment.pk, editor=user)
                messages.success(request, "Unpublished: it is no longer public.")
            return redirect("workspace:commitment", pk=commitment.pk)
        else:
            if not user.has_perm(CHANGE_COMMITMENT):
                raise PermissionDenied("You may not edit commitments.")
            edit_form, conflict, saved = _edit(request, commitment, user)
            if saved:
                return redirect("workspace:commitment", pk=commitment.pk)
            commitment.refresh_from_db()
    if edit_form is None:
        edit_form = CommitmentEditForm(
            initial={
                **{name: getattr(commitment, name) for name in EDITABLE_FIELDS},
                "version": commitment.version,
            }
        )
    return render(
        request,
        "workspace/commitment_detail.html",
        {
            **_record(commitment),
            "edit_form": edit_form,
            "conflict": conflict,
            "assign_form": assign_form,
            "can_publish": user.has_perm(PUBLISH_PERMISSION),
            "can_edit": user.has_perm(CHANGE_COMMITMENT),
            "can_log": user.has_perm(LOG_PROGRESS),
            "here": request.get_full_path(),
        },
    )


def _edit(
    request: HttpRequest, commitment: Commitment, user: User
) -> tuple[CommitmentEditForm, dict[str, Any] | None, bool]:
    """Save the edit form; on a conflict, the form again with a choice per field
    that differs between the stored version and the one submitted."""
    differing = [
        name[len("keep_") :]
        for name in request.POST
        if name.startswith("keep_") and name[len("keep_") :] in EDITABLE_FIELDS
    ]
    form = CommitmentEditForm(request.POST, differing=differing)
    if not form.is_valid():
        return form, _conflict_of(form, commitment) if differing else None, False
    try:
        services.edit_commitment(
            commitment.pk,
            version=form.cleaned_data["version"],
            changes=form.changes(),
            editor=user,
        )
    except EditConflict as error:
        yours = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        differing = differing_fields(error.current, yours)
        if not differing:
            # Their change left these fields as the analyst wants them.
            messages.success(request, "Saved (someone had made the same changes).")
            return form, None, True
        data = request.POST.copy()
        data["version"] = str(error.current["version"])
        for name in list(data):
            if name.startswith("keep_"):
                del data[name]
        form = CommitmentEditForm(data, differing=differing)
        form.is_valid()
        # The choices are for the analyst to make: no error shown for them yet.
        for name in differing:
            form.errors.pop(f"keep_{name}", None)
        return form, _conflict_table(error.current, yours, differing), False
    except ValidationError as error:
        show_service_errors(form, error)
        return form, None, False
    messages.success(request, "Saved.")
    return form, None, True


def _conflict_of(form: CommitmentEditForm, commitment: Commitment) -> dict[str, Any]:
    current = {name: getattr(commitment, name) for name in EDITABLE_FIELDS}
    yours = {name: form.data.get(name, "") for name in EDITABLE_FIELDS}
    return _conflict_table(current, yours, form.differing)


def _conflict_table(
    current: dict[str, Any], yours: dict[str, Any], differing: list[str]
) -> dict[str, Any]:
    labels = {name: CommitmentEditForm.base_fields[name].label for name in differing}
    return {
        "rows": [
            {
                "name": name,
                "label": labels[name],
                "theirs": _shown(name, current[name]),
                "yours": _shown(name, yours[name]),
            }
            for name in differing
        ],
    }


def _shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(getattr(Commitment._meta.get_field(name), "flatchoices", ()) or ())
    if value in choices:
        return str(choices[value])
    if hasattr(value, "year"):
        return format_when(value)
    return str(value)


def _record(commitment: Commitment) -> dict[str, Any]:
    """What the page shows of the record: mentions with their paragraph, the
    updates newest first, the readable history."""
    mentions = list(
        Mention.objects.filter(commitment=commitment)
        .select_related("address")
        .defer("address__text")
        .order_by("address__delivered_on", "start", "id")
    )
    paragraphs = paragraph_positions(
        [(mention.address_id, mention.start) for mention in mentions]
    )
    updates = list(
        commitment.progress_updates.select_related(
            "author", "evidence_address"
        ).order_by("-created_at", "-id")
    )
    update_paragraphs = paragraph_positions(
        [
            (update.evidence_address_id, update.evidence_start)
            for update in updates
            if update.evidence_address_id and update.evidence_start is not None
        ]
    )
    return {
        "commitment": commitment,
        "is_overdue": commitment.is_overdue(timezone.localdate()),
        "assignee_name": person_name(commitment.assignee)
        if commitment.assignee
        else "Nobody",
        "mentions": [
            {
                "mention": mention,
                "url": paragraph_url(
                    mention.address.slug,
                    paragraphs.get((mention.address_id, mention.start)),
                ),
                "paragraph": paragraphs.get((mention.address_id, mention.start)),
            }
            for mention in mentions
        ],
        "updates": [
            {
                "update": update,
                "author": person_name(update.author),
                "when": format_when(update.created_at),
                "evidence_on": format_when(update.evidence_on)
                if update.evidence_on
                else "",
                "evidence_url": paragraph_url(
                    update.evidence_address.slug,
                    update_paragraphs.get(
                        (update.evidence_address_id, update.evidence_start)
                    ),
                )
                if update.evidence_address
                else "",
            }
            for update in updates
        ],
        "changes": readable_changes(commitment),
        "created": format_when(commitment.created_at),
    }


# ------------------------------------------------------------------- log progress


@permissions_required(VIEW_COMMITMENTS, LOG_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def log_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate a commitment with its evidence; then back where the analyst came from.

    `?evidence_address=<id>&evidence_start=<n>&evidence_end=<n>` fills in a passage
    of a later speech (a suggested evidence sentence) as the evidence.
    """
    commitment = get_object_or_404(Commitment, pk=pk)
    default_back = reverse("workspace:commitment", kwargs={"pk": commitment.pk})
    if request.method == "POST":
        form = LogProgressForm(request.POST)
    else:
        form = LogProgressForm(initial=_initial(request, commitment))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress_update(
                commitment.pk,
                author=signed_in_user(request),
                status=data["status"],
                note=data["note"],
                reason=data["reason"],
                evidence=services.Evidence(
                    kind=data["evidence_kind"],
                    url=data["evidence_url"],
                    title=data["evidence_title"],
                    on=data["evidence_on"],
                    address=data["evidence_address"],
                    start=data["evidence_start"],
                    end=data["evidence_end"],
                ),
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Progress logged on “{commitment.title}”: "
                f"{Status(data['status']).label}.",
            )
            return HttpResponseRedirect(
                _safe_next(request, data.get("next"), default_back)
            )
    passage_address = form["evidence_address"].value()
    return render(
        request,
        "workspace/log_progress.html",
        {
            "commitment": commitment,
            "form": form,
            "statuses": status_choices_with_meanings(),
            "chosen_status": form["status"].value(),
            "has_passage": bool(passage_address),
            "back": _safe_next(request, form["next"].value(), default_back),
        },
    )


def _initial(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "status": commitment.status,
        "next": request.GET.get("next", ""),
    }
    address_key = request.GET.get("evidence_address", "")
    if not address_key:
        return initial
    address = (
        Address.objects.filter(pk=int(address_key)).first()
        if is_id(address_key)
        else Address.objects.filter(slug=address_key).first()
    )
    if address is None:
        return initial
    initial.update(
        evidence_address=address.pk,
        evidence_kind=EvidenceKind.LATER_SPEECH,
        evidence_title=address.title,
        evidence_on=address.delivered_on,
    )
    try:
        start = int(request.GET.get("evidence_start", ""))
        end = int(request.GET.get("evidence_end", ""))
    except ValueError:
        return initial
    if 0 <= start < end <= len(address.text):
        initial.update(
            evidence_start=start,
            evidence_end=end,
            evidence_passage=address.text[start:end],
        )
    return initial
