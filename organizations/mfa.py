"""A second factor for the people who can change what everyone else sees: platform staff (the
Django admin) and issuer staff (badges, revocation, review policy). With MFA_REQUIRED_FOR_STAFF
on (production), such a person without an authenticator is sent to set one up before any other
page; signing out and the set-up pages themselves stay open. allauth.mfa asks the signed-up
person for their code at every sign-in.

Here, not in accounts: issuer staff is a role, and roles come from organization memberships."""

from collections.abc import Callable

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.urls import reverse

from accounts.models import User
from common.urlmemo import reverse_memo

from .models import Role
from .role_cache import user_roles_for_layout


def mfa_required(user: User) -> bool:
    """Whether this person must have a second factor: platform or issuer staff, the people of
    `accounts.require_second_factor` (rules.py). Asked on every signed-in request, so the roles
    come from the layout's cache (dropped whenever a membership changes; the navigation reads
    the same set), not from one more membership query per page."""
    return user.is_staff or Role.ISSUER_STAFF in user_roles_for_layout(user)


def _open_paths() -> tuple[str, ...]:
    """What a person who must set up a second factor may still open (path prefixes)."""
    return (
        reverse_memo("mfa_index"),  # /accounts/2fa/: set-up, recovery codes, the code at sign-in
        reverse_memo("account_logout"),
        reverse_memo("account_reauthenticate"),  # set-up asks for the password again
        reverse_memo("account_email"),  # an address must be verified before set-up
        "/accounts/confirm-email/",
        settings.STATIC_URL or "/static/",
        "/healthz",
        "/readyz",
        "/favicon.ico",
    )


class StaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MFA_REQUIRED_FOR_STAFF and self._must_set_up(request):
            setup = reverse("mfa_activate_totp")
            if request.path.startswith("/api/"):
                detail = f"Set up two-factor authentication first: {setup}"
                return JsonResponse({"detail": detail}, status=403)
            query = QueryDict(mutable=True)
            query["next"] = request.get_full_path()
            return HttpResponseRedirect(f"{setup}?{query.urlencode()}")
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_open_paths()):
            return False
        assert isinstance(user, User)
        return mfa_required(user) and not get_mfa_adapter().is_mfa_enabled(user)
