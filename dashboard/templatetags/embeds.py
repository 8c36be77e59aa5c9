"""The "copy embed code" box of the public pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from commitments.models import Commitment
from dashboard.embeds import commitment_card_url, iframe_code

register = template.Library()


@register.inclusion_tag("dashboard/_embed_code.html")
def commitment_embed_code(commitment: Commitment) -> dict[str, Any]:
    return {
        "code": iframe_code(
            commitment_card_url(commitment.pk),
            _("Uade: %(title)s") % {"title": commitment.title},
            300,
        ),
        "label": _("Embed this commitment’s card on your site: copy this code"),
    }
