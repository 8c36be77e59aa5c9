"""The OpenAPI schema: valid, documented, and what the API actually answers.

Schemathesis generates requests from the schema and calls the API in-process
(its WSGI application), reads anonymously and writes with an analyst's key: no
answer may be a server error, and every answer must match what the schema says of
its status, headers and body.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from api.models import ApiKey
from tests.dashboard.helpers import log, published
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_1_and_documents_every_filter(client):
    response = client.get("/api/schema/?format=json")
    schema = response.json()

    validate_schema(schema)
    assert schema["openapi"] == "3.1.0"
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]
    }
    for name in (
        "status",
        "area",
        "actor",
        "address",
        "speaker",
        "deadline_before",
        "deadline_after",
        "overdue",
        "updated_since",
        "search",
        "ordering",
        "page",
        "page_size",
    ):
        assert parameters[name]["description"], name
    assert "ApiKey" in schema["components"]["securitySchemes"]
    assert parameters["area"]["example"] == "education"
    for name, component in schema["components"]["schemas"].items():
        for field, described in component.get("properties", {}).items():
            assert described.get("description"), f"{name}.{field}"
    commitment = schema["components"]["schemas"]["Commitment"]["properties"]
    assert commitment["title"]["examples"]


def test_every_operation_documents_its_errors_as_problems(client):
    schema = client.get("/api/schema/?format=json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = [code for code in operation["responses"] if code >= "400"]
            assert errors, f"{method.upper()} {path} documents no error"
            for code in errors:
                content = operation["responses"][code]["content"]
                assert any(
                    "Problem" in str(body["schema"]) for body in content.values()
                ), f"{method.upper()} {path} {code}"


def test_the_documentation_pages_need_nothing_from_outside(client):
    for path in ("/api/docs/", "/api/docs/redoc/"):
        page = client.get(path).content.decode()
        assert "https://" not in page.replace("https://github.com", ""), path
        assert "/static/drf_spectacular_sidecar/" in page


def _schema() -> schemathesis.schemas.BaseSchema:
    """The schema as the API serves it, generated in-process at collection."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(generated))
    )
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture
def record(settings):
    """A little published record, and the host name Schemathesis calls.

    Django's WSGI handler closes the database connection after each request, which
    would close the test's transaction; its test client keeps it open the same way.
    """
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    commitment = published("Build schools", changes={"deadline": "2021-12-31"})
    log(commitment, "in_progress", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield commitment
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_read_operations_answer_as_the_schema_says(case, record):
    # Left out: how strict input checking is. The API ignores an empty or malformed
    # optional parameter, as the site does, and refuses some values the schema's
    # types allow (a NUL character, an id of 87 digits) with a documented 400.
    case.call_and_validate(
        excluded_checks=[negative_data_rejection, positive_data_acceptance]
    )


@pytest.fixture
def analyst_key(record, groups):
    """An analyst's key, for the write operations."""
    user = UserFactory(username="scripted", is_staff=True)
    user.groups.add(groups[0])
    return ApiKey.objects.create_key(name="schemathesis", user=user)[1]


@schema.include(method=["POST", "PATCH"]).parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_write_operations_answer_as_the_schema_says(case, analyst_key):
    case.call_and_validate(
        headers={"Authorization": f"Api-Key {analyst_key}"},
        excluded_checks=[negative_data_rejection, positive_data_acceptance],
    )
