"""The public commitment list's filters, search and sorting, all in the URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addresses.models import Address, Speaker
from commitments.models import (
    Area,
    Commitment,
    CommitmentQuerySet,
    Mention,
    MentionKind,
    Status,
)
from dashboard.widgets import LongSelect

SORTS = {
    # Overdue first, the longest overdue at the top; then the nearest deadlines.
    "overdue": (
        F("is_overdue_today").desc(),
        F("deadline").asc(nulls_last=True),
        "id",
    ),
    "deadline": (F("deadline").asc(nulls_last=True), "id"),
    "updated": (F("last_progress_at").desc(nulls_last=True), "-id"),
    "oldest": ("first_made_on", "id"),
}
SORT_CHOICES = [
    ("overdue", _("Most overdue")),
    ("deadline", _("Deadline")),
    ("updated", _("Recently updated")),
    ("oldest", _("Oldest promise")),
]
DEFAULT_SORT = "overdue"


def public_commitments(today: dt.date) -> CommitmentQuerySet:
    """Published commitments with what a list row shows, in the default order.

    Every row's original mention and its speech come in one extra query (a public
    speech only: a published commitment first made in a hidden speech names none).
    """
    originals = (
        Mention.objects.filter(kind=MentionKind.ORIGINAL, address__is_public=True)
        .select_related("address")
        .only("commitment_id", "address__slug", "address__title")
    )
    return (
        Commitment.objects.published()
        .with_overdue(today)
        .with_last_update()
        .prefetch_related(Prefetch("mentions", originals, to_attr="originals"))
        .order_by(*SORTS[DEFAULT_SORT])
    )


def _mentioned_in(addresses: QuerySet[Address]) -> Q:
    return Q(
        pk__in=Mention.objects.filter(address__in=addresses).values("commitment_id")
    )


class CommitmentFilter(django_filters.FilterSet):  # type: ignore[misc]
    """Filters of `/commitments/` and its CSV (give it `public_commitments()`)."""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    area = django_filters.ChoiceFilter(
        choices=Area.choices, empty_label=_("Any area"), label=_("Area")
    )
    actor = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Responsible body")
    )
    speech = django_filters.ModelChoiceFilter(
        queryset=Address.objects.public().defer("text").order_by("-delivered_on"),
        to_field_name="slug",
        method="filter_speech",
        empty_label=_("Any speech"),
        widget=LongSelect,
        label=_("Speech"),
    )
    speaker = django_filters.ModelChoiceFilter(
        queryset=Speaker.objects.filter(addresses__is_public=True)
        .distinct()
        .order_by("name"),
        to_field_name="slug",
        method="filter_speaker",
        empty_label=_("Anyone"),
        widget=LongSelect,
        label=_("Speaker"),
    )
    deadline = django_filters.DateFromToRangeFilter(
        label=_("Deadline between"),
        # The template draws its two inputs, each with its own label.
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=forms.Select(
            choices=[
                ("", _("Either")),
                ("true", _("Overdue only")),
                ("false", _("Not overdue")),
            ]
        ),
    )
    updated_since = django_filters.DateFilter(
        method="filter_updated_since",
        label=_("Progress logged since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    goalposts_moved = django_filters.BooleanFilter(
        method="filter_goalposts_moved",
        label=_("Goalposts moved"),
        help_text=_("Restated later with another deadline or target"),
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="filter_sort",
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    def filter_search(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.search(value)

    def filter_speech(
        self, queryset: CommitmentQuerySet, name: str, value: Address
    ) -> CommitmentQuerySet:
        return queryset.filter(_mentioned_in(Address.objects.filter(pk=value.pk)))

    def filter_speaker(
        self, queryset: CommitmentQuerySet, name: str, value: Speaker
    ) -> CommitmentQuerySet:
        return queryset.filter(
            _mentioned_in(Address.objects.public().filter(speaker=value))
        )

    def filter_overdue(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        if value is None:
            return queryset
        overdue = Commitment.objects.overdue(timezone.localdate()).values("pk")
        if value:
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)

    def filter_updated_since(
        self, queryset: CommitmentQuerySet, name: str, value: dt.date
    ) -> CommitmentQuerySet:
        # The latest update, not any update, is the one that counts ("updated
        # since" is about the commitment's last news).
        start = timezone.make_aware(dt.datetime.combine(value, dt.time.min))
        return queryset.filter(last_progress_at__gte=start)

    def filter_goalposts_moved(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        # Unticked means "any", not "only those whose goalposts stayed".
        return queryset.goalposts_moved() if value else queryset

    def filter_sort(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))

    @property
    def qs(self) -> Any:
        # An invalid filter (an unknown speech, a malformed date) shows nothing and
        # says why, rather than quietly showing everything.
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs
