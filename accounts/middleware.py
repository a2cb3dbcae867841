"""Remembers when a signed-in person last used the platform (the dashboards' "Last activity")."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from accounts.services import user_note_activity


class ActivityMiddleware:
    """After a request that acted as a signed-in user, record the activity; the service writes
    at most once per ACTIVITY_RESOLUTION, so most requests only compare a loaded timestamp. A
    request that never looked at its user (health checks, the error pages of an outage) is not
    activity and costs no session read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "_wrapped", None) is empty or response.status_code >= 500:
            return response
        if user is not None and user.is_authenticated:
            user_note_activity(user=user)
        return response
