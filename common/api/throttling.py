"""Rate limits: one budget per API token or organization key, per signed-in user, else per IP."""

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from common.ratelimit import client_ip


def caller_identity(request: Request) -> str:
    """Who a request counts against: its token or key, its session user, or "" (anonymous)."""
    public_id = getattr(request.auth, "public_id", None)
    if public_id:
        return f"key-{public_id}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user-{user.pk}"
    return ""


class ApiRateThrottle(SimpleRateThrottle):
    """Applied to every API view by default. Rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    "authenticated" and "anonymous"; counters live in the default cache (Redis in production,
    so every gunicorn worker and host shares them). DRF answers 429 with Retry-After."""

    cache_format = "throttle_%(scope)s_%(ident)s"

    def __init__(self) -> None:
        # The rate depends on who calls, so it is chosen per request in allow_request().
        self.scope = "anonymous"

    def get_rate(self) -> str | None:
        # Read at request time (DRF's own reads them once, at import), so a changed setting
        # applies without a restart of the test process.
        rates: dict[str, Any] = dict(api_settings.DEFAULT_THROTTLE_RATES)
        rate = rates.get(self.scope or "anonymous")
        return str(rate) if rate else None

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = "authenticated" if caller_identity(request) else "anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request: Request) -> str:
        """The client address as our other limits read it (ADR 0019), not DRF's own reading."""
        return client_ip(request)

    def get_cache_key(self, request: Request, view: Any) -> str:
        ident = caller_identity(request) or f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
