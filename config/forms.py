"""Form helpers every interface app shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message beside the field it
    names, or above the form when the form has no such field."""
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
