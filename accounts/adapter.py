"""django-allauth's adapter: the one place where allauth asks this project for decisions."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from common.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The address our own limits and logs use (ADR 0019), so sign-in limits count the same
        client, and a header that does not match TRUSTED_PROXY_COUNT is not an error page."""
        return client_ip(request)
