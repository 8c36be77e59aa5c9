"""The API's ViewSets: parse the request, call one service, shape the answer.

Readers who are not analysts see the published record only: published
commitments, their updates, public speeches and the speakers of those.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from addresses.models import Address, Segment, Speaker
from addresses.services import AddressInput
from addresses.versioning import cached
from api import caching, exports, serializers
from api.errors import PreconditionFailed, PreconditionRequired, as_problem
from api.filters import (
    COMMITMENT_ORDERINGS,
    DEFAULT_COMMITMENT_ORDERING,
    AddressFilter,
    CommitmentFilter,
    UpdateFilter,
)
from api.pagination import PollingCursorPagination
from api.permissions import is_analyst
from api.renderers import CsvRenderer
from api.schema import (
    READ_ERRORS,
    WRITE_ERRORS,
    SingleObjectSchema,
    json_and_csv,
    json_ok,
    problems,
)
from commitments import services as commitment_services
from commitments.models import (
    Area,
    Candidate,
    CandidateState,
    Commitment,
    CommitmentQuerySet,
    Extraction,
    Mention,
    Status,
)
from config.permissions import LOG_PROGRESS, VIEW_COMMITMENTS
from tracking import services as tracking_services
from tracking.models import ProgressUpdate

# Address columns a list reads: everything but the text, which can be 2 MB.
ADDRESS_INCLUDES = ("text", "segments")


def _user(request: Request) -> User:
    return cast(User, request.user)


def today() -> dt.date:
    return timezone.localdate()


# ------------------------------------------------------------------ what is seen


def visible_addresses(request: Request) -> QuerySet[Address]:
    return Address.objects.all() if is_analyst(request) else Address.objects.public()


def visible_commitments(request: Request) -> CommitmentQuerySet:
    """The commitments the reader may see, annotated as every list needs, in the
    default order; mentions (in visible speeches, with their paragraph) and the
    latest update come in one query each."""
    commitments = (
        Commitment.objects.all()
        if is_analyst(request)
        else Commitment.objects.published()
    )
    paragraph = Segment.objects.filter(
        address=OuterRef("address"),
        start__lte=OuterRef("start"),
        end__gt=OuterRef("start"),
    ).values("position")[:1]
    mentions = (
        Mention.objects.filter(address__in=visible_addresses(request))
        .select_related("address")
        .only(
            "commitment_id",
            "kind",
            "quote",
            "start",
            "end",
            "deadline",
            "deadline_text",
            "target",
            "address__slug",
            "address__title",
            "address__delivered_on",
        )
        .annotate(paragraph=Subquery(paragraph))
        .order_by("address__delivered_on", "start", "id")
    )
    newer = ProgressUpdate.objects.filter(
        commitment=OuterRef("commitment"), created_at__gt=OuterRef("created_at")
    )
    latest = ProgressUpdate.objects.filter(~Exists(newer))
    return (
        commitments.with_overdue(today())
        .with_last_update()
        .prefetch_related(
            Prefetch("mentions", mentions, to_attr="visible_mentions"),
            Prefetch("progress_updates", latest, to_attr="latest_updates"),
        )
        .order_by(*COMMITMENT_ORDERINGS[DEFAULT_COMMITMENT_ORDERING])
    )


def commitments_fingerprint(commitments: QuerySet[Commitment]) -> caching.Fingerprint:
    """Count and latest change of the commitments, their updates and mentions:
    three aggregate queries. For one commitment, whose tag guards its edits; lists
    use `caching.record_fingerprint`."""
    ids = commitments.order_by().values("pk")
    own = commitments.order_by().aggregate(count=Count("pk"), changed=Max("updated_at"))
    updates = ProgressUpdate.objects.filter(commitment__in=ids).aggregate(
        count=Count("pk"), latest=Max("created_at")
    )
    mentions = Mention.objects.filter(commitment__in=ids).aggregate(
        count=Count("pk"), latest=Max("created_at")
    )
    return caching.Fingerprint(
        parts=[
            own["count"],
            own["changed"],
            updates["count"],
            updates["latest"],
            mentions["count"],
            mentions["latest"],
        ],
        last_modified=caching.latest(
            own["changed"], updates["latest"], mentions["latest"]
        ),
    )


# -------------------------------------------------------------------- the basics


class ApiViewMixin(viewsets.GenericViewSet[Any]):
    """Errors as problem details, whatever format was asked for; CSV only where a
    list offers it."""

    csv_actions: tuple[str, ...] = ()
    # Any segment reaches the view, which answers 404 for one that names nothing.
    lookup_value_regex = "[^/]+"

    def get_renderers(self) -> list[BaseRenderer]:
        renderers: list[BaseRenderer] = [JSONRenderer()]
        # No action (a method the route lacks): any format, so the answer is 405.
        action = getattr(self, "action", None)
        if action is None or action in self.csv_actions:
            renderers.append(CsvRenderer())
        return renderers

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        # Streamed CSV is not a DRF Response, and is left as it is.
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            as_problem(response)
        return response

    def wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, CsvRenderer)


# -------------------------------------------------------------------- speakers


@extend_schema_view(
    list=extend_schema(
        summary="List speakers",
        description="Speakers of the public speeches (of every speech, for analysts).",
        responses={
            **json_and_csv(
                serializers.SpeakerSerializer(many=True),
                "Every speaker as CSV: `slug`, `name`, `role`.",
            ),
            **READ_ERRORS,
        },
    ),
    retrieve=extend_schema(
        summary="One speaker",
        responses={
            **json_ok(serializers.SpeakerSerializer),
            **READ_ERRORS,
            **problems(404),
        },
    ),
)
class SpeakerViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet[Speaker]):
    serializer_class = serializers.SpeakerSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "speaker"
    lookup_value_regex = "[^/]+"
    csv_actions = ("list",)

    def get_queryset(self) -> QuerySet[Speaker]:
        speakers = Speaker.objects.order_by("name", "pk")
        if is_analyst(self.request):
            return speakers
        return speakers.filter(
            Exists(Address.objects.public().filter(speaker=OuterRef("pk")))
        )

    def _fingerprint(self, speakers: QuerySet[Speaker]) -> caching.Fingerprint:
        rows = list(speakers.order_by().values_list("pk", "slug", "name", "role"))
        return caching.Fingerprint(parts=sorted(rows), last_modified=None)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        speakers = self.filter_queryset(self.get_queryset())
        if self.wants_csv():
            return exports.streaming_csv(
                speakers.iterator(chunk_size=exports.CHUNK_SIZE),
                exports.SPEAKER_COLUMNS,
                "speakers",
            )
        return caching.conditional(
            request,
            self._fingerprint(speakers),
            analyst=is_analyst(request),
            build=lambda: super(SpeakerViewSet, self).list(request, *args, **kwargs),
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        speaker = self.get_object()
        return caching.conditional(
            request,
            self._fingerprint(Speaker.objects.filter(pk=speaker.pk)),
            analyst=is_analyst(request),
            build=lambda: Response(self.get_serializer(speaker).data),
            detail=True,
        )


# ------------------------------------------------------------------- addresses

INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    description="Comma-separated extras: `text` (the whole text as delivered), "
    "`segments` (its paragraphs with their positions and offsets).",
    examples=[OpenApiExample("Text and paragraphs", value="text,segments")],
)


@extend_schema_view(
    list=extend_schema(
        summary="List speeches",
        description="Public speeches, newest first; `?format=csv` for a sheet, "
        f"with the columns {exports.column_names(exports.ADDRESS_COLUMNS)}.",
        parameters=[INCLUDE_PARAMETER],
        responses={
            **json_and_csv(
                serializers.AddressSerializer(many=True),
                "Every matching speech as CSV (columns in the quick start).",
            ),
            **READ_ERRORS,
        },
    ),
    retrieve=extend_schema(
        summary="One speech",
        description="Add `?include=text,segments` for its words.",
        parameters=[INCLUDE_PARAMETER],
        responses={
            **json_ok(serializers.AddressSerializer),
            **READ_ERRORS,
            **problems(404),
        },
    ),
    create=extend_schema(
        summary="Import a speech (analysts)",
        description="Upload the text as multipart/form-data. The speech is stored at "
        "once and its candidates are extracted in the background: the answer is 202 "
        "with `extraction.url` (also in `Location`) to poll until `done` or `failed`.",
        request={"multipart/form-data": serializers.AddressImportSerializer},
        responses={
            (202, "application/json"): OpenApiResponse(
                description="Imported; extraction queued."
            ),
            **WRITE_ERRORS,
            **problems(409),
        },
    ),
    extraction=extend_schema(
        summary="Where the extraction of a speech stands (analysts)",
        responses={
            **json_ok(serializers.ExtractionSerializer),
            **READ_ERRORS,
            **problems(404),
        },
    ),
)
class AddressViewSet(
    ApiViewMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[Address],
):
    serializer_class = serializers.AddressSerializer
    filterset_class = AddressFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    parser_classes = (MultiPartParser, FormParser)
    csv_actions = ("list",)
    read_permissions = {"extraction": VIEW_COMMITMENTS}
    write_permissions = {"create": "addresses.add_address"}

    def includes(self) -> set[str]:
        # Unknown extras are ignored, as unknown query parameters are.
        asked = self.request.query_params.get("include", "")
        return {part.strip() for part in asked.split(",")} & set(ADDRESS_INCLUDES)

    def get_queryset(self) -> QuerySet[Address]:
        addresses = visible_addresses(self.request).select_related("speaker")
        includes = self.includes() if self.action in ("list", "retrieve") else set()
        if not includes:
            addresses = addresses.defer("text")
        if "segments" in includes:
            addresses = addresses.prefetch_related(
                Prefetch("segments", Segment.objects.order_by("position"))
            )
        return addresses.order_by("-delivered_on", "-id")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action in ("list", "retrieve"):
            context["include"] = self.includes()
        return context

    def _fingerprint(self, addresses: QuerySet[Address]) -> caching.Fingerprint:
        rows = list(
            addresses.order_by().values_list(
                "pk",
                "slug",
                "title",
                "kind",
                "delivered_on",
                "venue",
                "language",
                "source_url",
                "is_public",
                "created_at",
                "speaker__slug",
                "speaker__name",
                "speaker__role",
            )
        )
        return caching.Fingerprint(
            parts=sorted(rows, key=lambda row: row[0]),
            last_modified=caching.latest(*(row[9] for row in rows)),
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        addresses = self.filter_queryset(self.get_queryset())
        if self.wants_csv():
            return exports.streaming_csv(
                addresses.iterator(chunk_size=exports.CHUNK_SIZE),
                exports.ADDRESS_COLUMNS,
                "speeches",
            )
        return caching.conditional(
            request,
            self._fingerprint(addresses),
            analyst=is_analyst(request),
            build=lambda: super(AddressViewSet, self).list(request, *args, **kwargs),
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        address = self.get_object()
        return caching.conditional(
            request,
            self._fingerprint(Address.objects.filter(pk=address.pk)),
            analyst=is_analyst(request),
            build=lambda: Response(self.get_serializer(address).data),
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = serializers.AddressImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        upload = values.pop("file")
        data = upload.read(settings.UADE_MAX_TEXT_BYTES + 1)
        address = commitment_services.import_address(
            data,
            AddressInput(**values),
            created_by=_user(request),
        )
        extraction = self._extraction(address)
        body = {
            "address": serializers.AddressSerializer(
                address, context=self.get_serializer_context()
            ).data,
            "extraction": extraction,
        }
        return Response(
            body,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": extraction["url"]},
        )

    def _extraction(self, address: Address) -> dict[str, Any]:
        row = Extraction.objects.filter(pk=address.pk).first()
        return {
            "state": row.state if row else "untracked",
            "detail": commitment_services.extraction_status(address.pk)
            or "no extraction is recorded for this speech",
            "candidates": row.candidates if row else None,
            "url": reverse(
                "api:address-extraction",
                kwargs={"slug": address.slug},
                request=self.request,
            ),
            "candidates_url": reverse("api:candidate-list", request=self.request)
            + f"?address={address.slug}",
        }

    @action(detail=True, methods=["get"])
    def extraction(self, request: Request, slug: str | None = None) -> Response:
        address = self.get_object()
        return Response(self._extraction(address))


# ----------------------------------------------------------------- commitments

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the commitment as you loaded it. A stale one gives "
    "412; send this or `version` in the body (neither gives 428).",
)


@extend_schema_view(
    list=extend_schema(
        summary="List commitments",
        description="Published commitments (every one, for analysts), most overdue "
        "first unless `ordering` says otherwise. `?format=csv` (or `Accept: "
        "text/csv`) streams every matching row as CSV, not one page, with the "
        f"columns {exports.column_names(exports.COMMITMENT_COLUMNS)}: dates "
        "YYYY-MM-DD, `overdue` yes or no as of today, `speech` the slug of the "
        "speech it was first made in, `url` its public page.",
        responses={
            **json_and_csv(
                serializers.CommitmentSerializer(many=True),
                "Every matching commitment as CSV (columns in the quick start).",
            ),
            **READ_ERRORS,
        },
        examples=[
            OpenApiExample(
                "Overdue education commitments",
                value=None,
                description="GET /api/v1/commitments/?area=education&overdue=true",
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One commitment",
        responses={
            **json_ok(serializers.CommitmentSerializer),
            **READ_ERRORS,
            **problems(404),
        },
    ),
    partial_update=extend_schema(
        summary="Edit a commitment (analysts)",
        description="Send only the fields that change, with `If-Match` (its ETag) or "
        "its `version`: 412 when someone else saved since (the answer's `current` "
        "holds the stored values), 428 with neither.",
        parameters=[IF_MATCH],
        request=serializers.CommitmentEditSerializer,
        responses={
            **json_ok(serializers.CommitmentSerializer),
            **WRITE_ERRORS,
            **problems(404),
            **problems(412),
            **problems(428),
        },
    ),
)
class CommitmentViewSet(
    ApiViewMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Commitment]
):
    serializer_class = serializers.CommitmentSerializer
    filterset_class = CommitmentFilter
    parser_classes = (JSONParser, FormParser, MultiPartParser)
    csv_actions = ("list",)
    write_permissions = {"partial_update": "commitments.change_commitment"}
    http_method_names = ["get", "head", "options", "patch"]

    def get_queryset(self) -> CommitmentQuerySet:
        return visible_commitments(self.request)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if self.wants_csv():
            return exports.streaming_csv(
                self.filter_queryset(self.get_queryset()).iterator(
                    chunk_size=exports.CHUNK_SIZE
                ),
                exports.COMMITMENT_COLUMNS,
                "commitments",
            )
        # The filters are read only when the answer is built: a kept one needs
        # neither them nor the query (an invalid filter is never kept).
        return caching.conditional(
            request,
            caching.record_fingerprint(),
            analyst=is_analyst(request),
            build=lambda: super(CommitmentViewSet, self).list(request, *args, **kwargs),
            keep=True,
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        commitment = self.get_object()
        return caching.conditional(
            request,
            commitments_fingerprint(Commitment.objects.filter(pk=commitment.pk)),
            analyst=is_analyst(request),
            build=lambda: Response(self.get_serializer(commitment).data),
            detail=True,
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        commitment = self.get_object()
        form = serializers.CommitmentEditSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        version = changes.pop("version", None)
        if_match = request.headers.get("If-Match")
        if if_match is not None:
            # The ETag of a detail does not depend on the format or the query.
            current = self._detail_etag(commitment.pk)
            tags = [tag.strip() for tag in if_match.split(",")]
            if "*" not in tags and current not in tags:
                raise PreconditionFailed(
                    "This commitment changed since you loaded it (its ETag is now "
                    f"{current}); reload it and try again.",
                    # As a stale `version` does: what is stored now, to merge with.
                    current=commitment_services.EditConflict(
                        Commitment.objects.get(pk=commitment.pk)
                    ).current,
                )
            version = commitment.version if version is None else version
        if version is None:
            raise PreconditionRequired()
        tracking_services.edit_commitment(
            commitment.pk, version=version, changes=changes, editor=_user(request)
        )
        fresh = self.get_queryset().get(pk=commitment.pk)
        response = Response(self.get_serializer(fresh).data)
        response["ETag"] = self._detail_etag(commitment.pk)
        return response

    def _detail_etag(self, pk: int) -> str:
        fingerprint = commitments_fingerprint(Commitment.objects.filter(pk=pk))
        return caching.etag_for(
            self.request, fingerprint, analyst=is_analyst(self.request), detail=True
        )


# --------------------------------------------------------------------- updates


@extend_schema_view(
    list=extend_schema(
        summary="Poll progress updates",
        description="Updates of published commitments in the order they were "
        "recorded, by cursor: "
        "follow `next` until `has_more` is false, keep the last `next`, and ask it "
        "again later for only what was logged since: no update is missed or sent "
        "twice. `?format=csv` streams every matching update, with the columns "
        f"{exports.column_names(exports.UPDATE_COLUMNS)}.",
        responses={
            **json_and_csv(
                serializers.UpdateSerializer(many=True),
                "Every matching update as CSV (columns in the quick start).",
            ),
            **READ_ERRORS,
        },
    ),
    retrieve=extend_schema(
        summary="One progress update",
        responses={
            **json_ok(serializers.UpdateSerializer),
            **READ_ERRORS,
            **problems(404),
        },
    ),
    create=extend_schema(
        summary="Log a progress update (analysts)",
        description="Rate a commitment with the evidence the rating rests on; the "
        "commitment takes the status at once. Updates are permanent: a correction "
        "is a new update.",
        request=serializers.UpdateCreateSerializer,
        responses={**json_ok(serializers.UpdateSerializer, 201), **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "A decree as evidence",
                request_only=True,
                value={
                    "commitment": 12,
                    "status": "achieved",
                    "evidence_kind": "law_or_decree",
                    "evidence_title": "Decree No. 123",
                    "evidence_url": "https://adilet.zan.kz/eng/docs/U2100000123",
                    "evidence_on": "2021-06-01",
                    "note": "Signed and in force.",
                },
            )
        ],
    ),
)
class UpdateViewSet(
    ApiViewMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ProgressUpdate]
):
    serializer_class = serializers.UpdateSerializer
    filterset_class = UpdateFilter
    pagination_class = PollingCursorPagination
    parser_classes = (JSONParser, FormParser, MultiPartParser)
    lookup_url_kwarg = "update"
    csv_actions = ("list",)
    write_permissions = {"create": LOG_PROGRESS}

    def get_queryset(self) -> QuerySet[ProgressUpdate]:
        updates = ProgressUpdate.objects.select_related("evidence_address").defer(
            "evidence_address__text"
        )
        if not is_analyst(self.request):
            updates = updates.filter(commitment__is_published=True)
        return updates.order_by("id")

    def _fingerprint(self, updates: QuerySet[ProgressUpdate]) -> caching.Fingerprint:
        found = updates.order_by().aggregate(
            count=Count("pk"), latest=Max("created_at"), last=Max("pk")
        )
        return caching.Fingerprint(
            parts=[found["count"], found["latest"], found["last"]],
            last_modified=found["latest"],
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        updates = self.filter_queryset(self.get_queryset())
        if self.wants_csv():
            return exports.streaming_csv(
                updates.iterator(chunk_size=exports.CHUNK_SIZE),
                exports.UPDATE_COLUMNS,
                "updates",
            )
        return caching.conditional(
            request,
            caching.record_fingerprint(),
            analyst=is_analyst(request),
            build=lambda: super(UpdateViewSet, self).list(request, *args, **kwargs),
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        update = self.get_object()
        return caching.conditional(
            request,
            self._fingerprint(ProgressUpdate.objects.filter(pk=update.pk)),
            analyst=is_analyst(request),
            build=lambda: Response(self.get_serializer(update).data),
            detail=True,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = serializers.UpdateCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = form.validated_data
        update = tracking_services.record_progress_update(
            values["commitment"].pk,
            author=_user(request),
            status=values["status"],
            evidence=tracking_services.Evidence(
                kind=values["evidence_kind"],
                url=values.get("evidence_url", ""),
                title=values.get("evidence_title", ""),
                on=values.get("evidence_on"),
                address=values.get("evidence_address"),
                start=values.get("evidence_start"),
                end=values.get("evidence_end"),
            ),
            note=values.get("note", ""),
            reason=values.get("reason", ""),
        )
        data = self.get_serializer(update).data
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]}
        )


# ------------------------------------------------------------------ candidates


@extend_schema_view(
    list=extend_schema(
        summary="Candidates awaiting review (analysts)",
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=CandidateState.values),
            OpenApiParameter("address", OpenApiTypes.STR, description="Speech slug."),
        ],
        responses={
            **json_ok(serializers.CandidateSerializer(many=True)),
            **READ_ERRORS,
        },
    ),
    retrieve=extend_schema(
        summary="One candidate (analysts)",
        responses={
            **json_ok(serializers.CandidateSerializer),
            **READ_ERRORS,
            **problems(404),
        },
    ),
    accept=extend_schema(
        summary="Accept a candidate as a new commitment (analysts)",
        request=serializers.AcceptSerializer,
        responses={
            **json_ok(serializers.CommitmentSerializer, 201),
            **WRITE_ERRORS,
            **problems(404),
            **problems(409),
        },
    ),
    merge=extend_schema(
        summary="Merge a candidate into the commitment it restates (analysts)",
        request=serializers.MergeSerializer,
        responses={
            **json_ok(serializers.CommitmentSerializer),
            **WRITE_ERRORS,
            **problems(404),
            **problems(409),
        },
    ),
    reject=extend_schema(
        summary="Reject a candidate, saying why (analysts)",
        request=serializers.RejectSerializer,
        responses={
            **json_ok(serializers.CandidateSerializer),
            **WRITE_ERRORS,
            **problems(404),
            **problems(409),
        },
    ),
)
class CandidateViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet[Candidate]):
    serializer_class = serializers.CandidateSerializer
    lookup_url_kwarg = "candidate"
    parser_classes = (JSONParser, FormParser, MultiPartParser)
    read_permission = VIEW_COMMITMENTS
    write_permissions = dict.fromkeys(
        ("accept", "merge", "reject"), "commitments.change_candidate"
    )

    def get_queryset(self) -> QuerySet[Candidate]:
        candidates = Candidate.objects.select_related("address").defer("address__text")
        candidates = candidates.prefetch_related("suggestions").order_by(
            "address", "start", "id"
        )
        state = self.request.query_params.get("state")
        if state:
            if state not in CandidateState.values:
                raise ValidationError({"state": [f'Unknown state "{state}".']})
            candidates = candidates.filter(state=state)
        address = self.request.query_params.get("address")
        if address:
            candidates = candidates.filter(address__slug=address)
        return candidates

    def _commitment(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        commitment = visible_commitments(self.request).get(pk=pk)
        data = serializers.CommitmentSerializer(
            commitment, context=self.get_serializer_context()
        ).data
        return Response(data, status=code, headers={"Location": data["url"]})

    @action(detail=True, methods=["post"])
    def accept(self, request: Request, candidate: str | None = None) -> Response:
        found = self.get_object()
        form = serializers.AcceptSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        commitment = tracking_services.accept_candidate(
            found.pk, reviewer=_user(request), changes=dict(form.validated_data)
        )
        return self._commitment(commitment.pk, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def merge(self, request: Request, candidate: str | None = None) -> Response:
        found = self.get_object()
        form = serializers.MergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        target = form.validated_data["commitment"]
        if not Commitment.objects.filter(pk=target).exists():
            raise ValidationError({"commitment": [f"There is no commitment {target}."]})
        commitment_services.merge_candidate(found.pk, target, reviewer=_user(request))
        return self._commitment(target)

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, candidate: str | None = None) -> Response:
        found = self.get_object()
        form = serializers.RejectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        rejected = commitment_services.reject_candidate(
            found.pk, reviewer=_user(request), reason=form.validated_data["reason"]
        )
        return Response(self.get_serializer(rejected).data)


# -------------------------------------------------------------- areas and stats


class _FilteredCommitmentsMixin(ApiViewMixin):
    """Areas and stats count the commitments the list's filters choose."""

    filterset_class = CommitmentFilter

    def get_queryset(self) -> CommitmentQuerySet:
        return visible_commitments(self.request)

    def filtered(self) -> CommitmentQuerySet:
        return cast(
            CommitmentQuerySet,
            self.filter_queryset(self.get_queryset()),
        ).prefetch_related(None)


