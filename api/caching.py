"""Conditional requests: strong ETags and Last-Modified from a cheap fingerprint of
the rows an answer is made of, never from rendering it."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from addresses.models import RecordVersion

# Part of every tag, so a change to the API's shapes changes every tag.
SHAPE_VERSION = "1"
PUBLIC_MAX_AGE = 60
# Answers kept under their tag (`conditional(keep=True)`): a new version of the
# record makes new tags, so this only bounds what a cache holds.
KEEP_SECONDS = 60 * 60


@dataclass(frozen=True)
class Fingerprint:
    """What an answer depends on: a few counts and latest times of its rows."""

    parts: Sequence[Any]
    last_modified: dt.datetime | None


def record_fingerprint() -> Fingerprint:
    """For a list or figures drawn from the whole record: its version
    (addresses.versioning), one single-row query however many rows it has. Coarser
    than the rows' own times (any change to the record changes it), so details,
    whose tags guard edits (If-Match), keep their own."""
    version = RecordVersion.current()
    return Fingerprint(
        parts=[version.version, version.changed_at], last_modified=version.changed_at
    )


def is_anonymous(request: Request) -> bool:
    return request.auth is None and not request.user.is_authenticated


def etag_for(
    request: Request, fingerprint: Fingerprint, *, analyst: bool, detail: bool = False
) -> str:
    """A strong tag: the same rows, reader, format, query and day give the same
    tag, any change to them another one. A detail's tag ignores the query, so an
    edit can send it back in If-Match."""
    media_type = getattr(request, "accepted_media_type", "") or ""
    if detail:
        media_type = "application/json"
    query = [] if detail else sorted(request.query_params.lists())
    source = repr(
        (
            SHAPE_VERSION,
            request.path,
            query,
            media_type.split(";")[0],
            analyst,
            # "overdue" turns at midnight.
            timezone.localdate().isoformat(),
            [str(part) for part in fingerprint.parts],
        )
    )
    return quote_etag(hashlib.sha256(source.encode()).hexdigest()[:40])


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def conditional(
    request: Request,
    fingerprint: Fingerprint,
    *,
    analyst: bool,
    build: Callable[[], Response],
    detail: bool = False,
    keep: bool = False,
) -> Response:
    """Answer 304 when the client's copy is current, else `build()` the answer;
    either way with ETag, Last-Modified and Cache-Control.

    With `keep`, a built answer's JSON is kept in the cache under its tag, which
    names everything it was built from (the format included), so the next reader
    of the same tag is answered without building or rendering it again.
    """
    etag = etag_for(request, fingerprint, analyst=analyst, detail=detail)
    last_modified = fingerprint.last_modified
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = parse_http_date_safe(
        request.headers.get("If-Modified-Since", "")
    )
    if if_none_match is not None:
        fresh = _matches(if_none_match, etag)
    elif if_modified_since is not None and last_modified is not None:
        fresh = int(last_modified.timestamp()) <= if_modified_since
    else:
        fresh = False
    if fresh:
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    elif keep and isinstance(getattr(request, "accepted_renderer", None), JSONRenderer):
        # The answer's links are absolute: the host it was asked at is part of it.
        response = _kept(f"{request.build_absolute_uri('/')} {etag}", build)
    else:
        response = build()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = (
            f"public, max-age={PUBLIC_MAX_AGE}"
            if is_anonymous(request)
            else "private, no-cache"
        )
    response["Vary"] = "Accept, Authorization, Cookie"
    return response


def _kept(name: str, build: Callable[[], Response]) -> Response:
    """The JSON answer kept under `name`, or `build()` it and keep its JSON."""
    key = f"uade:api-answer:{hashlib.sha256(name.encode()).hexdigest()[:40]}"
    with contextlib.suppress(Exception):  # a cache that is down costs a build
        content = cache.get(key)
        if content is not None:
            # Already rendered: setting the content marks it so (no renderer runs).
            kept = Response()
            kept.content = content
            kept["Content-Type"] = "application/json"
            return kept
    response = build()
    if response.status_code == status.HTTP_200_OK:
        with contextlib.suppress(Exception):
            cache.set(key, JSONRenderer().render(response.data), KEEP_SECONDS)
    return response


def latest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
