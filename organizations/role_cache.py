"""The roles the layout shows (navigation, role labels), cached per user between requests.

Every page renders the navigation, which needs the user's roles: a membership query on pages
that otherwise never look at memberships (the catalog, the workspace). The role set is kept in
the shared cache under the user's id and dropped whenever one of their memberships is saved or
deleted (now and again at commit), so a new or ended membership shows in the navigation at the
next page. Only the layout reads it: permission checks keep using
organizations.selectors.user_roles, always from the database.
"""

import logging
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from accounts.models import User
from common.events import ACCOUNTS_MERGED, subscribe

from .models import Membership
from .selectors import _CACHE_ATTR, user_roles

logger = logging.getLogger(__name__)

# A backstop only (invalidation is explicit): bounds staleness after a cache-server outage.
ROLES_CACHE_SECONDS = 10 * 60
_LAYOUT_ATTR = "_layout_roles"


def _key(user_id: int) -> str:
    return f"organizations:roles:{user_id}"


def user_roles_for_layout(user: User) -> set[str]:
    """The user's role values for display; memberships this request already loaded win."""
    if not user.is_authenticated:
        return set()
    if getattr(user, _CACHE_ATTR, None) is not None:
        return user_roles(user)
    known: set[str] | None = getattr(user, _LAYOUT_ATTR, None)
    if known is None:
        known = _cached_roles(user)
        setattr(user, _LAYOUT_ATTR, known)  # the layout asks twice (menu, role labels)
    return known


def _cached_roles(user: User) -> set[str]:
    try:
        roles: list[str] | None = cache.get(_key(user.pk))
    except Exception:  # the cache server is away: read the database
        logger.warning("Role cache unavailable", exc_info=True)
        return user_roles(user)
    if roles is None:
        roles = sorted(user_roles(user))
        try:
            cache.set(_key(user.pk), roles, ROLES_CACHE_SECONDS)
        except Exception:
            logger.warning("Role cache unavailable", exc_info=True)
    return set(roles)


def user_roles_forget(user_id: int) -> None:
    """Drop the user's cached roles, now and again when the transaction commits."""

    def forget() -> None:
        try:
            cache.delete(_key(user_id))
        except Exception:
            logger.warning("Could not invalidate cached roles", exc_info=True)

    forget()
    transaction.on_commit(forget)


def _on_membership_change(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    user_roles_forget(instance.user_id)


def _on_accounts_merged(*, kept_id: int, folded_id: int) -> None:
    """A merge (or its undo) moved memberships with a bulk update: no save() to hear."""
    user_roles_forget(kept_id)
    user_roles_forget(folded_id)


def connect_invalidation() -> None:
    """Called from AppConfig.ready: every membership write goes through save() or delete(),
    except a merge of two accounts, which says so (accounts.merged)."""
    subscribe(ACCOUNTS_MERGED, _on_accounts_merged, uid="organizations.role_cache.merged")
    post_save.connect(_on_membership_change, sender=Membership, dispatch_uid="role_cache:save")
    post_delete.connect(_on_membership_change, sender=Membership, dispatch_uid="role_cache:delete")
