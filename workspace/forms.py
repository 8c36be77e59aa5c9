"""Forms of the analyst workspace: field shapes only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from addresses.models import Address
from commitments.models import Status
from tracking.models import DismissReason, EvidenceKind, ReminderFrequency
from tracking.submissions import DISMISS_NOTE_MAX


def _stall_reasons() -> list[tuple[str, str]]:
    # A callable, so the choices follow the setting (and tests that change it).
    reasons = settings.UADE_STALL_REASONS.items()
    return [("", "—"), *((code, str(label)) for code, label in reasons)]


class ProgressUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices, label="New rating")
    evidence_kind = forms.ChoiceField(
        choices=[("", "Choose…"), *EvidenceKind.choices], label="Evidence it rests on"
    )
    evidence_url = forms.URLField(
        required=False,
        label="Link to the evidence",
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    evidence_title = forms.CharField(
        max_length=300, required=False, label="Title of the evidence"
    )
    evidence_on = forms.DateField(
        required=False,
        label="Date of the evidence",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence_address = forms.ModelChoiceField(
        queryset=Address.objects.public().defer("text"),
        required=False,
        label="Later speech (when the evidence is a speech)",
    )
    reason = forms.ChoiceField(
        required=False, label="Why stalled or not achieved", choices=_stall_reasons
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Note"
    )


class ReminderPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        choices=ReminderFrequency.choices,
        widget=forms.RadioSelect,
        label="Send me reminders",
    )


# Moderating readers' submissions (`tracking.submissions`).


class AcceptSubmissionForm(ProgressUpdateForm):
    """A progress update resting on a reader's link: no speech as evidence."""

    evidence_kind = forms.ChoiceField(
        choices=[
            ("", _("Choose…")),
            *[
                (value, label)
                for value, label in EvidenceKind.choices
                if value != EvidenceKind.LATER_SPEECH
            ],
        ],
        label=_("Evidence it rests on"),
    )
    evidence_address = None  # type: ignore[assignment]


class DismissSubmissionForm(forms.Form):
    reason = forms.ChoiceField(
        choices=DismissReason.choices,
        widget=forms.RadioSelect,
        label=_("Why dismiss it"),
        error_messages={"required": _("Choose why the submission is dismissed.")},
    )
    note = forms.CharField(
        required=False,
        max_length=DISMISS_NOTE_MAX,
        label=_("Note for other analysts"),
        help_text=_("Needed when the reason is “Other”. Never shown to the reader."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
