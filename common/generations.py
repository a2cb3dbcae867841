"""Cached reads invalidated by a *generation* token (docs/decisions/0013-page-caching.md).

Entries are keyed by a random token that any change to the data behind them replaces, so the
next read misses and the change shows at once on every worker (the cache is Redis in
production). The token is replaced both when a row is written and again when its transaction
commits, so a page rendered between the two cannot keep pre-commit content under the new token.
A lost cache server only means computing from PostgreSQL, never an error page.
"""

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A backstop only: invalidation is by generation. Bounds staleness if a change happened while
# the cache server was unreachable and it came back with its old contents.
ENTRY_SECONDS = 60 * 60
GENERATION_SECONDS = 24 * 60 * 60


class Generation:
    """One family of cached reads (`name`) and the token that invalidates all of them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = f"{name}:generation"

    def token(self) -> str:
        """The current token (raises if the cache server is away)."""
        token: str | None = cache.get(self.key)
        if token is None:
            cache.add(self.key, uuid.uuid4().hex, GENERATION_SECONDS)
            token = cache.get(self.key)
        return str(token)

    def entry_key(self, name: str) -> str:
        """The cache key of entry `name` under the current token (raises if the cache is away)."""
        return f"{self.name}:{self.token()}:{name}"

    def _replace(self) -> None:
        try:
            cache.set(self.key, uuid.uuid4().hex, GENERATION_SECONDS)
        except Exception:  # the cache server is away: entries expire on their own
            logger.warning("Could not invalidate the %s cache", self.name, exc_info=True)

    def changed(self) -> None:
        """Invalidate every cached read of the family, now and again when the transaction
        commits."""
        self._replace()
        transaction.on_commit(self._replace)

    def cached(
        self,
        name: str,
        compute: Callable[[], T],
        keep: Callable[[T], bool] = bool,
        timeout: int = ENTRY_SECONDS,
    ) -> T:
        """`compute()` from the cache under the current token; stored only when keep(value)."""
        try:
            key = self.entry_key(name)
            value: T | None = cache.get(key)
        except Exception:  # the cache server is away: read the database
            logger.warning("The %s cache is unavailable", self.name, exc_info=True)
            return compute()
        if value is not None:
            return value
        value = compute()
        if keep(value):
            try:
                cache.set(key, value, timeout)
            except Exception:
                logger.warning("The %s cache is unavailable", self.name, exc_info=True)
        return value
