"""A Redis cache that a Redis outage cannot take the site down with.

Everything Uade keeps in the cache can be built again from the database (figures
kept until the record changes, rendered API answers) or may lapse for a while (the
API's request counts), so while Redis cannot be reached a read is a miss and a write
is dropped. After a failure Redis is left alone for a few seconds: a blackholed
server would otherwise make every request wait out the socket timeout, once per
cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")

# A server that cannot be reached, however the client finds out. (A ResponseError,
# such as a wrong type or an out-of-memory refusal, is a bug or a full server and is
# raised as usual.)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_BACKOFF_SECONDS = 5.0


class _Health:
    """Whether one Redis server was reachable at last contact, shared by every cache
    (and thread) of the process that uses it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.is_down = False
        self.skip_until = 0.0
        self.backoff = DEFAULT_BACKOFF_SECONDS

    def may_try(self) -> bool:
        """Whether to talk to Redis now; while it is down, only the first caller
        after each back-off does, the others skip without waiting."""
        if not self.is_down:
            return True
        with self.lock:
            now = time.monotonic()
            if now < self.skip_until:
                return False
            self.skip_until = now + self.backoff
            return True


_servers: dict[str, _Health] = {}
_servers_lock = threading.Lock()


def _health(location: str, backoff: float) -> _Health:
    with _servers_lock:
        health = _servers.setdefault(location, _Health())
        health.backoff = backoff
        return health


class TolerantRedisCache(RedisCache):
    """Django's `RedisCache`; while Redis is unreachable, a miss for every read and
    nothing for every write, with one warning when it goes and one line when it is
    back (not one per call).

    `OPTIONS["backoff_seconds"]` (default 5) is how long to leave Redis alone after a
    failure. `add` answers True while Redis is down: the caller goes on as if it
    held the key, so a "building" marker (addresses.versioning) means "build it
    yourself", never "wait for another".
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        backoff = float(options.pop("backoff_seconds", DEFAULT_BACKOFF_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)
        self._server_health = _health(self._location, backoff)

    def _call(self, operation: Callable[[], T], fallback: T) -> T:
        health = self._server_health
        if not health.may_try():
            return fallback
        try:
            result = operation()
        except UNREACHABLE as error:
            with health.lock:
                was_down, health.is_down = health.is_down, True
                health.skip_until = time.monotonic() + health.backoff
            if not was_down:
                logger.warning(
                    "Redis is unreachable at %s (%s); the cache is skipped, retried "
                    "every %g s, and pages are built from the database meanwhile.",
                    _redacted(self._location),
                    " ".join(str(error).split()) or type(error).__name__,
                    health.backoff,
                )
            return fallback
        if health.is_down:
            with health.lock:
                was_down, health.is_down = health.is_down, False
            if was_down:
                logger.warning(
                    "Redis is reachable again at %s.", _redacted(self._location)
                )
        return result

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._call(
            lambda: RedisCache.add(self, key, value, timeout, version), True
        )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call(lambda: RedisCache.get(self, key, default, version), default)

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._call(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(
        self,
        key: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._call(lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: RedisCache.delete(self, key, version), False)

    def get_many(
        self, keys: Iterable[Any], version: int | None = None
    ) -> dict[Any, Any]:
        keys = list(keys)
        return self._call(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call(lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # As if the key had been missing and started from nothing.
        return self._call(lambda: RedisCache.incr(self, key, delta, version), delta)

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        # The keys that were not stored: all of them.
        return self._call(
            lambda: RedisCache.set_many(self, data, timeout, version), list(data)
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)
        self._call(lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._call(lambda: RedisCache.clear(self), None)


def _redacted(location: str) -> str:
    """The server's address without a password that the URL may carry."""
    scheme, separator, rest = location.rpartition("://")
    return f"{scheme}{separator}{rest.rpartition('@')[2]}"
