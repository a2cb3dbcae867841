"""A small fixed-window rate limiter over the cache, for pages that anyone can call and that
answer something worth guessing at (the verification page's recipient check, for one).

The cache is Redis in production, so the count holds across gunicorn workers."""

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR: behind a proxy that is the proxy's address until a trusted-proxy setting
    # exists; limiting per proxy is stricter, never looser.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def rate_limit_hit(scope: str, identity: str, *, limit: int, window_seconds: int) -> int | None:
    """Count one request; None while within `limit` per window, else the seconds to wait."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{identity}:{window}"
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.set(key, 1, timeout=window_seconds + 5)
        count = 1
    if count <= limit:
        return None
    return max(1, (window + 1) * window_seconds - int(time.time()))
