"""Sessions in PostgreSQL with a short-lived copy in the shared cache (production: Redis).

Every signed-in request reads its session; from PostgreSQL that is a query (and the ORM's work
to build it), from Redis a GET. Django's `cached_db` store does this, but lets a cache error
escape when it fills the cache after a database read, when it checks whether a new key exists,
and when it deletes a session (signing out): during a Redis outage every signed-in page would
fail. Here the cache is a help and never a failure: any cache error means "use the database",
with a warning in the log.

The database stays the record: every save and delete goes there first, so nothing is lost when
Redis is. The cached copy lives at most SESSION_CACHE_SECONDS (default 5 minutes): if signing
out could not reach Redis, and Redis came back with its old contents, the ended session would
still be readable from the cache for at most that long. Only use this store with a cache that
all web processes share (see docs/decisions/0017-cached-sessions.md).

Signing out leaves a marker (ENDED) in the cache for SESSION_CACHE_SECONDS instead of only
deleting the copy, and a read fills the cache with `add`, which never overwrites: a request
that read the row from the database just before the sign-out cannot put the ended session
back into the cache after it.
"""

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

if TYPE_CHECKING:
    from django.contrib.sessions.base_session import AbstractBaseSession
    from django.core.cache.backends.base import BaseCache

logger = logging.getLogger(__name__)
ENDED = "session-ended"  # the cached value of a session signed out (a session is a dict)


def _unavailable(error: Exception, instead: str) -> None:
    # One line, no traceback: during an outage every signed-in request comes here.
    logger.warning("Session cache unavailable (%s: %s); %s", type(error).__name__, error, instead)


class SessionStore(CachedDBStore):
    if TYPE_CHECKING:  # Django's, missing from the type stubs
        _cache: BaseCache
        _session: dict[str, Any]

        def _get_session_from_db(self) -> AbstractBaseSession | None: ...

    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def _cache_set(self, data: dict[str, Any], expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, self._cache_seconds(expiry_age))
        except Exception as error:
            _unavailable(error, "kept in the database")

    def load(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] | str | None = self._cache.get(self.cache_key)
        except Exception as error:
            _unavailable(error, "reading the database")
            data = None
        if data == ENDED:
            self._session_key = None  # as for a key the database does not know
            return {}
        if isinstance(data, dict):
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        session = self.decode(stored.session_data)
        seconds = self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date))
        try:
            # add, not set: a newer copy or a sign-out's marker stays.
            self._cache.add(self.cache_key, session, seconds)
        except Exception as error:
            _unavailable(error, "kept in the database")
        return session

    def exists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        try:
            if (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception as error:
            _unavailable(error, "asking the database")
        return DBStore.exists(self, session_key)

    def save(self, must_create: bool = False) -> None:
        DBStore.save(self, must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key: str | None = None) -> None:
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.set(
                self.cache_key_prefix + session_key, ENDED, settings.SESSION_CACHE_SECONDS
            )
        except Exception as error:
            # The database row is gone, so the session has ended; a copy Redis may still hold
            # expires within SESSION_CACHE_SECONDS.
            _unavailable(error, "its cached copy expires by itself")
