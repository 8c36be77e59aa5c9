"""How fast each client may call the API: anonymous readers by address, keys by
their own rate, signed-in accounts by theirs."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiKey

logger = logging.getLogger(__name__)


class ApiThrottle(SimpleRateThrottle):
    """One throttle for every caller, its rate chosen per request.

    Over the rate, DRF answers 429 with `Retry-After` (seconds). Counts live in
    the `throttle` cache (Redis when configured, shared by every web process). If
    that cache cannot be reached, requests are let through, and logged: a broken
    counter must not take the API down.
    """

    scope = "api"

    @property
    def cache(self) -> BaseCache:  # type: ignore[override]
        return caches["throttle"]

    def get_rate(self) -> str:
        return str(settings.UADE_API_ANON_RATE)

    def allow_request(self, request: Request, view: Any) -> bool:
        auth = request.auth
        if isinstance(auth, ApiKey):
            self.rate = auth.effective_rate
        elif request.user and request.user.is_authenticated:
            self.rate = settings.UADE_API_USER_RATE
        else:
            self.rate = settings.UADE_API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception:  # whatever the cache's client raises when unreachable
            logger.warning("API throttle: the counter cache is unreachable.")
            return True

    def get_cache_key(self, request: Request, view: Any) -> str:
        auth = request.auth
        if isinstance(auth, ApiKey):
            return f"api-throttle:key:{auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"api-throttle:user:{request.user.pk}"
        return f"api-throttle:anon:{self.get_ident(request)}"
