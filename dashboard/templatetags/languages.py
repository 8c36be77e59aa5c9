"""The language switcher and the `hreflang` links of a page (see config/urls.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()

# What the switcher shows for each language, as readers in Kazakhstan know it.
SHORT_NAMES = {"en": "Eng", "ru": "Рус", "kk": "Қаз"}


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in its own language: "Русский"
    short_name: str
    path: str  # this page in that language, query string included
    is_current: bool


@register.simple_tag
def page_languages(request: HttpRequest) -> list[LanguageVersion]:
    """The current page in each language of the interface, or nothing for a page
    that has a single address (the analysts' pages, the admin, a page not found).
    """
    path = request.get_full_path()
    current = get_language()
    versions = [
        LanguageVersion(
            code=code,
            name=name,
            short_name=SHORT_NAMES.get(code, code),
            path=translate_url(path, code),
            is_current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
    if len({version.path for version in versions}) < len(versions):
        return []
    return versions
