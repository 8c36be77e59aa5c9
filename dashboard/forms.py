"""The public site's one form: a reader's suggested evidence or correction.

Field shapes only; `tracking.submissions.submit` holds the rules.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tracking.models import SUBMISSION_NOTE_MAX, SUBMISSION_URL_MAX
from tracking.submissions import EMAIL_MAX

# The field people never see (hidden in the page, skipped by keyboard and screen
# readers); a bot that fills in every field fills in this one too.
HONEYPOT = "website"


class SuggestionForm(forms.Form):
    url = forms.URLField(
        required=False,
        max_length=SUBMISSION_URL_MAX,
        assume_scheme="https",
        label=_("Link to the evidence (optional)"),
        help_text=_(
            "A law or decree, budget figures or statistics, an official statement, "
            "or a news report."
        ),
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )
    note = forms.CharField(
        max_length=SUBMISSION_NOTE_MAX,
        label=_("What should an analyst know?"),
        error_messages={
            "required": _("Say what the link shows or what should be corrected.")
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    email = forms.EmailField(
        required=False,
        max_length=EMAIL_MAX,
        label=_("Your email (optional)"),
        help_text=_(
            "Only if an analyst may write to you about it. It is never published."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Interpolated here, in the language of the request, not at import.
        self.fields["note"].help_text = _(
            "What the link shows, or what is wrong or missing on this page. "
            "Up to %(max)s characters."
        ) % {"max": number_format(SUBMISSION_NOTE_MAX, force_grouping=True)}
