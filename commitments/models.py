"""Commitments: what extraction proposes, what analysts accept, where each was said."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from addresses.models import Address


class Area(models.TextChoices):
    """Policy areas, as listed in docs/pledges.md."""

    PUBLIC_ADMINISTRATION = (
        "public_administration",
        pgettext_lazy("policy area", "Public administration"),
    )
    ECONOMY = "economy", pgettext_lazy("policy area", "Economy")
    INDUSTRY = "industry", pgettext_lazy("policy area", "Industry")
    AGRICULTURE = "agriculture", pgettext_lazy("policy area", "Agriculture")
    FINANCE = "finance", pgettext_lazy("policy area", "Finance")
    REGIONS = "regions", pgettext_lazy("policy area", "Regions")
    HOUSING = "housing", pgettext_lazy("policy area", "Housing")
    SOCIAL = "social", pgettext_lazy("policy area", "Social")
    EDUCATION = "education", pgettext_lazy("policy area", "Education")
    SCIENCE = "science", pgettext_lazy("policy area", "Science")
    HEALTH = "health", pgettext_lazy("policy area", "Health")
    ENVIRONMENT = "environment", pgettext_lazy("policy area", "Environment")
    LAW_ENFORCEMENT = "law_enforcement", pgettext_lazy("policy area", "Law enforcement")
    ANTI_CORRUPTION = "anti_corruption", pgettext_lazy("policy area", "Anti-corruption")
    HUMAN_RIGHTS = "human_rights", pgettext_lazy("policy area", "Human rights")
    DIGITAL = "digital", pgettext_lazy("policy area", "Digital")
    POLITICAL_REFORM = (
        "political_reform",
        pgettext_lazy("policy area", "Political reform"),
    )
    FOREIGN_POLICY = "foreign_policy", pgettext_lazy("policy area", "Foreign policy")
    ENERGY = "energy", pgettext_lazy("policy area", "Energy")

    @classmethod
    def from_extraction(cls, area: str | None) -> str:
        """Map the extractor's area words ("public administration") to a value."""
        value = (area or "").strip().lower().replace(" ", "_").replace("-", "_")
        return value if value in cls.values else ""


class CommitmentType(models.TextChoices):
    LEGISLATIVE = (
        "legislative",
        pgettext_lazy(
            "commitment type", "Legislative (a law, code, bill or amendment)"
        ),
    )
    SPENDING = (
        "spending",
        pgettext_lazy(
            "commitment type", "Spending (an allocation, subsidy or payment)"
        ),
    )
    INSTITUTIONAL = (
        "institutional",
        pgettext_lazy(
            "commitment type", "Institutional (create, merge or abolish a body)"
        ),
    )
    PROCEDURAL = (
        "procedural",
        pgettext_lazy(
            "commitment type", "Procedural (a programme, plan, concept or rule)"
        ),
    )
    OUTCOME = (
        "outcome",
        pgettext_lazy("commitment type", "Outcome (a measurable result)"),
    )
    OTHER = "other", pgettext_lazy("commitment type", "Other")


class Status(models.TextChoices):
    """How far a commitment has been kept; labels are what the public reads."""

    NOT_RATED = "not_rated", pgettext_lazy("status", "Not yet rated")
    IN_PROGRESS = "in_progress", pgettext_lazy("status", "In progress")
    STALLED = "stalled", pgettext_lazy("status", "Stalled")
    PARTIALLY_ACHIEVED = (
        "partially_achieved",
        pgettext_lazy("status", "Partially achieved"),
    )
    ACHIEVED = "achieved", pgettext_lazy("status", "Achieved")
    BROKEN = "broken", pgettext_lazy("status", "Not achieved")
    UNVERIFIABLE = "unverifiable", pgettext_lazy("status", "Cannot be verified")

    @classmethod
    def final(cls) -> frozenset[str]:
        """Statuses that close a commitment: no longer overdue, no more reminders."""
        return frozenset(
            {cls.ACHIEVED, cls.PARTIALLY_ACHIEVED, cls.BROKEN, cls.UNVERIFIABLE}
        )


