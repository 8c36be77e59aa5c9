"""`{{ update.note|note_html }}`: a progress update's note, rendered and sanitised."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from tracking.notes import render_note

register = template.Library()


@register.filter
def note_html(markdown: str) -> SafeString:
    return render_note(markdown or "")
