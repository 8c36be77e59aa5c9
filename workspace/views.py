"""The analyst workspace (analysts only, see `config.permissions`) and the signed
unsubscribe link (public: the token is the credential)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from config.forms import show_service_errors
from config.permissions import (
    LOG_PROGRESS,
    MODERATE_SUBMISSIONS,
    VIEW_COMMITMENTS,
    analyst_required,
    permissions_required,
    signed_in_user,
)
from tracking import reminders, submissions
from tracking.models import (
    DismissReason,
    ReaderSubmission,
    ReminderFrequency,
    ReminderPreference,
)
from workspace.forms import (
    AcceptSubmissionForm,
    DismissSubmissionForm,
    ReminderPreferenceForm,
)


@analyst_required
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    preference = ReminderPreference.objects.filter(user=user).first()
    current = preference.frequency if preference else ReminderFrequency.IMMEDIATE
    form = ReminderPreferenceForm(request.POST or None, initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        reminders.set_reminder_frequency(user, form.cleaned_data["frequency"])
        messages.success(request, "Your reminder settings are saved.")
        return redirect("workspace:reminder_preferences")
    return render(request, "workspace/reminder_preferences.html", {"form": form})


# The signed token is the credential, and mail clients POST here without a session
# (RFC 8058 one-click unsubscribe), so there is no CSRF token to check.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = reminders.user_for_unsubscribe_token(token)
    if user is None:
        return render(
            request, "workspace/unsubscribe.html", {"invalid": True}, status=400
        )
    if request.method == "POST":
        reminders.set_reminder_frequency(user, ReminderFrequency.OFF)
        return render(
            request, "workspace/unsubscribe.html", {"done": True, "person": user}
        )
    return render(request, "workspace/unsubscribe.html", {"person": user})


# Readers' submissions: the moderation queue and its two actions.

SUBMISSIONS_PAGE_SIZE = 20


@permissions_required(VIEW_COMMITMENTS, MODERATE_SUBMISSIONS)
@require_safe
def submission_queue(request: HttpRequest) -> HttpResponse:
    """Pending submissions first (oldest first), then the moderated ones."""
    rows = ReaderSubmission.objects.queue_order().select_related(
        "commitment", "moderated_by", "progress_update"
    )
    page = Paginator(rows, SUBMISSIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/submission_queue.html",
        {
            "page_obj": page,
            "submissions": page.object_list,
            "pending": ReaderSubmission.objects.pending().count(),
            "dismiss_reasons": DismissReason.choices,
            "can_log_progress": request.user.has_perm(LOG_PROGRESS),
        },
    )


def _pending_submission(
    request: HttpRequest, submission_id: int
) -> ReaderSubmission | HttpResponse:
    """The submission, or a redirect to the queue saying it is moderated already."""
    submission = get_object_or_404(
        ReaderSubmission.objects.select_related("commitment", "moderated_by"),
        pk=submission_id,
    )
    if not submission.is_pending:
        return _already_moderated(request, submissions.AlreadyModerated(submission))
    return submission


def _already_moderated(
    request: HttpRequest, error: submissions.AlreadyModerated
) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("workspace:submissions")


def _moderation_page(
    request: HttpRequest,
    submission: ReaderSubmission,
    form: forms.Form,
    moderate: Callable[[], object],
    done: str,
    template: str,
) -> HttpResponse:
    """Moderate a submission once its form is valid, or show the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            moderate()
        except submissions.AlreadyModerated as error:
            return _already_moderated(request, error)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, done % {"title": submission.commitment.title})
            return redirect("workspace:submissions")
    return render(
        request,
        template,
        {"submission": submission, "commitment": submission.commitment, "form": form},
    )


@permissions_required(VIEW_COMMITMENTS, MODERATE_SUBMISSIONS, LOG_PROGRESS)
@require_http_methods(["GET", "HEAD", "POST"])
def accept_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    found = _pending_submission(request, submission_id)
    if isinstance(found, HttpResponse):
        return found
    submission = found
    form = AcceptSubmissionForm(
        request.POST or None,
        initial={
            "status": submission.commitment.status,
            "evidence_url": submission.url,
        },
    )

    def accept() -> object:
        data = form.cleaned_data
        return submissions.accept_submission(
            submission.pk,
            by=signed_in_user(request),
            status=data["status"],
            evidence_kind=data["evidence_kind"],
            note=data["note"],
            reason=data["reason"],
            evidence_url=data["evidence_url"],
            evidence_title=data["evidence_title"],
            evidence_on=data["evidence_on"],
        )

    return _moderation_page(
        request,
        submission,
        form,
        accept,
        _("Logged as a progress update on “%(title)s”."),
        "workspace/submission_accept.html",
    )


@permissions_required(VIEW_COMMITMENTS, MODERATE_SUBMISSIONS)
@require_http_methods(["GET", "HEAD", "POST"])
def dismiss_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    found = _pending_submission(request, submission_id)
    if isinstance(found, HttpResponse):
        return found
    submission = found
    form = DismissSubmissionForm(request.POST or None, auto_id="dismiss_%s")

    def dismiss() -> object:
        return submissions.dismiss_submission(
            submission.pk,
            by=signed_in_user(request),
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )

    return _moderation_page(
        request,
        submission,
        form,
        dismiss,
        _("Dismissed the submission on “%(title)s”."),
        "workspace/submission_dismiss.html",
    )
