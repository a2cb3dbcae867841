"""Sign-in by any address the account verified (ADR 0026)."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser

from .selectors import user_by_verified_email


class EmailAuthenticationBackend(AuthenticationBackend):
    """allauth's backend, finding the account by its primary address or any address it
    verified. allauth's own lookup would also take an address someone added and never
    verified, which proves nothing about who is signing in."""

    def _authenticate_by_email(self, email: str, password: str) -> AbstractBaseUser | None:
        return self._check_password(user_by_verified_email(email or ""), password)
