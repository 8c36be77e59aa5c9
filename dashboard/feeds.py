"""Atom feeds of the public record: progress updates on published commitments, all
of them or those of one commitment, one policy area or one speech."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from addresses.models import Address
from commitments.models import Area, Commitment, Mention
from dashboard.links import commitment_url
from tracking.models import ProgressUpdate, ProgressUpdateQuerySet

# Newest first; readers keep what they have already fetched.
FEED_SIZE = 50


class AtomWithContent(Atom1Feed):
    """Atom whose entries carry their description as `<content type="html">`, the
    element readers show in full, where Django's Atom writes a `<summary>`."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: Any) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("content", item["description"], {"type": "html"})


def feed_updates() -> ProgressUpdateQuerySet:
    """Updates of published commitments, newest first, with what an entry shows.

    The quote of a later speech given as evidence is cut out in the database
    (`evidence_excerpt`), and only from a public speech: neither the speeches'
    whole texts nor a hidden speech's words are read. One query, whatever the
    number of entries.
    """
    excerpt = Case(
        When(
            Q(evidence_address__is_public=True, evidence_start__isnull=False),
            then=Substr(
                "evidence_address__text",
                F("evidence_start") + 1,
                F("evidence_end") - F("evidence_start"),
            ),
        ),
        default=Value(""),
    )
    return (
        ProgressUpdate.objects.filter(commitment__is_published=True)
        .select_related("commitment", "evidence_address")
        .defer("evidence_address__text")
        .annotate(evidence_excerpt=excerpt)
        .order_by("-created_at", "-id")
    )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class UpdatesFeed(Feed[ProgressUpdate, Any]):
    """`/feeds/updates/`: the latest progress updates on the whole record."""

    feed_type = AtomWithContent

    def title(self, obj: Any) -> str:
        return _("Uade: progress on the record")

    def subtitle(self, obj: Any) -> str:
        return _("The latest ratings of published commitments, each with its evidence.")

    def updates(self, obj: Any) -> ProgressUpdateQuerySet:
        return feed_updates()

    def items(self, obj: Any) -> list[ProgressUpdate]:
        return list(self.updates(obj)[:FEED_SIZE])

    def link(self, obj: Any) -> str:
        return _absolute(reverse("dashboard:commitments"))

    def feed_url(self, obj: Any) -> str:
        return _absolute(reverse("dashboard:feed_updates"))

    def feed_guid(self, obj: Any) -> str:
        return self.feed_url(obj)

    def author_name(self) -> str:
        return "Uade"

    def item_title(self, item: ProgressUpdate) -> str:
        # Atom titles are text: escaped once, by the XML writer.
        return _("%(title)s — %(status)s") % {
            "title": item.commitment.title,
            "status": item.get_status_display(),
        }

    def item_link(self, item: ProgressUpdate) -> str:
        return _absolute(commitment_url(item.commitment))

    def item_guid(self, item: ProgressUpdate) -> str:
        # By the commitment's id, not its slug: a retitling keeps entries' ids.
        path = reverse("dashboard:commitment_by_id", kwargs={"pk": item.commitment_id})
        return f"{_absolute(path)}#update-{item.pk}"

    def item_description(self, item: ProgressUpdate) -> str:
        # Evidence first, then the analyst's note; written as the entry's <content>.
        return render_to_string("dashboard/feeds/update_content.html", {"update": item})

    def item_pubdate(self, item: ProgressUpdate) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: ProgressUpdate) -> dt.datetime:
        return item.created_at


class CommitmentFeed(UpdatesFeed):
    """`/feeds/commitments/<id>/`: every update of one published commitment."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return get_object_or_404(Commitment.objects.published(), pk=kwargs["pk"])

    def feed_url(self, obj: Commitment) -> str:
        return _absolute(reverse("dashboard:feed_commitment", kwargs={"pk": obj.pk}))

    def title(self, obj: Commitment) -> str:
        return _("Uade: %(title)s") % {"title": obj.title}

    def subtitle(self, obj: Commitment) -> str:
        return _("Every rating of this commitment, with its evidence.")

    def link(self, obj: Commitment) -> str:
        return _absolute(commitment_url(obj))

    def updates(self, obj: Commitment) -> ProgressUpdateQuerySet:
        return feed_updates().filter(commitment=obj)


class AreaFeed(UpdatesFeed):
    """`/feeds/areas/<area>/`: updates on the published commitments of one area."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs["area"] not in Area.values:
            raise Http404("No such area.")
        return Area(kwargs["area"])

    def feed_url(self, obj: Area) -> str:
        return _absolute(reverse("dashboard:feed_area", kwargs={"area": obj.value}))

    def title(self, obj: Area) -> str:
        return _("Uade: progress in %(area)s") % {"area": obj.label}

    def subtitle(self, obj: Area) -> str:
        return _("The latest ratings of published commitments in %(area)s.") % {
            "area": obj.label
        }

    def link(self, obj: Area) -> str:
        return _absolute(f"{reverse('dashboard:commitments')}?area={obj.value}")

    def updates(self, obj: Area) -> ProgressUpdateQuerySet:
        return feed_updates().filter(commitment__area=obj.value)


class AddressFeed(UpdatesFeed):
    """`/feeds/addresses/<slug>/`: updates on the published commitments mentioned
    in one public speech (made there or restated there)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return get_object_or_404(
            Address.objects.public().defer("text"), slug=kwargs["slug"]
        )

    def feed_url(self, obj: Address) -> str:
        return _absolute(reverse("dashboard:feed_address", kwargs={"slug": obj.slug}))

    def title(self, obj: Address) -> str:
        return _("Uade: progress on %(title)s") % {"title": obj.title}

    def subtitle(self, obj: Address) -> str:
        return _("The latest ratings of the published commitments in this speech.")

    def link(self, obj: Address) -> str:
        return _absolute(obj.get_absolute_url())

    def updates(self, obj: Address) -> ProgressUpdateQuerySet:
        mentioned = Mention.objects.filter(address=obj).values("commitment_id")
        return feed_updates().filter(commitment__in=mentioned)
