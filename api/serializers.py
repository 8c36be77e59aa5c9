"""The API's shapes. Serializers check the shape of input (types, choices, sizes);
every rule of the record is the services', which the views call."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse as api_reverse

from addresses.models import Address, AddressKind, Segment, Speaker
from commitments.models import (
    Area,
    Candidate,
    Commitment,
    CommitmentType,
    Mention,
    Status,
)
from tracking.models import EvidenceKind, ProgressUpdate


def site_url(path: str) -> str:
    """An absolute address on the public site (as feeds and emails give it)."""
    return f"{settings.SITE_URL}{path}"


def commitment_html_url(pk: int) -> str:
    """The commitment's permanent public address (it redirects to the page)."""
    return site_url(reverse("dashboard:commitment_by_id", kwargs={"pk": pk}))


def address_html_url(slug: str, position: int | None = None) -> str:
    path = reverse("addresses:detail", kwargs={"slug": slug})
    return site_url(f"{path}#p-{position}" if position else path)


def _api_url(serializer: serializers.Serializer[Any], name: str, **kwargs: Any) -> str:
    return str(
        api_reverse(f"api:{name}", kwargs=kwargs, request=serializer.context["request"])
    )


# ---------------------------------------------------------------------- speakers


class SpeakerSerializer(serializers.ModelSerializer[Speaker]):
    url = serializers.SerializerMethodField(help_text="This speaker in the API.")
    addresses_url = serializers.SerializerMethodField(
        help_text="Their speeches in the API."
    )

    class Meta:
        model = Speaker
        fields = ["slug", "name", "role", "url", "addresses_url"]
        extra_kwargs = {
            "slug": {"help_text": "Stable identifier.", "read_only": True},
            "name": {"help_text": "Full name, e.g. Kassym-Jomart Tokayev."},
            "role": {
                "help_text": "Office held, e.g. President of the Republic of "
                "Kazakhstan."
            },
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, speaker: Speaker) -> str:
        return _api_url(self, "speaker-detail", speaker=speaker.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_addresses_url(self, speaker: Speaker) -> str:
        return f"{_api_url(self, 'address-list')}?speaker={speaker.slug}"


class SpeakerBriefSerializer(serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = ["slug", "name", "role"]


# --------------------------------------------------------------------- addresses


class SegmentSerializer(serializers.ModelSerializer[Segment]):
    text = serializers.SerializerMethodField(help_text="The paragraph's words.")

    class Meta:
        model = Segment
        fields = ["position", "kind", "speaker_label", "start", "end", "text"]
        extra_kwargs = {
            "position": {"help_text": "1-based; the page's #p-<position> anchor."},
            "start": {"help_text": "Offset of its first character in `text`."},
            "end": {"help_text": "Offset just past its last character."},
        }

    def get_text(self, segment: Segment) -> str:
        text: str = self.context["address_text"]
        return text[segment.start : segment.end]


class AddressSerializer(serializers.ModelSerializer[Address]):
    """A speech. `text` and `segments` come only with `?include=text,segments`."""

    speaker = SpeakerBriefSerializer(read_only=True)
    url = serializers.SerializerMethodField(help_text="This speech in the API.")
    html_url = serializers.SerializerMethodField(help_text="Its public page.")
    commitments_url = serializers.SerializerMethodField(
        help_text="The commitments mentioned in it, in the API."
    )
    text = serializers.SerializerMethodField(
        help_text="The whole text as delivered; null unless asked for with "
        "`include=text`."
    )
    segments = serializers.SerializerMethodField(
        help_text="Its headings and paragraphs; null unless asked for with "
        "`include=segments`."
    )
    source_url = serializers.CharField(
        read_only=True, help_text="Where the text was published; may be empty."
    )

    class Meta:
        model = Address
        fields = [
            "slug",
            "title",
            "speaker",
            "kind",
            "delivered_on",
            "venue",
            "language",
            "source_url",
            "url",
            "html_url",
            "commitments_url",
            "text",
            "segments",
        ]
        extra_kwargs = {
            "slug": {
                "help_text": "Stable identifier, e.g. 2020-09-01-state-of-the-nation."
            },
            "kind": {"help_text": "address, interview, speech, statement or other."},
            "delivered_on": {"help_text": "Date delivered (YYYY-MM-DD)."},
        }

    def _includes(self) -> set[str]:
        return set(self.context.get("include", ()))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, address: Address) -> str:
        return _api_url(self, "address-detail", slug=address.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, address: Address) -> str:
        return address_html_url(address.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_commitments_url(self, address: Address) -> str:
        return f"{_api_url(self, 'commitment-list')}?address={address.slug}"

    @extend_schema_field({"type": ["string", "null"]})
    def get_text(self, address: Address) -> str | None:
        return address.text if "text" in self._includes() else None

    @extend_schema_field(SegmentSerializer(many=True, allow_null=True))
    def get_segments(self, address: Address) -> list[dict[str, Any]] | None:
        if "segments" not in self._includes():
            return None
        context = {**self.context, "address_text": address.text}
        return list(
            SegmentSerializer(address.segments.all(), many=True, context=context).data
        )


# ------------------------------------------------------------------- commitments


class MentionSerializer(serializers.ModelSerializer[Mention]):
    address: serializers.SlugRelatedField[Address] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the speech."
    )
    address_title = serializers.CharField(source="address.title", read_only=True)
    paragraph = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Position of the paragraph the quote starts in.",
    )
    html_url = serializers.SerializerMethodField(
        help_text="The paragraph on the speech's public page."
    )

    class Meta:
        model = Mention
        fields = [
            "kind",
            "address",
            "address_title",
            "delivered_on",
            "quote",
            "start",
            "end",
            "paragraph",
            "html_url",
            "deadline",
            "deadline_text",
            "target",
        ]
        extra_kwargs = {
            "deadline": {
                "help_text": "The deadline this passage states (YYYY-MM-DD), or null. "
                "A restatement that states another than the original moved the "
                "goalposts."
            },
            "deadline_text": {"help_text": "The words of this passage that set it."},
            "target": {"help_text": "The target this passage states; may be empty."},
            "kind": {
                "help_text": "original (where first made), restated (said again by "
                "the speaker) or reported (put to them by an interviewer)."
            },
            "quote": {"help_text": "The exact words, as delivered."},
            "start": {"help_text": "Offset of the quote in the speech's text."},
            "end": {"help_text": "Offset just past the quote."},
        }

    delivered_on = serializers.DateField(source="address.delivered_on", read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, mention: Mention) -> str:
        return address_html_url(
            mention.address.slug, getattr(mention, "paragraph", None)
        )