def _search_document(row: str) -> str:
    """SQL for the full-text document of the commitment `row` (a row variable or
    alias): the title weighs most, then target and actor, summary, quotes."""
    quotes = (
        "(SELECT string_agg(m.quote, ' ') FROM commitments_mention m"  # noqa: S608 -- trigger SQL from constants
        f" WHERE m.commitment_id = {row}.id)"
    )
    parts = [
        (f"{row}.title", "A"),
        (f"concat_ws(' ', {row}.target, {row}.actor)", "B"),
        (f"{row}.summary", "C"),
        (quotes, "D"),
    ]
    return " || ".join(
        f"setweight(to_tsvector('english', coalesce({text}, '')), '{weight}')"
        for text, weight in parts
    )


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def published(self) -> CommitmentQuerySet:
        return self.filter(is_published=True)

    def open(self) -> CommitmentQuerySet:
        """Not yet in a final status."""
        return self.exclude(status__in=Status.final())

    def overdue(self, today: dt.date) -> CommitmentQuerySet:
        """Past their deadline and not in a final status (derived, never stored)."""
        return self.open().filter(deadline__lt=today)

    def with_overdue(self, today: dt.date) -> CommitmentQuerySet:
        """Annotate `is_overdue_today`, the same rule as `overdue(today)`, so that a
        list can show it and sort by it in the one query."""
        return self.annotate(
            is_overdue_today=Case(
                When(
                    Q(deadline__lt=today) & ~Q(status__in=Status.final()),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def with_last_update(self) -> CommitmentQuerySet:
        """Annotate `last_updated_at`: when progress was last logged (None if never).

        Read from the stored `last_progress_at`, so a list sorted or filtered by it
        needs no aggregate over every update.
        """
        return self.annotate(last_updated_at=F("last_progress_at"))

    def quiet_since(self, moment: dt.datetime) -> CommitmentQuerySet:
        """Open ones with no progress logged since `moment` (or, with none ever
        logged, accepted before it), annotated `last_activity_at` to sort by."""
        return (
            self.open()
            .annotate(last_activity_at=Coalesce("last_progress_at", "created_at"))
            .filter(last_activity_at__lt=moment)
        )

    def goalposts_moved(self) -> CommitmentQuerySet:
        """Those restated in a public speech with another deadline or target than
        their original mention, in a public speech too, states (see
        `MentionQuerySet.moved_goalposts`)."""
        public = Mention.objects.filter(
            commitment=OuterRef("pk"), address__is_public=True
        )
        return self.filter(
            Exists(public.filter(kind=MentionKind.ORIGINAL)),
            Exists(public.moved_goalposts()),
        )

    def mentioned_in(self, addresses: models.QuerySet[Address]) -> CommitmentQuerySet:
        """Those made, restated or reported in any of `addresses` (a subquery, so a
        commitment mentioned twice is listed once)."""
        return self.filter(
            pk__in=Mention.objects.filter(address__in=addresses).values("commitment_id")
        )

    def search(self, text: str) -> CommitmentQuerySet:
        """Those whose title, summary, target, actor or any mention's quote match.

        PostgreSQL: full-text search (English stemming, every word must match, as
        in a search box) on the stored `search_vector`. Elsewhere (SQLite): a
        case-insensitive substring of any of those texts, in a subquery, so a
        commitment with several matching quotes is listed once.
        """
        text = text.strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            # The stored vector, kept by triggers and served by a GIN index.
            return self.filter(search_vector=SearchQuery(text, config="english"))
        return self.filter(
            pk__in=Commitment.objects.filter(
                Q(title__icontains=text)
                | Q(summary__icontains=text)
                | Q(target__icontains=text)
                | Q(actor__icontains=text)
                | Q(mentions__quote__icontains=text)
            ).values("pk")
        )


class Commitment(models.Model):
    """A promise the record tracks: accepted by an analyst from a candidate.

    `version` increases with every edit, so two analysts editing at once cannot
    overwrite each other silently (see `services.edit_commitment`).
    """

    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    area = models.CharField(max_length=40, choices=Area.choices, blank=True)
    type = models.CharField(
        max_length=20, choices=CommitmentType.choices, default=CommitmentType.OTHER
    )
    actor = models.CharField(max_length=300, blank=True)
    deadline = models.DateField(null=True, blank=True)
    deadline_text = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_RATED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_commitments",
    )
    is_published = models.BooleanField(default=False)
    first_made_on = models.DateField(help_text="Delivery date of the original mention.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When progress was last logged: set with each update (tracking.services), so
    # lists sort and filter by it without aggregating the updates.
    last_progress_at = models.DateTimeField(null=True, blank=True, editable=False)
    # PostgreSQL only: title, summary, target, actor and every mention's quote,
    # written by the triggers below on any change to them.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "last_progress_at", "search_vector"]
    )
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-first_made_on", "id"]
        permissions = [("publish_commitment", "Can publish and unpublish commitments")]
        indexes = [
            # Public lists and the dashboard: published commitments by area.
            models.Index(
                fields=["area", "status"],
                condition=Q(is_published=True),
                name="commitment_public_area_idx",
            ),
            # Overdue counts and reminders: open commitments by deadline.
            models.Index(fields=["deadline", "status"], name="commitment_deadline_idx"),
            # The analyst workspace: "my commitments".
            models.Index(fields=["assignee", "status"], name="commitment_assignee_idx"),
            # The public list's sorts, page by page in the published rows.
            models.Index(
                fields=["deadline", "id"],
                condition=Q(is_published=True),
                name="commitment_public_deadline_idx",
            ),
            models.Index(
                F("last_progress_at").desc(nulls_last=True),
                F("id").desc(),
                condition=Q(is_published=True),
                name="commitment_public_updated_idx",
            ),
            models.Index(
                fields=["first_made_on", "id"],
                condition=Q(is_published=True),
                name="commitment_public_oldest_idx",
            ),
            # `search()`. This one and the one above exist on PostgreSQL only
            # (migration 0003): SQLite has neither GIN nor NULLS LAST in indexes.
            GinIndex(fields=["search_vector"], name="commitment_search_idx"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="commitment_search_vector",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert
                | pgtrigger.UpdateOf(  # type: ignore[no-untyped-call]
                    "title", "summary", "target", "actor"
                ),
                func=f"NEW.search_vector := {_search_document('NEW')}; RETURN NEW;",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="commitment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(type__in=CommitmentType.values),
                name="commitment_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(area__in=[*Area.values, ""]), name="commitment_area_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="commitment_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_final(self) -> bool:
        return self.status in Status.final()

    def is_overdue(self, today: dt.date) -> bool:
        return self.deadline is not None and self.deadline < today and not self.is_final

    def linking_text(self) -> str:
        """What similarity search compares new speeches with: the commitment's own
        words and every passage where it was said (prefetch `mentions`)."""
        quotes = [mention.quote for mention in self.mentions.all()]
        parts = [self.title, self.summary, *quotes, self.target, self.actor]
        return "\n".join(part for part in parts if part)

    def changes(self) -> list[FieldChange]:
        """Every change to a tracked field, oldest first: who, when, old → new."""
        records = list(
            self.history.select_related("history_user").order_by(
                "history_date", "history_id"
            )
        )
        changes: list[FieldChange] = []
        for previous, record in itertools.pairwise(records):
            delta = record.diff_against(previous)
            changes.extend(
                FieldChange(
                    changed_at=record.history_date,
                    user=record.history_user,
                    field=change.field,
                    old=change.old,
                    new=change.new,
                )
                for change in delta.changes
            )
        return changes


@dataclass(frozen=True)
class FieldChange:
    changed_at: dt.datetime
    user: Any
    field: str
    old: Any
    new: Any


class MentionKind(models.TextChoices):
    ORIGINAL = "original", pgettext_lazy("mention", "Original")
    RESTATED = "restated", pgettext_lazy("mention", "Restated")
    REPORTED = "reported", pgettext_lazy("mention", "Reported by an interviewer")


class MentionQuerySet(models.QuerySet["Mention"]):
    def moved_goalposts(self) -> MentionQuerySet:
        """Restatements that state another deadline or target than the original
        mention of their commitment; a difference counts only where both state one
        (a restatement that adds a deadline moves nothing). Targets are compared
        regardless of case."""
        original = Mention.objects.filter(
            commitment=OuterRef("commitment"), kind=MentionKind.ORIGINAL
        )
        return (
            self.exclude(kind=MentionKind.ORIGINAL)
            .annotate(
                target_key=Lower("target"),
                original_deadline=Subquery(original.values("deadline")[:1]),
                original_target=Subquery(
                    original.annotate(key=Lower("target")).values("key")[:1]
                ),
            )
            .filter(
                Q(deadline__isnull=False, original_deadline__isnull=False)
                & ~Q(deadline=F("original_deadline"))
                | ~Q(target="")
                & ~Q(original_target="")
                & ~Q(target_key=F("original_target"))
            )
        )


_REFRESH_SEARCH = (
    "UPDATE commitments_commitment c SET search_vector = "  # noqa: S608 -- constants
    + _search_document("c")
    + " WHERE c.id = {row}.commitment_id;"
)


class Mention(models.Model):
    """Where a commitment was said: `address.text[start:end] == quote`.

    A mention keeps the deadline and target that its own words state, so a
    restatement that moves them ("by 2025" became "by 2029") is on the record.
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="mentions"
    )
    address = models.ForeignKey(
        Address, on_delete=models.PROTECT, related_name="mentions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    kind = models.CharField(max_length=20, choices=MentionKind.choices)
    deadline = models.DateField(null=True, blank=True)
    deadline_text = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["address__delivered_on", "start"]
        triggers = [
            # The commitment's search document includes every quote.
            pgtrigger.Trigger(
                name="mention_refreshes_search",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=(
                    "IF TG_OP <> 'INSERT' THEN "
                    + _REFRESH_SEARCH.format(row="OLD")
                    + " END IF; IF TG_OP <> 'DELETE' THEN "
                    + _REFRESH_SEARCH.format(row="NEW")
                    + " END IF; RETURN NULL;"
                ),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="mention_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MentionKind.values), name="mention_kind_valid"
            ),
            # A commitment is first made exactly once.
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(kind="original"),
                name="mention_one_original",
            ),
            # The same passage is not linked to the same commitment twice.
            models.UniqueConstraint(
                fields=["commitment", "address", "start", "end"],
                name="mention_unique_span",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quote[:60]}"


class CandidateState(models.TextChoices):
    PENDING = "pending", "Pending review"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged into an existing commitment"
    REJECTED = "rejected", "Rejected"


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def pending(self) -> CandidateQuerySet:
        return self.filter(state=CandidateState.PENDING)

    def reviewed(self) -> CandidateQuerySet:
        return self.exclude(state=CandidateState.PENDING)


class Candidate(models.Model):
    """A commitment the extractor proposed in one address, awaiting an analyst."""

    address = models.ForeignKey(
        Address, on_delete=models.CASCADE, related_name="candidates"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    tier = models.CharField(
        max_length=10, choices=[("core", "Core"), ("soft", "Soft")], default="core"
    )
    deadline = models.DateField(null=True, blank=True)
    deadline_text = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=300, blank=True)
    actor = models.CharField(max_length=300, blank=True)
    area = models.CharField(max_length=40, choices=Area.choices, blank=True)
    type = models.CharField(
        max_length=20, choices=CommitmentType.choices, default=CommitmentType.OTHER
    )
    speaker = models.CharField(
        max_length=20, default="speaker", help_text='"speaker" or "interviewer".'
    )
    confidence = models.FloatField(default=0.0)
    cues = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=20, choices=CandidateState.choices, default=CandidateState.PENDING
    )
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        help_text="The commitment it became (accepted) or joined (merged).",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True)
    # An analyst's addition of a passage the extractor missed (None: extracted);
    # a new extraction of the speech keeps these.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["address", "start", "id"]
        indexes = [
            # The review queue: pending candidates of one address, in text order.
            models.Index(
                fields=["address", "start"],
                condition=Q(state="pending"),
                name="candidate_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="candidate_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CandidateState.values),
                name="candidate_state_valid",
            ),
            # Accepted and merged candidates point at their commitment; pending and
            # rejected ones do not.
            models.CheckConstraint(
                condition=(
                    Q(state__in=["accepted", "merged"], commitment__isnull=False)
                    | Q(state__in=["pending", "rejected"], commitment__isnull=True)
                ),
                name="candidate_commitment_matches_state",
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(reviewed_at__isnull=False),
                name="candidate_reviewed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]

    @property
    def is_pending(self) -> bool:
        return self.state == CandidateState.PENDING


class RestatementSuggestion(models.Model):
    """An existing commitment a candidate may restate, ranked by similarity."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="suggestions"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["candidate", "rank"]
        constraints = [
            # The review queue shows each candidate's suggestions in rank order.
            models.UniqueConstraint(
                fields=["candidate", "rank"], name="restatement_rank_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} {self.commitment_id} ({self.score:.2f})"


class EvidenceSuggestionQuerySet(models.QuerySet["EvidenceSuggestion"]):
    def open(self) -> EvidenceSuggestionQuerySet:
        """Neither dismissed nor logged as progress yet: what analysts act on."""
        return self.filter(is_dismissed=False, used_at__isnull=True)

    def listed(self) -> EvidenceSuggestionQuerySet:
        """With what a list of them shows (speech, commitment, who acted), in one
        query; the speeches' texts are left out."""
        return self.select_related(
            "address", "commitment", "dismissed_by", "used_by"
        ).defer("address__text")


class EvidenceSuggestion(models.Model):
    """A passage of a newer address that may report progress on a commitment.

    An analyst either logs progress with it (`used_at`, `used_by`) or dismisses it
    (`is_dismissed`, `dismissed_at`, `dismissed_by`); both are kept, so a new
    extraction of the speech does not suggest it again.
    """

    address = models.ForeignKey(
        Address, on_delete=models.CASCADE, related_name="evidence_suggestions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="evidence_suggestions"
    )
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()
    is_dismissed = models.BooleanField(default=False)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["address", "start", "rank"]
        indexes = [
            # A commitment's page in the analyst workspace: open evidence suggestions.
            models.Index(
                fields=["commitment", "-score"],
                condition=Q(is_dismissed=False),
                name="evidence_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="evidence_span_valid"
            ),
            models.UniqueConstraint(
                fields=["address", "start", "commitment"], name="evidence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote[:60]} → {self.commitment_id}"

    @property
    def is_open(self) -> bool:
        return not self.is_dismissed and self.used_at is None


class ExtractionState(models.TextChoices):
    PENDING = "pending", "Waiting to be queued"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Reading the speech"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"

    @classmethod
    def unfinished(cls) -> frozenset[str]:
        """States in which the extraction still has to happen."""
        return frozenset({cls.PENDING, cls.QUEUED, cls.RUNNING})


class ExtractionQuerySet(models.QuerySet["Extraction"]):
    def unfinished(self) -> ExtractionQuerySet:
        return self.filter(state__in=ExtractionState.unfinished())

    def needs_queueing(
        self, now: dt.datetime, stale: dt.timedelta
    ) -> ExtractionQuerySet:
        """Pending ones, and queued or running ones silent for longer than `stale`
        (their message or their worker was lost)."""
        return self.filter(
            Q(state=ExtractionState.PENDING)
            | Q(state=ExtractionState.QUEUED, queued_at__lt=now - stale)
            | Q(state=ExtractionState.RUNNING, started_at__lt=now - stale)
        )


class Extraction(models.Model):
    """Where the extraction of one address stands: the outbox that makes sure it runs.

    Written in the import's own transaction as `pending`; queueing the task moves it
    to `queued`, the worker to `running` and then `done` or `failed` (with the
    reason). Anything still pending — the broker was down, a message or a worker was
    lost — is queued again by a periodic job (`services.queue_unfinished_extractions`).
    """

    address = models.OneToOneField(
        Address, on_delete=models.CASCADE, primary_key=True, related_name="extraction"
    )
    state = models.CharField(
        max_length=20, choices=ExtractionState.choices, default=ExtractionState.PENDING
    )
    runs = models.PositiveSmallIntegerField(
        default=0, help_text="Times a worker started it."
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    candidates = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExtractionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The periodic job and the workspace look only at unfinished ones.
            models.Index(
                fields=["state"],
                condition=Q(state__in=["pending", "queued", "running"]),
                name="extraction_unfinished_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ExtractionState.values),
                name="extraction_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""),
                name="extraction_failure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address_id}: {self.get_state_display()}"

    @property
    def is_unfinished(self) -> bool:
        return self.state in ExtractionState.unfinished()
