"""A small fixed-window rate limiter over the cache, for pages that anyone can call and that
answer something worth guessing at (the verification page's recipient check, for one).

The cache is Redis in production, so the count holds across gunicorn workers."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies that each
    append the address they were called from to X-Forwarded-For, the entry the outermost of
    them appended. What a client writes in the header itself comes before that entry and is
    never read, so nobody picks their own rate-limit bucket. The one reader of the address:
    allauth (accounts.adapter) and the API throttles (common.api.throttling) call it too."""
    proxies = int(settings.TRUSTED_PROXY_COUNT)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",")] if forwarded else []
    # Fewer entries than proxies: the request did not come through them all, so the first
    # entry may be the client's own writing; the connection's address is all we know.
    if proxies > 0 and len(entries) >= proxies:
        try:
            return str(ipaddress.ip_address(entries[-proxies]))
        except ValueError:
            pass  # a proxy that writes no address: fall back to the connection's
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
