"""The API's filters (django-filter); every one is documented in the schema.

The query logic is the domain's (`CommitmentQuerySet.search`, `mentioned_in`,
`with_overdue`, `with_last_update`), the same the public list uses, so a filter
means the same thing on the site and in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import F, Q
from django.utils import timezone

from addresses.models import Address, AddressKind, AddressQuerySet
from api.permissions import is_analyst
from commitments.models import Area, Commitment, CommitmentQuerySet, Status
from config.forms import MAX_ID
from tracking.models import EvidenceKind, ProgressUpdate

# `ordering` values: the name a client sends → the order it means (ties by id).
COMMITMENT_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "overdue": (
        F("is_overdue_today").desc(),
        F("deadline").asc(nulls_last=True),
        "id",
    ),
    "deadline": (F("deadline").asc(nulls_last=True), "id"),
    "-deadline": (F("deadline").desc(nulls_last=True), "-id"),
    "updated": (F("last_updated_at").desc(nulls_last=True), "-id"),
    "oldest": ("first_made_on", "id"),
    "newest": ("-first_made_on", "-id"),
    "id": ("id",),
}
DEFAULT_COMMITMENT_ORDERING = "overdue"


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class CommitmentFilter(django_filters.FilterSet):  # type: ignore[misc]
    """Give it `visible_commitments()`: annotated with `is_overdue_today` and
    `last_updated_at`."""

    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        help_text="Status code; repeat for several (`status=stalled&status=broken`).",
    )
    area = django_filters.ChoiceFilter(
        choices=Area.choices, help_text="Policy area code (see /api/v1/areas/)."
    )
    actor = django_filters.CharFilter(
        lookup_expr="icontains",
        help_text="Part of the responsible body's name, any case (`ministry of "
        "education`).",
    )
    address = django_filters.CharFilter(
        method="filter_address",
        help_text="Slug of a speech: commitments made, restated or reported in it.",
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        help_text="Slug of a speaker: commitments mentioned in any of their speeches.",
    )
    deadline_after = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="gte",
        help_text="Deadline on or after this date (YYYY-MM-DD).",
    )
    deadline_before = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="lte",
        help_text="Deadline on or before this date (YYYY-MM-DD).",
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="`true`: deadline passed and status not final (achieved, "
        "partially achieved, not achieved, cannot be verified); `false`: the rest.",
    )
    updated_since = django_filters.DateFilter(
        method="filter_updated_since",
        help_text="Latest progress update logged on or after this date "
        "(YYYY-MM-DD, Uade's time zone).",
    )
    goalposts_moved = django_filters.BooleanFilter(
        method="filter_goalposts_moved",
        help_text="`true`: restated in a later public speech with another deadline "
        "or target than first stated; `false`: the rest.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Words to find in the title, summary, target, responsible body and "
        "quotes (full-text search with English stemming; every word must match).",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in COMMITMENT_ORDERINGS],
        method="filter_ordering",
        help_text="`overdue` (default: most overdue first, then nearest deadlines), "
        "`deadline`, `-deadline`, `updated` (recent progress first), `oldest`, "
        "`newest` (by the date first made), `id`.",
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    @property
    def visible_addresses(self) -> AddressQuerySet:
        """Speeches the reader may see: a hidden one names no commitment."""
        if self.request is not None and is_analyst(self.request):
            return Address.objects.all()
        return Address.objects.public()

    def filter_address(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.mentioned_in(self.visible_addresses.filter(slug=value))

    def filter_speaker(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.mentioned_in(self.visible_addresses.filter(speaker__slug=value))

    def filter_overdue(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        if value is None:
            return queryset
        return queryset.filter(Q(is_overdue_today=value))

    def filter_updated_since(
        self, queryset: CommitmentQuerySet, name: str, value: dt.date
    ) -> CommitmentQuerySet:
        return queryset.filter(Q(last_updated_at__gte=start_of_day(value)))

    def filter_goalposts_moved(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        if value is None:
            return queryset
        moved = Commitment.objects.goalposts_moved().values("pk")
        return (
            queryset.filter(pk__in=moved) if value else queryset.exclude(pk__in=moved)
        )

    def filter_search(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.search(value)

    def filter_ordering(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.order_by(*COMMITMENT_ORDERINGS[value])


class UpdateFilter(django_filters.FilterSet):  # type: ignore[misc]
    commitment = django_filters.NumberFilter(
        field_name="commitment_id",
        help_text="Id of one commitment.",
        min_value=1,
        max_value=MAX_ID,
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        help_text="The status the update set; repeat for several.",
    )
    area = django_filters.ChoiceFilter(
        field_name="commitment__area",
        choices=Area.choices,
        help_text="Policy area code of the commitment.",
    )
    evidence_kind = django_filters.ChoiceFilter(
        choices=EvidenceKind.choices, help_text="What the update rests on."
    )

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []


class AddressFilter(django_filters.FilterSet):  # type: ignore[misc]
    speaker = django_filters.CharFilter(
        field_name="speaker__slug", help_text="Slug of the speaker."
    )
    kind = django_filters.ChoiceFilter(
        choices=AddressKind.choices, help_text="Kind of speech."
    )
    delivered_after = django_filters.DateFilter(
        field_name="delivered_on",
        lookup_expr="gte",
        help_text="Delivered on or after this date (YYYY-MM-DD).",
    )
    delivered_before = django_filters.DateFilter(
        field_name="delivered_on",
        lookup_expr="lte",
        help_text="Delivered on or before this date (YYYY-MM-DD).",
    )

    class Meta:
        model = Address
        fields: list[str] = []
