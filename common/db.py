"""Where reads go: reporting's read-only queries may run on a replica (DATABASE_REPLICA_URL).

Reporting (dashboards, exports) reads a great deal and writes nothing, and a few seconds of
replication lag do not matter to it; everything else reads its own writes and stays on the
primary. Code that may read from the replica says so with `replica_reads()`; the router sends
reads inside it to the "replica" database when one is configured and enabled
(REPORTING_READS_FROM_REPLICA), and to the primary otherwise. Writes always go to the primary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

REPLICA = "replica"
T = TypeVar("T")

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES and bool(settings.REPORTING_READS_FROM_REPLICA)


def reads_alias() -> str:
    """The database reads go to here and now (for code that opens a cursor or a transaction
    for its reads itself)."""
    return REPLICA if _replica_reads.get() and replica_enabled() else DEFAULT_DB_ALIAS


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside this block may be served by the replica."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def streamed_from_replica(rows: Iterable[T]) -> Iterator[T]:
    """Iterate a lazy stream of rows (an export) on the replica, inside one transaction: a
    server-side cursor then keeps one server connection for its whole life, which a
    transaction-mode pooler (PgBouncer) guarantees only within a transaction."""
    with replica_reads(), transaction.atomic(using=reads_alias()):
        yield from rows


class ReplicaRouter:
    """DATABASE_ROUTERS: reads inside `replica_reads()` to the replica, when there is one."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _replica_reads.get() and replica_enabled() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the primary's rows: objects relate across them
