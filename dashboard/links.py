"""Addresses of the public commitment pages.

They live here, not as `Commitment.get_absolute_url`: the route belongs to this
interface app, and the domain apps never import the interface floor.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from commitments.models import Commitment

SLUG_MAX = 80


def commitment_slug(commitment: Commitment) -> str:
    """The readable part of the address, from the title: never empty, and cut at a
    word to at most `SLUG_MAX` characters (titles can be whole sentences)."""
    slug = slugify(commitment.title, allow_unicode=True)
    if len(slug) > SLUG_MAX:
        cut = slug[: SLUG_MAX + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:SLUG_MAX]
    return slug or "commitment"


def commitment_url(commitment: Commitment) -> str:
    """The canonical path of a commitment's public page: `/commitments/<id>-<slug>/`."""
    return reverse(
        "dashboard:commitment",
        kwargs={"pk": commitment.pk, "slug": commitment_slug(commitment)},
    )


def commitment_permalink(commitment: Commitment) -> str:
    """The absolute address to cite: by id alone, so it outlives a retitling (it
    redirects to the canonical page)."""
    path = reverse("dashboard:commitment_by_id", kwargs={"pk": commitment.pk})
    return f"{settings.SITE_URL}{path}"
