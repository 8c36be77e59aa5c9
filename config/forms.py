"""Form helpers every interface app shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

# The largest id a BigAutoField holds. An id typed past it matches nothing, and
# SQLite cannot even be asked about it (OverflowError), so readers of ids stop here.
MAX_ID = 2**63 - 1


def is_id(value: str) -> bool:
    """Whether `value` is an id as typed: ASCII digits ("²" is a digit to
    str.isdigit, not to int), at most `MAX_ID`."""
    return value.isascii() and value.isdigit() and int(value) <= MAX_ID


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message beside the field it
    names, or above the form when the form has no such field."""
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
