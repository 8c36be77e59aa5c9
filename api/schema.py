"""The OpenAPI schema's shared parts: the problem-details error and its examples."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers

from api.errors import PROBLEM_MEDIA_TYPE, problem_type


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's; errors are declared per operation (see `problems`).

    An operation that anyone may call lists "no authentication" among its
    security requirements, beside the API key and the session.
    """

    def get_auth(self) -> list[dict[str, list[str]]]:
        auths: list[dict[str, list[str]]] = super().get_auth()
        method = self.method.upper()
        action = getattr(self.view, "action", None) or ""
        reads = getattr(self.view, "read_permissions", {})
        needed = reads.get(action, getattr(self.view, "read_permission", None))
        if method in ("GET", "HEAD") and needed is None and {} not in auths:
            auths.append({})
        return auths


class SingleObjectSchema(AutoSchema):
    """For a `list` route that answers one object (the stats), not a list."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API key from Uade\'s staff, sent as "Api-Key <key>". '
            "Reading needs none; it raises the rate, and a key that names an "
            "analyst's account may write.",
        }


PROBLEM = inline_serializer(
    name="Problem",
    fields={
        "type": serializers.CharField(
            help_text="Where this kind of error is explained, e.g. /api/#error-412."
        ),
        "title": serializers.CharField(help_text="The HTTP status in words."),
        "status": serializers.IntegerField(help_text="The HTTP status code."),
        "detail": serializers.CharField(help_text="What went wrong, for people."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="400 only: messages by field (`non_field_errors` for the "
            "request as a whole).",
        ),
        "current": serializers.DictField(
            required=False,
            help_text="412 only: the values now stored, with their `version`.",
        ),
    },
)

_DETAILS = {
    400: (
        "Some fields are not valid; see errors.",
        {"status": ['"done" is not a valid choice.']},
    ),
    401: ("Authentication credentials were not provided.", None),
    403: ("You do not have permission to perform this action.", None),
    404: ("No record found.", None),
    405: ('Method "DELETE" not allowed.', None),
    406: ("Could not satisfy the request Accept header.", None),
    409: ("This candidate was already accepted.", None),
    412: (
        "This commitment changed since you loaded it; reload it and try again.",
        None,
    ),
    415: ('Unsupported media type "text/plain" in request.', None),
    428: (
        "Say which version you edit: send If-Match with the ETag of the record, "
        "or its `version` in the body.",
        None,
    ),
    429: ("Request was throttled. Expected available in 42 seconds.", None),
}


def _example(code: int) -> dict[str, Any]:
    detail, errors = _DETAILS[code]
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": HTTPStatus(code).phrase,
        "status": code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


Responses = dict[Any, Any]

ERRORS: Responses = {
    code: OpenApiResponse(
        response=PROBLEM,
        description=HTTPStatus(code).description,
        examples=[OpenApiExample(HTTPStatus(code).phrase, value=_example(code))],
    )
    for code in _DETAILS
}


def problems(*codes: int) -> Responses:
    """The responses of these errors, as `application/problem+json`."""
    return {(code, PROBLEM_MEDIA_TYPE): ERRORS[code] for code in codes}


READ_ERRORS = problems(400, 401, 403, 404, 406, 429)
WRITE_ERRORS = problems(400, 401, 403, 415, 429)


def json_and_csv(serializer: Any, description: str) -> Responses:
    """A list's 200: JSON pages, or every row as CSV (`?format=csv`)."""
    return {
        (200, "application/json"): serializer,
        (200, "text/csv"): OpenApiResponse(
            response=OpenApiTypes.STR, description=description
        ),
    }


def json_ok(serializer: Any, code: int = 200) -> Responses:
    return {(code, "application/json"): serializer}


