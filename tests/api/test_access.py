"""Errors as problem details, keys, throttling, conditional requests and CORS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.api.conftest import keyed_client
from tests.dashboard.helpers import log, published

pytestmark = pytest.mark.django_db


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"/api/#error-{status}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


# ----------------------------------------------------------------------- errors


def test_every_error_is_a_problem_document(client, analyst_client):
    commitment = published("One")

    assert_problem(client.get("/api/v1/commitments/999999/"), 404)
    assert_problem(client.post("/api/v1/updates/", {}), 401)
    assert_problem(client.delete(f"/api/v1/commitments/{commitment.pk}/"), 405)
    assert_problem(client.get("/api/v1/candidates/"), 401)
    assert_problem(
        analyst_client.post(
            "/api/v1/updates/", "status=achieved", content_type="text/plain"
        ),
        415,
    )
    assert_problem(client.get("/api/v1/commitments/", HTTP_ACCEPT="image/png"), 406)
    invalid = assert_problem(
        analyst_client.post("/api/v1/updates/", {"status": "done"}, format="json"),
        400,
    )
    assert invalid["errors"]["status"] == ['"done" is not a valid choice.']
    assert set(invalid["errors"]) >= {"commitment", "status", "evidence_kind"}


def test_a_problem_is_json_even_when_csv_was_asked_for(client):
    response = client.get("/api/v1/commitments/?format=csv&deadline_after=soon")

    assert assert_problem(response, 400)["errors"] == {
        "deadline_after": ["Enter a valid date."]
    }


def test_unauthenticated_writes_name_the_scheme(client):
    response = client.post("/api/v1/updates/", {})

    assert response["WWW-Authenticate"] == "Api-Key"


# ------------------------------------------------------------------------- keys


def test_a_key_without_an_account_reads_but_may_not_write(analyst):
    reader, _, _ = keyed_client()
    commitment = published("One")

    assert reader.get("/api/v1/commitments/").status_code == 200
    assert_problem(reader.post("/api/v1/updates/", {"commitment": commitment.pk}), 403)


def test_an_unknown_revoked_or_expired_key_is_refused(client, analyst):
    _, revoked, revoked_key = keyed_client(user=analyst)
    revoked.revoked = True
    revoked.save()
    _, expired, expired_key = keyed_client()
    expired.expiry_date = timezone.now() - dt.timedelta(days=1)
    expired.save()

    for key in ("nope.nothing", revoked_key, expired_key):
        response = client.get(
            "/api/v1/commitments/", HTTP_AUTHORIZATION=f"Api-Key {key}"
        )
        assert_problem(response, 401)


def test_keys_are_stored_hashed(analyst):
    _, api_key, key = keyed_client(user=analyst)

    assert key not in api_key.hashed_key
    assert api_key.prefix == key.split(".")[0]


# ------------------------------------------------------------------- throttling


def test_anonymous_reading_is_throttled_with_retry_after(client, settings):
    settings.UADE_API_ANON_RATE = "2/min"

    answers = [client.get("/api/v1/areas/") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 60
    assert_problem(answers[2], 429)


def test_a_key_has_its_own_rate(client, settings):
    settings.UADE_API_ANON_RATE = "1/min"
    keyed, _, _ = keyed_client(rate="3/min")
    client.get("/api/v1/areas/")  # the anonymous allowance is used up

    answers = [keyed.get("/api/v1/areas/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/areas/").status_code == 429


def test_an_unreachable_counter_lets_requests_through(client, settings):
    settings.UADE_API_ANON_RATE = "1/min"
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }

    answers = [client.get("/api/v1/areas/").status_code for _ in range(2)]

    assert answers == [200, 200]


def test_a_key_rate_must_be_one_throttles_understand():
    from django.core.exceptions import ValidationError

    from api.models import validate_rate

    validate_rate("1000/min")
    with pytest.raises(ValidationError):
        validate_rate("lots")


# --------------------------------------------------------- conditional requests


def test_an_unchanged_list_answers_304_and_a_new_update_changes_it(client):
    commitment = published("Watched")
    first = client.get("/api/v1/commitments/")
    etag = first["ETag"]

    unchanged = client.get("/api/v1/commitments/", HTTP_IF_NONE_MATCH=etag)
    log(commitment, "in_progress", timezone.now())
    changed = client.get("/api/v1/commitments/", HTTP_IF_NONE_MATCH=etag)

    assert etag.startswith('"')
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_tag_depends_on_the_query(client):
    published("One")

    plain = client.get("/api/v1/commitments/")["ETag"]
    narrowed = client.get("/api/v1/commitments/?area=health")["ETag"]

    assert plain != narrowed


def test_if_modified_since_answers_304(client):
    commitment = published("Watched")
    log(commitment, "in_progress", timezone.now() - dt.timedelta(hours=1))
    response = client.get("/api/v1/updates/")

    later = client.get(
        "/api/v1/updates/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    earlier = client.get(
        "/api/v1/updates/",
        HTTP_IF_MODIFIED_SINCE=http_date(
            (timezone.now() - dt.timedelta(days=1)).timestamp()
        ),
    )

    assert later.status_code == 304
    assert earlier.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/commitments/",
        "/api/v1/updates/",
        "/api/v1/addresses/",
        "/api/v1/speakers/",
        "/api/v1/areas/",
        "/api/v1/stats/",
    ],
)
def test_every_read_list_is_conditional_and_public_for_the_anonymous(
    client, analyst_client, path
):
    published("One")
    response = client.get(path)

    assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert analyst_client.get(path)["Cache-Control"] == "private, no-cache"
    assert analyst_client.get(path)["ETag"] != response["ETag"]


def test_a_detail_is_conditional(client):
    commitment = published("One")
    url = f"/api/v1/commitments/{commitment.pk}/"
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# ------------------------------------------------------------------------- CORS


def test_reads_are_open_to_any_origin_and_writes_are_not(client):
    origin = "https://newsroom.example"

    read = client.get("/api/v1/commitments/", HTTP_ORIGIN=origin)
    preflight = client.options(
        "/api/v1/updates/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    site = client.get("/commitments/", HTTP_ORIGIN=origin)

    assert read["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "Access-Control-Allow-Credentials" not in preflight
    assert "Access-Control-Allow-Origin" not in site


def test_a_nul_character_under_api_is_a_problem_too(client):
    query = client.get("/api/v1/commitments/?search=a%00b")
    path = client.get("/api/v1/addresses/a%00b/")

    assert_problem(query, 400)
    assert_problem(path, 404)


def test_an_unknown_api_address_is_a_404_problem(client):
    assert_problem(client.get("/api/v1/nothing-here/"), 404)
