"""django-allauth's adapter: the one place where allauth asks this project for decisions."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from common.ratelimit import client_ip

from .models import User
from .services import user_set_password


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The address our own limits and logs use (ADR 0019), so sign-in limits count the same
        client, and a header that does not match TRUSTED_PROXY_COUNT is not an error page."""
        return client_ip(request)

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        """allauth's password change, reset and set all end here: the service revokes the
        person's API tokens with the old password."""
        assert isinstance(user, User)
        user_set_password(user=user, password=password)