class UpdateBriefSerializer(serializers.ModelSerializer[ProgressUpdate]):
    url = serializers.SerializerMethodField(help_text="This update in the API.")
    evidence_url = serializers.CharField(
        read_only=True, help_text="Link to the evidence; may be empty."
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "status",
            "evidence_kind",
            "evidence_title",
            "evidence_url",
            "evidence_on",
            "created_at",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, update: ProgressUpdate) -> str:
        return _api_url(self, "update-detail", update=update.pk)


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    status_label = serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text="The status as the public site words it.",
    )
    is_overdue = serializers.BooleanField(
        source="is_overdue_today",
        read_only=True,
        help_text="Deadline passed (as of today in Uade's time zone) and status not "
        "final.",
    )
    last_updated_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When progress was last logged; null if never.",
    )
    latest_update = serializers.SerializerMethodField(
        help_text="The latest progress update, or null."
    )
    mentions = serializers.SerializerMethodField(
        help_text="Every passage where it was said, oldest first."
    )
    url = serializers.SerializerMethodField(help_text="This commitment in the API.")
    html_url = serializers.SerializerMethodField(
        help_text="Its permanent public page (redirects to the page with its title)."
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "title",
            "summary",
            "status",
            "status_label",
            "status_changed_at",
            "is_overdue",
            "area",
            "type",
            "actor",
            "target",
            "deadline",
            "deadline_text",
            "first_made_on",
            "last_updated_at",
            "latest_update",
            "mentions",
            "version",
            "url",
            "html_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "title": {"help_text": "Short title, e.g. Build 100 new schools by 2025."},
            "status": {"help_text": "Status code (see the `status` filter)."},
            "area": {"help_text": "Policy area code; empty when none is stated."},
            "type": {
                "help_text": "legislative, spending, institutional, procedural, "
                "outcome or other."
            },
            "actor": {"help_text": "The body responsible, as stated."},
            "deadline": {
                "help_text": "Date it is due (YYYY-MM-DD); null if none was stated."
            },
            "deadline_text": {"help_text": "The words that set the deadline."},
            "first_made_on": {"help_text": "Date of the speech it was first made in."},
            "version": {
                "help_text": "Increases with every change; send it (or "
                "If-Match) with an edit."
            },
        }

    @extend_schema_field(UpdateBriefSerializer(allow_null=True))
    def get_latest_update(self, commitment: Commitment) -> dict[str, Any] | None:
        latest = getattr(commitment, "latest_updates", None)
        if latest is None:
            latest = list(
                commitment.progress_updates.order_by("-created_at", "-id")[:1]
            )
        if not latest:
            return None
        newest = max(latest, key=lambda update: (update.created_at, update.pk))
        return dict(UpdateBriefSerializer(newest, context=self.context).data)

    @extend_schema_field(MentionSerializer(many=True))
    def get_mentions(self, commitment: Commitment) -> list[dict[str, Any]]:
        mentions = getattr(commitment, "visible_mentions", None)
        if mentions is None:
            mentions = list(commitment.mentions.select_related("address"))
        return list(MentionSerializer(mentions, many=True, context=self.context).data)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, commitment: Commitment) -> str:
        return _api_url(self, "commitment-detail", pk=commitment.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, commitment: Commitment) -> str:
        return commitment_html_url(commitment.pk)