# Examples for the documentation, by query parameter and by component field: what
# a journalist would type, and what the record holds.
PARAMETER_EXAMPLES: dict[str, Any] = {
    "area": "education",
    "actor": "Ministry of Education",
    "address": "2020-09-01-kazakhstan-in-a-new-reality-time-for-action",
    "speaker": "kassym-jomart-tokayev",
    "deadline_after": "2021-01-01",
    "deadline_before": "2021-12-31",
    "updated_since": "2026-01-01",
    "goalposts_moved": True,
    "overdue": True,
    "search": "teachers salaries",
    "ordering": "deadline",
    "delivered_after": "2020-01-01",
    "delivered_before": "2024-12-31",
    "commitment": 73,
    "include": "text,segments",
    "page": 2,
    "page_size": 200,
}
FIELD_EXAMPLES: dict[str, dict[str, Any]] = {
    "Commitment": {
        "id": 73,
        "title": "Increase teachers' salaries by 25% from January 2021",
        "status_label": "In progress",
        "actor": "Government",
        "target": "teachers' salaries +25%",
        "deadline": "2021-01-01",
        "deadline_text": "as from January 2021",
        "first_made_on": "2020-09-01",
        "version": 3,
        "url": "https://uade.example.org/api/v1/commitments/73/",
        "html_url": "https://uade.example.org/commitments/73/",
    },
    "Mention": {
        "address": "2020-09-01-kazakhstan-in-a-new-reality-time-for-action",
        "quote": "I have already made a decision to increase the salaries of "
        "teachers by 25% as from January 2021.",
        "paragraph": 81,
    },
    "Update": {
        "id": 22,
        "commitment": 73,
        "note": "Raised by 25% from January 2021.",
        "evidence_title": "Government decree on teachers' pay",
        "evidence_url": "https://example.org/decree",
        "evidence_on": "2021-01-05",
    },
    "Address": {
        "slug": "2020-09-01-kazakhstan-in-a-new-reality-time-for-action",
        "title": "Kazakhstan in a new reality: time for action",
        "delivered_on": "2020-09-01",
        "venue": "Joint session of Parliament",
    },
    "Speaker": {
        "slug": "kassym-jomart-tokayev",
        "name": "Kassym-Jomart Tokayev",
        "role": "President of the Republic of Kazakhstan",
    },
}


# What a field means wherever its serializer says nothing more particular.
FIELD_DESCRIPTIONS: dict[str, str] = {
    "id": "Stable numeric identifier.",
    "title": "Title as shown on the public site.",
    "summary": "A short explanation in the analysts' words; may be empty.",
    "status": "Status code.",
    "status_label": "The status as the public site words it.",
    "status_changed_at": "When the status last changed; null if never rated.",
    "target": "The measurable target, as stated; may be empty.",
    "address_title": "Title of the speech.",
    "delivered_on": "Date the speech was delivered (YYYY-MM-DD).",
    "evidence_kind": "What the rating rests on.",
    "evidence_title": "Title of the evidence; may be empty.",
    "evidence_start": "Offset of the quoted evidence in the speech's text, or null.",
    "evidence_end": "Offset just past the quoted evidence, or null.",
    "created_at": "When it was logged.",
    "speaker": "Who spoke.",
    "venue": "Where it was delivered; may be empty.",
    "language": "Language code of the text, e.g. en.",
    "kind": "Kind of passage or speech.",
    "quote": "The exact words, as delivered.",
    "start": "Offset of the passage in the speech's text.",
    "end": "Offset just past the passage.",
    "tier": "core (a clear commitment) or soft (a weaker one).",
    "deadline": "Date it is due (YYYY-MM-DD), or null.",
    "deadline_text": "The words that set the deadline.",
    "actor": "The body responsible, as stated.",
    "area": "Policy area code; empty when none is stated.",
    "type": "Kind of commitment.",
    "confidence": "How sure the extractor is, 0 to 1.",
    "state": "pending, accepted, merged or rejected.",
    "reviewed_at": "When an analyst reviewed it, or null.",
    "rejection_reason": "Why it was rejected; empty otherwise.",
    "total": "Commitments counted.",
    "overdue": "Of them, overdue today.",
    "by_status": "Counts by status, every status listed.",
    "by_area": "Counts by policy area, areas with none left out.",
    "by_speech": "Counts by speech they were made or restated in, newest first.",
    "by_deadline_year": "Counts by the year of their deadline.",
    "note": "The analyst's note.",
    "label": "In words, as the public site gives it.",
    "count": "How many.",
    "next": "The next page, or null on the last.",
    "previous": "The previous page, or null on the first.",
    "results": "The rows of this page.",
    "slug": "Stable identifier, as in the site's addresses.",
    "name": "Full name.",
    "role": "Office held.",
    "speaker_role": "The speaker's office, e.g. President of the Republic.",
    "source_url": "Where the text was published (http or https); may be empty.",
    "address": "Slug of the speech.",
    "reason": "Why stalled or not achieved (one of the reasons Uade lists).",
}


def add_examples(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular hook: give parameters and fields an example, and fields
    that have none a description."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                name = parameter.get("name")
                if (
                    parameter.get("in") == "query"
                    and name in PARAMETER_EXAMPLES
                    and "example" not in parameter
                    and "examples" not in parameter
                ):
                    parameter["example"] = PARAMETER_EXAMPLES[name]
    components = result.get("components", {}).get("schemas", {})
    for component in components.values():
        for name, field in component.get("properties", {}).items():
            if not field.get("description") and name in FIELD_DESCRIPTIONS:
                field["description"] = FIELD_DESCRIPTIONS[name]
    for component, examples in FIELD_EXAMPLES.items():
        properties = components.get(component, {}).get("properties", {})
        for name, example in examples.items():
            if name in properties and "examples" not in properties[name]:
                properties[name]["examples"] = [example]
    return result
