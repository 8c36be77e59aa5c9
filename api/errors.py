"""Every error of the API as one shape: RFC 9457 problem details.

```json
{"type": "/api/#error-400", "title": "Bad Request", "status": 400,
 "detail": "Some fields are not valid; see errors.",
 "errors": {"status": ["\\"done\\" is not a valid choice."]}}
```

`errors` appears only for invalid input (400), keyed by field (`non_field_errors`
for the request as a whole). A stale edit (412) also carries `current`, the values
now stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from addresses.services import AlreadyImported, ImportRefused
from commitments.services import EditConflict, ReviewConflict

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM_MEDIA_TYPE
    format = "problem"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the record's current state."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you loaded it; reload and try again."
    default_code = "precondition_failed"

    def __init__(self, detail: str | None = None, current: Any = None) -> None:
        super().__init__(detail)
        self.current = current


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Say which version you edit: send If-Match with the ETag of the record, "
        "or its `version` in the body."
    )
    default_code = "precondition_required"


def problem_type(status_code: int) -> str:
    """The `type` of a problem: where the quick start explains it."""
    return f"/api/#error-{status_code}"


def _messages(value: Any) -> Any:
    """Django's ValidationError as DRF's field → [messages]."""
    if isinstance(value, DjangoValidationError):
        if hasattr(value, "error_dict"):
            return {
                field: [str(message) for error in errors for message in error.messages]
                for field, errors in value.error_dict.items()
            }
        return {"non_field_errors": [str(message) for message in value.messages]}
    return value


def _translate(exc: Exception) -> Exception:
    """Domain exceptions as the HTTP errors they mean."""
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_messages(exc))
    if isinstance(exc, EditConflict):
        return PreconditionFailed(str(exc), current=exc.current)
    if isinstance(exc, (ReviewConflict, AlreadyImported)):
        return Conflict(str(exc))
    if isinstance(exc, ImportRefused):
        return exceptions.ValidationError({"file": [str(exc)]})
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _field_errors(data: Any) -> dict[str, Any]:
    if isinstance(data, Mapping):
        return {str(key): value for key, value in data.items()}
    if isinstance(data, list):
        return {"non_field_errors": data}
    return {"non_field_errors": [data]}


def problem_details_handler(exc: Exception, context: Mapping[str, Any]) -> Any:
    """DRF's handler, with the body reshaped as problem details."""
    exc = _translate(exc)
    response = exception_handler(exc, dict(context))
    if response is None:
        return None  # a bug: Django's 500 page, and the error logged
    code = response.status_code
    problem: dict[str, Any] = {
        "type": problem_type(code),
        "title": HTTPStatus(code).phrase,
        "status": code,
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = "Some fields are not valid; see errors."
        problem["errors"] = _field_errors(response.data)
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else ""
        problem["detail"] = str(detail or HTTPStatus(code).description)
    if isinstance(exc, PreconditionFailed) and exc.current is not None:
        problem["current"] = {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in exc.current.items()
        }
    response.data = problem
    return response


def as_problem(response: Response) -> Response:
    """Render an error response as `application/problem+json`, whatever format
    the request asked for (a CSV client still gets a readable error)."""
    data = response.data
    if response.status_code >= 400 and isinstance(data, dict) and "title" in data:
        response.accepted_renderer = ProblemRenderer()
        response.accepted_media_type = PROBLEM_MEDIA_TYPE
    return response
