"""View decorators for the JSON endpoints that page scripts call (autosaves)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

SIGNED_OUT = (
    "You were signed out, so this was not saved. Sign in again (in another tab): "
    "your text is kept on this device and is saved as soon as you are back."
)


def login_required_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like login_required, but a script gets 401 and a message it can show, not a redirect to
    the sign-in page that it would take for a broken answer ("offline")."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"error": SIGNED_OUT, "signed_out": True}, status=401)
        return view(request, *args, **kwargs)

    return wrapper
