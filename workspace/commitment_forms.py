"""Forms of the analysts' commitment pages: the list's filters and bulk actions, the
edit form with its conflict choices, and logging progress. Field shapes only: the
rules live in the services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from addresses.models import Address
from commitments.history import person_name
from commitments.models import Area, Commitment, CommitmentQuerySet, Status
from commitments.services import EDITABLE_FIELDS
from commitments.statuses import STATUS_MEANINGS
from config.forms import is_id
from workspace.forms import ProgressUpdateForm

PAGE_SIZE = 25
NOBODY = "nobody"
ME = "me"

SORTS: dict[str, tuple[Any, ...]] = {
    "deadline": (F("deadline").asc(nulls_last=True), "id"),
    "updated": (F("last_progress_at").desc(nulls_last=True), "-id"),
    "oldest": ("first_made_on", "id"),
    "title": ("title", "id"),
}
SORT_CHOICES = [
    ("deadline", "Deadline"),
    ("updated", "Recently updated"),
    ("oldest", "Oldest promise"),
    ("title", "Title"),
]
DEFAULT_SORT = "deadline"


def analysts() -> QuerySet[User]:
    """Active accounts that may see the workspace: whom a commitment can go to."""
    permission = Permission.objects.filter(
        codename="view_commitment", content_type__app_label="commitments"
    )
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AnalystChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class AnalystCommitmentFilter(django_filters.FilterSet):  # type: ignore[misc]
    """Filters of `/analyst/commitments/`, all in the URL."""

    q = django_filters.CharFilter(method="filter_search", label="Search")
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple, label="Status"
    )
    area = django_filters.ChoiceFilter(
        choices=Area.choices, empty_label="Any area", label="Area"
    )
    assignee = django_filters.CharFilter(
        method="filter_assignee",
        label="Assigned to",
        widget=forms.Select(),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Overdue",
        widget=forms.Select(
            choices=[("", "Either"), ("true", "Overdue only"), ("false", "Not overdue")]
        ),
    )
    due_within = django_filters.NumberFilter(
        method="filter_due_within",
        label="Due within (days)",
        min_value=0,
        max_value=36500,
        widget=forms.NumberInput(attrs={"min": 0, "max": 36500}),
    )
    speech = django_filters.ModelChoiceFilter(
        queryset=Address.objects.defer("text").order_by("-delivered_on", "id"),
        to_field_name="slug",
        method="filter_speech",
        empty_label="Any speech",
        label="Speech",
    )
    published = django_filters.BooleanFilter(
        field_name="is_published",
        label="Published",
        widget=forms.Select(
            choices=[("", "Either"), ("true", "Published"), ("false", "Not published")]
        ),
    )
    stale = django_filters.BooleanFilter(
        method="filter_stale",
        label="Stale",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_sort", label="Sort by", empty_label=None
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    def __init__(
        self, *args: Any, user: User, people: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["stale"].extra["help_text"] = (
            f"No progress logged for {settings.UADE_REMINDER_STALE_AFTER_DAYS} days"
        )
        self.form.fields["assignee"].widget.choices = [
            ("", "Anyone"),
            (ME, "Me"),
            (NOBODY, "Nobody"),
            *[(str(person.pk), person_name(person)) for person in people],
        ]
        self.form.fields["stale"].help_text = self.filters["stale"].extra["help_text"]

    def filter_search(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.search(value)

    def filter_assignee(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        if value == NOBODY:
            return queryset.filter(assignee__isnull=True)
        if value == ME:
            return queryset.filter(assignee=self.user)
        if is_id(value):
            return queryset.filter(assignee_id=int(value))
        return queryset.none()

    def filter_overdue(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        overdue = Q(deadline__lt=today) & ~Q(status__in=Status.final())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_due_within(
        self, queryset: CommitmentQuerySet, name: str, value: Any
    ) -> CommitmentQuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.open().filter(
            deadline__gte=today, deadline__lte=today + dt.timedelta(days=int(value))
        )

    def filter_speech(
        self, queryset: CommitmentQuerySet, name: str, value: Address
    ) -> CommitmentQuerySet:
        return queryset.mentioned_in(Address.objects.filter(pk=value.pk))

    def filter_stale(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        # As the stale reminder counts: silent since the last update, or since the
        # commitment was accepted when nothing was ever logged; final ones rest.
        if not value:
            return queryset
        since = timezone.now() - dt.timedelta(
            days=settings.UADE_REMINDER_STALE_AFTER_DAYS
        )
        return queryset.quiet_since(since)

    def filter_sort(
        self, queryset: CommitmentQuerySet, name: str, value: str
    ) -> CommitmentQuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))

    @property
    def qs(self) -> Any:
        # An invalid filter shows nothing and says why, rather than everything.
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


class SelectedIdsField(forms.Field):
    """The ticked commitments' ids (the boxes are drawn by the list's template)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = [value] if isinstance(value, str) else list(value or [])
        if not all(is_id(str(item)) for item in values):
            raise forms.ValidationError("Select commitments from the list.")
        return sorted({int(item) for item in values})


