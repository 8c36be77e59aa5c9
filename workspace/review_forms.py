"""Forms of the review page's evidence actions: field shapes only; the rules live
in `tracking.services`."""

from __future__ import annotations

from django import forms
from django.conf import settings

from commitments.models import Status


def _stall_reasons() -> list[tuple[str, str]]:
    # A callable, so the choices follow the setting.
    reasons = settings.UADE_STALL_REASONS.items()
    return [("", "—"), *((code, str(label)) for code, label in reasons)]


class LogFromEvidenceForm(forms.Form):
    """The rating a suggested passage supports; the evidence is the passage."""

    status = forms.ChoiceField(choices=Status.choices, label="New rating")
    reason = forms.ChoiceField(
        required=False, label="Why stalled or not achieved", choices=_stall_reasons
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Note"
    )
