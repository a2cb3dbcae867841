"""Django's Redis cache backend, with one Redis client object per server instead of one per call,
and rate-limit counters that fall back to a per-process cache while Redis is away.

Django's RedisCacheClient builds a new `redis.Redis` for every cache operation; each one copies
redis-py's table of ~400 response callbacks into a case-insensitive dict, which cost more CPU
than the network round trip (about 0.2 ms a call; a page makes several). A `redis.Redis` is
thread-safe and holds no connection of its own (its pool does), so one per pool is enough.

Rate limits (common/ratelimit.py, the API throttles, allauth's sign-in limits) count in the
default cache. With Redis down every one of them raised, and every API call, token sign-in
included, answered 503. Their counters (and only theirs: a per-process copy of a session, a
role or a page generation would be stale on the other processes) now fall back to a cache of
this process while Redis does not answer: the same limits, counted per process, until it is
back. Other keys behave as Django's: the same pools, options, serializer and errors.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# The key prefixes of rate-limit counters: ours (common/ratelimit.py), DRF's throttles
# (common/api/throttling.py, accounts/api/views.py) and allauth's (allauth.core.ratelimit).
RATE_LIMIT_PREFIXES = ("ratelimit:", "throttle_", "allauth:rl:")
# While Redis is away, counters skip it for this long after a failed call: a limit that is
# checked on every request must not add a connection attempt (up to a second) to each one.
REDIS_RETRY_SECONDS = 5.0
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's private attributes, which the type stubs do not declare
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in django._pools:
                django._pools[index] = django._pool_class.from_url(
                    django._servers[index], **django._pool_options
                )
            client = self._clients[index] = django._client(connection_pool=django._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.local_counters = LocMemCache(
            f"rate-limit-fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}}
        )
        self._skip_redis_until = 0.0

    def _counter(self, key: Any, shared: Callable[[], Any], local: Callable[[], Any]) -> Any:
        """`shared()` (Redis) for every key; for a rate-limit counter, `local()` while Redis
        does not answer."""
        if not (isinstance(key, str) and key.startswith(RATE_LIMIT_PREFIXES)):
            return shared()
        if time.monotonic() < self._skip_redis_until:
            return local()
        try:
            return shared()
        except UNREACHABLE as error:
            logger.warning("cache unreachable (%s): rate limits count per process", error)
            self._skip_redis_until = time.monotonic() + REDIS_RETRY_SECONDS
            return local()

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._counter(
            key,
            lambda: super(RedisCache, self).get(key, default, version),
            lambda: self.local_counters.get(key, default, version),
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return bool(
            self._counter(
                key,
                lambda: super(RedisCache, self).add(key, value, timeout, version),
                lambda: self.local_counters.add(key, value, timeout, version),
            )
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._counter(
            key,
            lambda: super(RedisCache, self).set(key, value, timeout, version),
            lambda: self.local_counters.set(key, value, timeout, version),
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(
            self._counter(
                key,
                lambda: super(RedisCache, self).incr(key, delta, version),
                lambda: self.local_counters.incr(key, delta, version),
            )
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(
            self._counter(
                key,
                lambda: super(RedisCache, self).delete(key, version),
                lambda: self.local_counters.delete(key, version),
            )
        )