@extend_schema_view(
    list=extend_schema(
        summary="Policy areas",
        description="Every area with its code (the `area` filter's value) and the "
        "number of commitments in it; takes the commitment filters.",
        responses={
            **json_and_csv(serializers.AreaSerializer(many=True), "The areas as CSV."),
            **READ_ERRORS,
        },
    )
)
class AreaViewSet(_FilteredCommitmentsMixin, viewsets.GenericViewSet[Commitment]):
    serializer_class = serializers.AreaSerializer
    pagination_class = None
    csv_actions = ("list",)

    def list(self, request: Request) -> Response:
        commitments = self.filtered()

        def build() -> Response:
            counts = dict(
                commitments.order_by().values_list("area").annotate(Count("pk"))
            )
            base = reverse("api:commitment-list", request=request)
            return Response(
                [
                    {
                        "code": area.value,
                        "label": area.label,
                        "commitments": counts.get(area.value, 0),
                        "commitments_url": f"{base}?area={area.value}",
                    }
                    for area in Area
                ]
            )

        return caching.conditional(
            request,
            caching.record_fingerprint(),
            analyst=is_analyst(request),
            build=build,
        )


@extend_schema_view(
    list=extend_schema(
        summary="Figures of the record",
        description="Counts by status, area, speech and deadline year, the overdue "
        "count and progress over time (monthly, from the update history), of the "
        "commitments the filters choose (all visible ones by default).",
        responses={**json_ok(serializers.StatsSerializer), **READ_ERRORS},
    )
)
class StatsViewSet(_FilteredCommitmentsMixin, viewsets.GenericViewSet[Commitment]):
    serializer_class = serializers.StatsSerializer
    pagination_class = None
    schema = SingleObjectSchema()

    def list(self, request: Request) -> Response:
        commitments = self.filtered()
        analyst = is_analyst(request)
        return caching.conditional(
            request,
            caching.record_fingerprint(),
            analyst=analyst,
            # The figures walk every update: built once for each version of the
            # record, filters, reader and day.
            build=lambda: Response(
                cached(
                    "api-stats",
                    [sorted(request.query_params.lists()), analyst, today()],
                    lambda: self._stats(commitments),
                )
            ),
        )

    def _stats(self, commitments: CommitmentQuerySet) -> dict[str, Any]:
        as_of = today()
        ids = commitments.order_by().values("pk")
        by_status = Counter(
            dict(commitments.order_by().values_list("status").annotate(Count("pk")))
        )
        by_area = dict(commitments.order_by().values_list("area").annotate(Count("pk")))
        overdue = commitments.order_by().filter(Q(is_overdue_today=True)).count()
        speeches = (
            Mention.objects.filter(
                commitment__in=ids, address__in=visible_addresses(self.request)
            )
            .order_by()
            .values_list("address__slug", "address__title", "address__delivered_on")
            .annotate(count=Count("commitment", distinct=True))
        )
        years = (
            commitments.order_by()
            .filter(deadline__isnull=False)
            .annotate(year=ExtractYear("deadline"))
            .values_list("year")
            .annotate(Count("pk"))
            .order_by("year")
        )
        months = ProgressUpdate.objects.burn_up(ids, Status.values, as_of)
        return {
            "total": sum(by_status.values()),
            "overdue": overdue,
            "by_status": [
                {"key": code, "label": label, "count": by_status.get(code, 0)}
                for code, label in Status.choices
            ],
            "by_area": [
                {"key": code, "label": label, "count": by_area[code]}
                for code, label in [*Area.choices, ("", "No area stated")]
                if by_area.get(code)
            ],
            "by_speech": [
                {"key": slug, "label": title, "count": count}
                for slug, title, _, count in sorted(
                    speeches, key=lambda row: (row[2], row[0]), reverse=True
                )
            ],
            "by_deadline_year": [
                {"key": str(year), "label": str(year), "count": count}
                for year, count in years
            ],
            "burn_up": [
                {"month": month.month.isoformat(), "counts": month.counts}
                for month in months
            ],
            "as_of": as_of.isoformat(),
        }
