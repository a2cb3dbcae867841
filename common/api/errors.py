"""JSON errors under /api/: {"detail": "..."} or {"<field>": ["<message>", ...]}, never HTML.

DRF already answers its own exceptions (401, 403, 404, 405, 406, 415, 429, validation) so;
`exception_handler` only reshapes the few bodies that are not an object. The `handler*`
functions replace Django's error views (config/urls.py): under /api/ they answer JSON (an
unknown URL, a 500), elsewhere they render the site's error pages as before.
"""

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import bad_request
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.views import error_403, error_404, error_500

API_PREFIX = "/api/"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: a malformed request Django refuses (e.g. too many form fields)
    is a 400, and a list of messages that concerns no field becomes {"detail": "..."}."""
    if isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError("The request could not be read.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, list):
        response.data = {"detail": _joined(response.data)}
    elif isinstance(response.data, dict) and isinstance(response.data.get("detail"), list):
        # A serializer's ValidationError({"detail": "..."}) comes back as a list of one.
        response.data["detail"] = _joined(response.data["detail"])
    return response


def _joined(messages: list[Any]) -> str:
    return " ".join(str(message) for message in messages)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return bad_request(request, exception or SuspiciousOperation())


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return error_403(request, exception)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return error_404(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return error_500(request)
