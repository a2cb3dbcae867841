"""PostgreSQL whose kept connection is health-checked without a query.

Django's CONN_HEALTH_CHECKS sends a `SELECT 1` at the first query of every request that reuses
a connection: a round trip and a statement per request (issue 26). A server that restarted or
dropped the connection has closed its end, and usually said why first ("terminating
connection..."), so the client's socket has something to read; an idle, healthy connection has
nothing to read. The check polls the socket (no wait, no round trip) and only when something
is there does Django's `SELECT 1` decide, reconnecting when it fails: the first request after a
database restart still works (ADR 0011, tests/faults/test_postgres_restart.py).
"""

import select

import psycopg
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    health_check_done: bool  # BaseDatabaseWrapper's, unannotated there

    def close_if_health_check_failed(self) -> None:
        # Called before every query: poll only where Django would check (once per request).
        due = self.settings_dict["CONN_HEALTH_CHECKS"] and not self.health_check_done
        if due and self.connection is not None and self._nothing_to_read():
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _nothing_to_read(self) -> bool:
        """Whether the idle connection's socket is quiet: nothing the server sent or closed."""
        if self.connection.closed:
            return False
        try:
            socket = self.connection.pgconn.socket
        except psycopg.Error:  # no socket any more: the full check decides
            return False
        readable, _, _ = select.select([socket], [], [], 0)
        return not readable
