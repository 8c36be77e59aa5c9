"""`/sitemap.xml`: the static public pages, public speeches and published
commitments in every language, at the site's own address (`SITE_URL`), not the
request's host."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from addresses.models import Address
from commitments.models import Commitment
from dashboard.links import commitment_url


class _SiteUrlSitemap(Sitemap[Any]):
    # Every page in each language of the interface (/ru/…, /kk/…), each entry
    # naming its other languages, English the default.
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        return str(urlsplit(settings.SITE_URL).netloc)


class StaticPagesSitemap(_SiteUrlSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "addresses:list",
            "dashboard:commitments",
            "dashboard:calendar",
            "dashboard:methodology",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class AddressSitemap(_SiteUrlSitemap):
    def items(self) -> QuerySet[Address]:
        return (
            Address.objects.public()
            .only("slug", "created_at")
            .order_by("-delivered_on", "-id")
        )

    def location(self, item: Address) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Address) -> dt.datetime:
        # The text never changes after import.
        return item.created_at


class CommitmentSitemap(_SiteUrlSitemap):
    def items(self) -> QuerySet[Commitment]:
        return (
            Commitment.objects.published()
            .with_last_update()
            .only("id", "title", "updated_at")
            .order_by("id")
        )

    def location(self, item: Commitment) -> str:
        return commitment_url(item)

    def lastmod(self, item: Commitment) -> dt.datetime:
        # The page changes with the commitment's fields and with each update.
        last_update: dt.datetime | None = getattr(item, "last_updated_at", None)
        return max(item.updated_at, last_update or item.updated_at)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "speeches": AddressSitemap,
    "commitments": CommitmentSitemap,
}
