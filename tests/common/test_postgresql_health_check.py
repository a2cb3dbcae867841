"""The kept connection's health check (common/postgresql): no query while the connection is
healthy, and a connection the server dropped is replaced before the request's first query."""

import select

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept():
    """A connection of its own, as a worker keeps it between requests; its `is_usable` calls
    (Django's `SELECT 1`) counted."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict["CONN_HEALTH_CHECKS"] = True
    checks = []
    usable = wrapper.is_usable
    wrapper.is_usable = lambda: checks.append(1) or usable()
    wrapper.checks = checks
    yield wrapper
    wrapper.close()


def _backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _next_request(wrapper) -> None:
    wrapper.health_check_done = False  # what Django's request start does to a kept connection


def test_a_healthy_kept_connection_is_reused_without_a_query(kept):
    first = _backend_pid(kept)
    _next_request(kept)

    assert _backend_pid(kept) == first
    assert kept.checks == []


def test_a_connection_the_server_dropped_is_replaced_before_the_next_query(kept):
    first = _backend_pid(kept)
    _next_request(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [first])
    select.select([kept.connection.pgconn.socket], [], [], 10)  # the server's goodbye arrives

    second = _backend_pid(kept)

    assert second != first
    assert kept.checks == [1]