class CommitmentEditSerializer(serializers.Serializer[Any]):
    """The fields an analyst may change; send only those that change."""

    title = serializers.CharField(required=False, max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True)
    area = serializers.ChoiceField(
        choices=[*Area.choices, ("", "none")], required=False, allow_blank=True
    )
    type = serializers.ChoiceField(choices=CommitmentType.choices, required=False)
    actor = serializers.CharField(required=False, allow_blank=True, max_length=300)
    deadline = serializers.DateField(required=False, allow_null=True)
    deadline_text = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    target = serializers.CharField(required=False, allow_blank=True, max_length=300)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you loaded; or send If-Match with the ETag instead.",
    )


# ----------------------------------------------------------------------- updates


class UpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    commitment_url = serializers.SerializerMethodField(
        help_text="The commitment in the API."
    )
    commitment_html_url = serializers.SerializerMethodField(
        help_text="The commitment's public page."
    )
    evidence_address: serializers.SlugRelatedField[Address] = (
        serializers.SlugRelatedField(
            slug_field="slug",
            read_only=True,
            allow_null=True,
            help_text="Slug of a later speech that is the evidence, or null.",
        )
    )
    url = serializers.SerializerMethodField(help_text="This update in the API.")
    evidence_url = serializers.CharField(
        read_only=True, help_text="Link to the evidence; may be empty."
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "commitment",
            "status",
            "status_label",
            "note",
            "reason",
            "evidence_kind",
            "evidence_title",
            "evidence_url",
            "evidence_on",
            "evidence_address",
            "evidence_start",
            "evidence_end",
            "created_at",
            "url",
            "commitment_url",
            "commitment_html_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "commitment": {"help_text": "Id of the commitment rated."},
            "status": {"help_text": "The status this update set."},
            "note": {"help_text": "The analyst's note."},
            "reason": {"help_text": "Why stalled or not achieved, when said."},
            "evidence_kind": {"help_text": "What the rating rests on."},
            "evidence_on": {"help_text": "Date of the evidence."},
            "created_at": {"help_text": "When it was logged (never changes)."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, update: ProgressUpdate) -> str:
        return _api_url(self, "update-detail", update=update.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_commitment_url(self, update: ProgressUpdate) -> str:
        return _api_url(self, "commitment-detail", pk=update.commitment_id)

    @extend_schema_field(OpenApiTypes.URI)
    def get_commitment_html_url(self, update: ProgressUpdate) -> str:
        return commitment_html_url(update.commitment_id)


class UpdateCreateSerializer(serializers.Serializer[Any]):
    """A progress update to log (analysts); the rules are the service's."""

    commitment = serializers.PrimaryKeyRelatedField(
        queryset=Commitment.objects.all(), help_text="Id of the commitment to rate."
    )
    status = serializers.ChoiceField(
        choices=Status.choices, help_text="The status it now has."
    )
    evidence_kind = serializers.ChoiceField(
        choices=EvidenceKind.choices, help_text="What the rating rests on."
    )
    evidence_url = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="http(s) link."
    )
    evidence_title = serializers.CharField(
        required=False, allow_blank=True, max_length=300
    )
    evidence_on = serializers.DateField(
        required=False, allow_null=True, help_text="Date of the evidence."
    )
    evidence_address = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Address.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of a later speech that is the evidence.",
    )
    evidence_start = serializers.IntegerField(
        required=False, allow_null=True, min_value=0
    )
    evidence_end = serializers.IntegerField(
        required=False, allow_null=True, min_value=0
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=40)


