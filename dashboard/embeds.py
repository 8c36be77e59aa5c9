"""The cards other sites may frame, and the code that frames them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


def commitment_card_url(pk: int) -> str:
    """The absolute address of a commitment's card."""
    path = reverse("embed:commitment", kwargs={"pk": pk})
    return f"{settings.SITE_URL}{path}"


def scoreboard_card_url(speech: str | None = None) -> str:
    """The absolute address of the scoreboard card, of one speech (a slug) if given."""
    path = reverse("embed:scoreboard")
    query = f"?{urlencode({'speech': speech})}" if speech else ""
    return f"{settings.SITE_URL}{path}{query}"


def iframe_code(url: str, title: str, height: int) -> SafeString:
    """The `<iframe>` a newsroom pastes into its page. Templates show it as text
    (`force_escape`), for copying, never as markup."""
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" '
        'style="border:0;max-width:36rem" loading="lazy"></iframe>',
        url,
        title,
        height,
    )
