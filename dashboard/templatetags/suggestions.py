"""The reader's suggestion form on the commitment page."""

from __future__ import annotations

from django import template

from dashboard.forms import SuggestionForm
from dashboard.suggestion_views import new_form

register = template.Library()


@register.simple_tag
def suggestion_form() -> SuggestionForm:
    """An empty form; the page that posts it back shows its errors."""
    return new_form()