BULK_ASSIGN = "assign"
BULK_PUBLISH = "publish"
BULK_UNPUBLISH = "unpublish"


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (BULK_ASSIGN, "Assign to"),
            (BULK_PUBLISH, "Publish"),
            (BULK_UNPUBLISH, "Unpublish"),
        ],
        label="With the selected",
    )
    selected = SelectedIdsField(
        label="Commitments",
        error_messages={"required": "Select at least one commitment."},
    )
    assignee = forms.CharField(required=False, label="Analyst", widget=forms.Select())

    def __init__(
        self, *args: Any, people: list[User] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(analysts()) if people is None else people
        self.fields["assignee"].widget.choices = [
            ("", "Nobody"),
            *[(str(person.pk), person_name(person)) for person in self.people],
        ]

    def clean_assignee(self) -> User | None:
        value = self.cleaned_data.get("assignee") or ""
        if not value:
            return None
        for person in self.people:
            if str(person.pk) == value:
                return person
        raise forms.ValidationError("Choose an analyst from the list.")


class CommitmentEditForm(forms.Form):
    """The editable fields, and the version they were read at."""

    title = forms.CharField(max_length=300, label="Title")
    summary = forms.CharField(
        required=False, label="Summary", widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ChoiceField(
        required=False, choices=[("", "—"), *Area.choices], label="Area"
    )
    type = forms.ChoiceField(choices=Commitment._meta.get_field("type").choices)  # type: ignore[arg-type]
    actor = forms.CharField(max_length=300, required=False, label="Responsible")
    deadline = forms.DateField(
        required=False,
        label="Deadline",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    deadline_text = forms.CharField(
        max_length=200, required=False, label="Deadline in words"
    )
    target = forms.CharField(max_length=300, required=False, label="Target")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, differing: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["type"].label = "Type"
        # After a conflict: one choice per field where the versions differ.
        self.differing = differing or []
        for name in self.differing:
            self.fields[f"keep_{name}"] = forms.ChoiceField(
                choices=[("theirs", "Keep theirs"), ("yours", "Use yours")],
                widget=forms.RadioSelect,
                label=self.fields[name].label,
                error_messages={"required": "Choose which version to keep."},
            )

    def changes(self) -> dict[str, Any]:
        """The values to save: every field, except where theirs was chosen."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in EDITABLE_FIELDS
            if data.get(f"keep_{name}") != "theirs"
        }


def differing_fields(current: dict[str, Any], yours: dict[str, Any]) -> list[str]:
    return [
        name for name in EDITABLE_FIELDS if _same(current[name]) != _same(yours[name])
    ]


def _same(value: Any) -> Any:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


class AssignForm(forms.Form):
    assignee = AnalystChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody",
        label="Assigned to",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = analysts()  # type: ignore[attr-defined]


def status_choices_with_meanings() -> list[tuple[str, str, str]]:
    return [
        (value, str(label), str(STATUS_MEANINGS[value]))
        for value, label in Status.choices
    ]


class LogProgressForm(ProgressUpdateForm):
    """A rating with its evidence: a link, or a passage of a later speech."""

    status = forms.ChoiceField(
        choices=Status.choices, label="New rating", widget=forms.RadioSelect
    )
    evidence_address = forms.ModelChoiceField(
        queryset=Address.objects.defer("text").order_by("-delivered_on", "id"),
        required=False,
        label="Later speech (when the evidence is a speech)",
    )
    evidence_passage = forms.CharField(
        required=False,
        label="The passage of that speech",
        help_text="Paste its words exactly as in the speech.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_start = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0
    )
    evidence_end = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0
    )
    note = forms.CharField(
        required=False,
        label="Note",
        help_text="Markdown: **bold**, *italic*, [a link](https://…), lists.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "status",
        "evidence_kind",
        "evidence_url",
        "evidence_title",
        "evidence_on",
        "evidence_address",
        "evidence_passage",
        "reason",
        "note",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        address = data.get("evidence_address")
        passage = (data.get("evidence_passage") or "").strip()
        start, end = data.get("evidence_start"), data.get("evidence_end")
        if passage and address is None:
            self.add_error("evidence_address", "Choose the speech the passage is from.")
        elif passage and address is not None:
            span = find_passage(address.text, passage, start)
            if span is None:
                self.add_error(
                    "evidence_passage", "These words are not in that speech."
                )
                start = end = None
            else:
                start, end = span
        elif address is None:
            start = end = None
        data["evidence_start"], data["evidence_end"] = start, end
        return data


def find_passage(text: str, passage: str, near: int | None) -> tuple[int, int] | None:
    """Where `passage` is in `text`: at `near` if it is there, else its first
    occurrence, with any run of spaces and line breaks matching any other."""
    if near is not None and text[near : near + len(passage)] == passage:
        return near, near + len(passage)
    pattern = r"\s+".join(re.escape(word) for word in passage.split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None
