"""The signed-in account behind a request, typed as the project's user model."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the type `request.user` has
    # once signed in), so the user model is named without importing the app that defines it.
    from django.contrib.auth.models import _User as User


def request_user(request: HttpRequest) -> "User":
    """The account that made `request` (a page behind login_required, an API view that requires
    authentication; a DRF Request is one too). Never AnonymousUser: a view that reaches this
    without a signed-in caller answers 403 rather than acting for nobody."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionDenied("Sign in first.")
    return user
