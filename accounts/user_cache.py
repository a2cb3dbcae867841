"""The signed-in user from the cache instead of a database read on every request (issue 26).

`CachedUserAuthenticationMiddleware` answers `request.user` as Django's AuthenticationMiddleware
does, with one shortcut: when the session names a user the cache holds, that copy is used,
after the very checks Django makes (the session's backend is still configured, the account may
sign in, the session's password hash matches). Anything else (no copy, a hash that needs a
fallback secret, a deactivated account) goes through Django's own `get_user`, which reads the
row and caches it for the next request.

A copy must never outlive a change: every save or delete of a user forgets it (post_save and
post_delete, again when the transaction commits, so a request racing the write cannot cache
the old row for long), and the services that write the user row with `update()`
(`user_set_active`, `user_note_activity`) forget it themselves. A role lives in memberships,
not in the user row: it is read per request as before. A password change saves the user, so
every other session of that user fails the hash check at its next request, as without the
cache. COPY_SECONDS bounds what a write behind the ORM's back (raw SQL), or a change made while
the cache server was unreachable (its copy could not be forgotten), could leave: a minute. The
cache server away costs a database read per request, never the request (ADR 0013).
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .models import User

logger = logging.getLogger(__name__)

COPY_SECONDS = 60


def _key(pk: Any) -> str:
    return f"accounts:signed-in-user:{pk}"


def user_cache_forget(*, pk: Any) -> None:
    """Drop the cached copy of user `pk`, now and again when the current transaction commits."""

    def forget() -> None:
        try:
            cache.delete(_key(pk))
        except Exception:  # the cache server is away: COPY_SECONDS bounds the copy's life
            logger.warning("Could not forget the cached user %s", pk, exc_info=True)

    forget()
    transaction.on_commit(forget)


def forget_saved_user(sender: type[User], instance: User, **kwargs: Any) -> None:
    """post_save / post_delete receiver (accounts/apps.py)."""
    user_cache_forget(pk=instance.pk)


def user_for_request(request: HttpRequest) -> User | AnonymousUser:
    """`request.user`: the cached copy when it passes Django's checks, else Django's get_user."""
    user = _cached_user(request)
    if user is not None:
        return user
    loaded = auth.get_user(request)
    if isinstance(loaded, User):
        try:
            cache.set(_key(loaded.pk), loaded, COPY_SECONDS)
        except Exception:  # the cache server is away: the next request reads the row again
            logger.warning("User cache unavailable", exc_info=True)
    return loaded


def _cached_user(request: HttpRequest) -> User | None:
    session = request.session
    backend_path = session.get(BACKEND_SESSION_KEY)
    if SESSION_KEY not in session or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    try:
        user = cache.get(_key(User._meta.pk.to_python(session[SESSION_KEY])))
    except Exception:  # the cache server is away: Django's get_user reads the database
        logger.warning("User cache unavailable", exc_info=True)
        return None
    if not isinstance(user, User):
        return None
    backend = load_backend(backend_path)
    if not isinstance(backend, ModelBackend) or not backend.user_can_authenticate(user):
        return None
    session_hash = session.get(HASH_SESSION_KEY)
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None
    return user


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with `request.user` from `user_for_request`."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_once(request))  # type: ignore[assignment]


def _user_once(request: HttpRequest) -> User | AnonymousUser:
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_for_request(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]
