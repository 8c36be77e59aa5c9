"""The speech library: who spoke, what they said, and where each paragraph lies."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy


class Speaker(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    role = models.CharField(max_length=300, blank=True)
    # "By the end of my term" in this speaker's speeches is due on this day.
    term_ends_on = models.DateField(
        "term ends on",
        null=True,
        blank=True,
        help_text="When the speaker's current term of office ends, if known: "
        "extraction dates “by the end of my term” to it.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AddressKind(models.TextChoices):
    ADDRESS = "address", pgettext_lazy("kind of speech", "Address")
    INTERVIEW = "interview", pgettext_lazy("kind of speech", "Interview")
    SPEECH = "speech", pgettext_lazy("kind of speech", "Speech")
    STATEMENT = "statement", pgettext_lazy("kind of speech", "Statement")
    OTHER = "other", pgettext_lazy("kind of speech", "Other")


class AddressQuerySet(models.QuerySet["Address"]):
    def public(self) -> AddressQuerySet:
        return self.filter(is_public=True)


class Address(models.Model):
    """One speech, interview or statement, stored exactly as delivered.

    `text` never changes after import: segments, quotes and mentions are character
    offsets into it.
    """

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="addresses"
    )
    kind = models.CharField(max_length=20, choices=AddressKind.choices)
    delivered_on = models.DateField()
    venue = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=12, default="en")
    source_url = models.URLField(max_length=500, blank=True)
    text = models.TextField()
    sha256 = models.CharField(
        max_length=64, unique=True, help_text="Of the normalised text; no text twice."
    )
    is_public = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "addresses"
        ordering = ["-delivered_on", "-id"]
        # Showing a speech to the public or hiding it is an editor's decision
        # (`addresses.services.edit_address`).
        permissions = [("publish_address", "Can publish and hide speeches")]
        indexes = [
            # The public speech list: public addresses, newest first.
            models.Index(
                fields=["-delivered_on", "-id"],
                condition=Q(is_public=True),
                name="address_public_recent_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AddressKind.values), name="address_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="address_text_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.delivered_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("addresses:detail", kwargs={"slug": self.slug})

    @property
    def is_interview(self) -> bool:
        return self.kind == AddressKind.INTERVIEW

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def reading_order(self) -> list[ReadingSegment]:
        """The segments in order, each marked when it opens an interview turn."""
        reading: list[ReadingSegment] = []
        previous: Segment | None = None
        for segment in self.segments.all():
            opens_turn = segment.kind in (
                SegmentKind.QUESTION,
                SegmentKind.ANSWER,
            ) and (
                previous is None
                or previous.kind != segment.kind
                or segment.text.startswith(("–", "—", "-"))
            )
            reading.append(ReadingSegment(segment, opens_turn))
            previous = segment
        return reading


@dataclass(frozen=True)
class ReadingSegment:
    segment: Segment
    opens_turn: bool


class SegmentKind(models.TextChoices):
    HEADING = "heading", "Heading"
    PARAGRAPH = "paragraph", "Paragraph"
    QUESTION = "question", "Question"
    ANSWER = "answer", "Answer"


class Segment(models.Model):
    """A heading or paragraph of an address: `address.text[start:end]`."""

    address = models.ForeignKey(
        Address, on_delete=models.CASCADE, related_name="segments"
    )
    position = models.PositiveIntegerField(
        help_text="1-based; the #p-<position> anchor."
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=SegmentKind.choices)
    speaker_label = models.CharField(
        max_length=200,
        blank=True,
        help_text='"interviewer" or the interviewee\'s name.',
    )

    class Meta:
        ordering = ["address", "position"]
        constraints = [
            # The address page reads segments in order; anchors must be unique.
            models.UniqueConstraint(
                fields=["address", "position"], name="segment_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="segment_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SegmentKind.values), name="segment_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address.slug} #p-{self.position}"

    @property
    def anchor(self) -> str:
        return f"p-{self.position}"

    @property
    def text(self) -> str:
        # Read through `address.segments`, the address is the cached parent instance,
        # so this costs no query.
        return self.address.text[self.start : self.end]


class RecordVersion(models.Model):
    """How many times the record has changed, and when it last did: one row, moved
    on by database triggers (`addresses.versioning`)."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="record_version_one_row")
        ]

    def __str__(self) -> str:
        return f"version {self.version}"

    @classmethod
    def current(cls) -> RecordVersion:
        """The version as this transaction sees it; one query."""
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)
