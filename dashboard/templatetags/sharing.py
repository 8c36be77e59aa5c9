"""Tags for sharing a page: its canonical address, Open Graph and Twitter cards."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.text import Truncator

register = template.Library()

# Link previews cut longer descriptions anyway; cut at a word instead.
DESCRIPTION_WORDS = 40


@register.filter
def absolute(path: str) -> str:
    """The page's address on the public site (`SITE_URL`), whatever host asked."""
    return f"{settings.SITE_URL}{path}"


@register.inclusion_tag("_sharing.html")
def sharing_meta(
    *parts: Any, title: str, path: str, kind: str = "article"
) -> dict[str, Any]:
    """`<link rel="canonical">` and the Open Graph and Twitter-card tags of a page.

    The description is the non-empty `parts` joined with " · ", cut at a word.
    Everything is escaped by the template: titles and quotes are user data.
    """
    description = " · ".join(str(part) for part in parts if part)
    return {
        "title": title,
        "description": Truncator(description).words(DESCRIPTION_WORDS),
        "url": absolute(path),
        "kind": kind,
    }
