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
