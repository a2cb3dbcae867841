"""Personal API tokens: create (shown once), authenticate by digest, revoke."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken, User

TOKEN_BYTES = 32
LAST_USED_GRANULARITY = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, name: str = "API token") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the plain token (never stored)."""
    plain = "mc_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(user=user, name=name, prefix=plain[:10], digest=_digest(plain))
    return token, plain


def api_token_user(plain: str) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, inactive user)."""
    token = api_token_find(plain)
    return token.user if token is not None else None


def api_token_find(plain: str) -> ApiToken | None:
    """The active token (its user loaded), or None (unknown, revoked, inactive user)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(plain), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most every few minutes: a busy integration should not write on every request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