# -------------------------------------------------------------------- candidates


class CandidateSerializer(serializers.ModelSerializer[Candidate]):
    address: serializers.SlugRelatedField[Address] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    suggestions = serializers.SerializerMethodField(
        help_text="Existing commitments it may restate: [{commitment, score}]."
    )

    class Meta:
        model = Candidate
        fields = [
            "id",
            "address",
            "quote",
            "start",
            "end",
            "tier",
            "deadline",
            "deadline_text",
            "target",
            "actor",
            "area",
            "type",
            "speaker",
            "confidence",
            "state",
            "commitment",
            "reviewed_at",
            "rejection_reason",
            "suggestions",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "commitment": {"type": "integer"},
                    "score": {"type": "number"},
                },
            },
        }
    )
    def get_suggestions(self, candidate: Candidate) -> list[dict[str, Any]]:
        return [
            {
                "commitment": suggestion.commitment_id,
                "score": round(suggestion.score, 3),
            }
            for suggestion in candidate.suggestions.all()
        ]


class AcceptSerializer(CommitmentEditSerializer):
    """Accept as a new commitment, changing any editable field on the way in."""

    version = None  # type: ignore[assignment]


class MergeSerializer(serializers.Serializer[Any]):
    commitment = serializers.IntegerField(
        min_value=1, help_text="Id of the commitment the candidate restates."
    )


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, help_text="Why it is rejected.")


# --------------------------------------------------------------- importing speeches


class AddressImportSerializer(serializers.Serializer[Any]):
    """A speech to import (multipart/form-data); the rules are the import's."""

    file = serializers.FileField(
        help_text="The text: UTF-8 (or UTF-16 with BOM, Windows-1251), paragraphs "
        "separated by blank lines."
    )
    title = serializers.CharField(max_length=300)
    speaker = serializers.CharField(max_length=200)
    speaker_role = serializers.CharField(required=False, allow_blank=True)
    delivered_on = serializers.CharField(help_text="YYYY-MM-DD.")
    kind = serializers.ChoiceField(
        choices=AddressKind.choices, required=False, default=AddressKind.ADDRESS
    )
    venue = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False, default="en", max_length=12)
    source_url = serializers.CharField(required=False, allow_blank=True)


class ExtractionSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=["pending", "queued", "running", "done", "failed", "untracked"],
        help_text="Where the extraction of candidates stands.",
    )
    detail = serializers.CharField(help_text="The same, in a sentence.")
    candidates = serializers.IntegerField(
        allow_null=True, help_text="Candidates proposed (when done)."
    )
    url = serializers.URLField(help_text="Poll this until done or failed.")
    candidates_url = serializers.URLField(help_text="The candidates, in the API.")


# ----------------------------------------------------------------- areas, stats


class AreaSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="The `area` filter's value.")
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="As the public site words it."
    )
    commitments = serializers.IntegerField(help_text="Commitments in it.")
    commitments_url = serializers.URLField(help_text="Them, in the API.")


class CountSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="Status, area, speech slug or year.")
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.DateField(help_text="First day of the month.")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Status → commitments at it at the month's end.",
    )


class StatsSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_status = CountSerializer(many=True)
    by_area = CountSerializer(many=True)
    by_speech = CountSerializer(many=True)
    by_deadline_year = CountSerializer(many=True)
    burn_up = MonthSerializer(many=True, help_text="Progress over time, monthly.")
    as_of = serializers.DateField(help_text="The day `overdue` is counted for.")
