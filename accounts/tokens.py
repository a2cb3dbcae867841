"""Personal API tokens: create (shown once), authenticate by digest, expire, revoke."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models import ApiToken, User

TOKEN_BYTES = 32
LAST_USED_GRANULARITY = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_lifetime() -> timedelta:
    return timedelta(days=int(settings.API_TOKEN_TTL_DAYS))


def api_token_create(*, user: User, name: str = "API token") -> tuple[ApiToken, str]:
    """A new token for `user`, living API_TOKEN_TTL_DAYS; returns the row and the plain token
    (never stored)."""
    plain = "mc_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=plain[:10],
        digest=_digest(plain),
        expires_at=timezone.now() + api_token_lifetime(),
    )
    return token, plain


def api_token_user(plain: str) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, expired, inactive user)."""
    token = api_token_find(plain)
    return token.user if token is not None else None


def api_token_find(plain: str) -> ApiToken | None:
    """The live token (its user loaded), or None (unknown, revoked, expired, inactive user)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(plain), revoked_at=None, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Touch at most every few minutes: a busy integration should not write on every request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_tokens_live(*, user: User) -> models.QuerySet[ApiToken]:
    """The tokens of `user` that still authenticate (neither revoked nor expired)."""
    return user.api_tokens.filter(revoked_at=None, expires_at__gt=timezone.now())


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of `user` (a password change or reset, a deactivation: whoever held a
    token made under the old password or for the old account loses it); how many it revoked."""
    return ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
