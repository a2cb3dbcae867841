"""A clear "temporarily unavailable" answer while the database, the broker or storage is away.

An outage is not a bug: the user gets a 503 that says their saved work is safe and when to try
again (Retry-After), as a page or, for the API and JSON callers, {"detail": "..."}; never a
traceback or the generic error page. Views that expect an outage answer it themselves (the
upload endpoints); this catches the rest. See docs/decisions/0011-outages-delay-never-lose.md.
"""

import logging
import sys
from collections.abc import Callable
from typing import Any

import botocore.exceptions
import kombu.exceptions
import redis.exceptions
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from common.storage import StorageUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
MESSAGE = (
    "The service is temporarily unavailable. Your saved work is safe; "
    "please try again shortly (if you were saving something just now, send it again)."
)
# Where the exception that turned a request into a 500 is kept for the middleware to see.
_OUTAGE_ATTRIBUTE = "_outage_error"


# The exceptions that mean "a service we depend on is not answering".
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,  # PostgreSQL down, restarting, or the connection was cut
    InterfaceError,
    kombu.exceptions.OperationalError,  # the broker refused a message
    redis.exceptions.ConnectionError,  # the cache (and broker) server
    redis.exceptions.TimeoutError,
    StorageUnavailable,
    botocore.exceptions.ConnectionError,  # S3 refused or did not answer
    botocore.exceptions.HTTPClientError,
)


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGE_ERRORS)


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path.startswith("/api/")
        or request.content_type == "application/json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def outage_response(request: HttpRequest) -> HttpResponse:
    """The 503 for `request`: JSON for the API and JSON callers, else the page."""
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        # Rendered without the request: context processors would query the database.
        page = render_to_string("errors/503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _remember_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django is about to answer an uncaught exception with a 500: note it if it is an outage."""
    error = sys.exc_info()[1]
    if request is not None and is_outage(error):
        setattr(request, _OUTAGE_ATTRIBUTE, error)


got_request_exception.connect(_remember_outage, dispatch_uid="common.outage")


class OutageMiddleware:
    """Turns database, broker and storage connection errors into the clear 503.

    `process_exception` answers errors raised by views (and the templates they render); an
    error raised by another middleware (a session or cache lookup) has already become a 500
    when it reaches `__call__`, which swaps that 500 for the 503. Register it near the top of
    MIDDLEWARE so that it wraps the middleware that may touch the database or the cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, _OUTAGE_ATTRIBUTE, None)
        if response.status_code == 500 and error is not None:
            return outage_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        logger.warning(
            "outage: %s %s answered 503 (%s: %s)",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
        )
        return outage_response(request)
