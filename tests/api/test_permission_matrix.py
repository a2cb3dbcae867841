"""The API permission matrix: every endpoint under /api/v1/ times every role of the cast.

Each row is one endpoint and method with the status each role gets. Objects a caller may not
see answer 404 (never 403, so their existence does not leak); anonymous callers get 401, and
organization API keys 403 on the endpoints that are for people only.
List rows also say whose response may contain which object (`sees`), so a 200 cannot hide a
leak. Unsafe rows say what they may change (`state`): a refused caller must change nothing,
and an allowed caller's success must change it. Every request runs in a savepoint rolled back
afterwards, so each role meets the same world whatever the order.

Callers authenticate with real personal tokens (`Authorization: Token ...`); the session
tests (test_sessions_and_tokens.py) show a browser session needs its CSRF token for unsafe
methods.

The rows are in tests/support/permission_matrix.py and the world they speak of in
tests/support/permission_world.py. `test_every_api_endpoint_has_a_row` walks the URL resolver:
an endpoint under /api/v1/ without a row fails the suite, so no endpoint ships without its
permission row.
"""

from collections.abc import Iterator
from functools import cache
from typing import Any
from uuid import uuid4

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from tests.support.cast import make_cast
from tests.support.permission_matrix import API, MATRIX, ROLES, Row
from tests.support.permission_world import SITE, World, build_world

# --------------------------------------------------------------------------------------------
# The world: built once for the matrix; every request is rolled back after it
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The world, once for the whole matrix (in a transaction rolled back at the end); each
    test runs in a savepoint inside it, each request in a savepoint inside that."""
    from badges import images

    root = tmp_path_factory.mktemp("matrix-media")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private")},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "public"), "base_url": "/media/public/"},
        },
    }
    with django_db_blocker.unblock(), override_settings(SITE_URL=SITE, STORAGES=storages):
        images._class_cache.clear()
        with transaction.atomic():
            yield build_world(make_cast())
            transaction.set_rollback(True)
        images._class_cache.clear()


# --------------------------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


@cache
def _client() -> APIClient:
    """One client for the whole matrix: each new client builds the middleware chain again
    (WhiteNoise scans every static file then), which costs more than the request itself."""
    return APIClient()


def _call(world: World, row: Row, role: str) -> Any:
    url = API + row.path.format(**world.ids)
    data = row.body(world, role) if row.body else None
    client = _client()
    client.cookies.clear()
    if role == "anon":
        client.credentials()
    else:
        client.credentials(HTTP_AUTHORIZATION=world.authorization[role])
    # Distinct addresses: the token endpoint's per-address throttle must not answer 429.
    extra = {"REMOTE_ADDR": f"10.0.0.{ROLES.index(role) + 1}"}
    if row.method == "GET":
        return client.get(url, **extra)
    send = getattr(client, row.method.lower())
    return send(url, data, format="multipart" if row.multipart else "json", **extra)


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return str(response.content.decode(errors="replace"))


def _check(world: World, row: Row, role: str) -> list[str]:
    """What is wrong with `role`'s answer on `row` (empty when it is as the matrix says)."""
    problems: list[str] = []
    expected = row.statuses[role]
    try:
        with transaction.atomic():
            before = row.state(world) if row.state else None
            response = _call(world, row, role)
            body = _text(response)
            after = row.state(world) if row.state else None
            raise _RollBack
    except _RollBack:
        pass
    except Exception as error:  # a 500: name it with the role rather than stop the matrix
        return [f"{role}: expected {expected}, raised {type(error).__name__}: {error}"]
    if response.status_code != expected:
        problems.append(f"{role}: expected {expected}, got {response.status_code}: {body[:300]}")
    if row.state is not None:
        succeeded = 200 <= response.status_code < 300
        if not succeeded and after != before:
            problems.append(f"{role}: refused with {response.status_code} but changed {after}")
        if succeeded and role not in row.noop.split() and after == before:
            problems.append(f"{role}: answered {response.status_code} but changed nothing")
    for name, allowed in row.sees.items():
        shown = world.ids[name] in body
        if shown != (role in allowed.split()):
            problems.append(f"{role}: {'sees' if shown else 'does not see'} {name}")
    return problems


@pytest.mark.django_db
class TestPermissionMatrix:
    @pytest.mark.parametrize("row", MATRIX, ids=str)
    def test_row(self, world: World, row: Row) -> None:
        problems = [problem for role in ROLES for problem in _check(world, row, role)]
        assert not problems, f"{row}\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Coverage: no endpoint without a row
# --------------------------------------------------------------------------------------------

IGNORED_METHODS = {"options", "head"}


def _api_endpoints() -> Iterator[tuple[str, str]]:
    """(METHOD, route) for every view under /api/v1/, from the URL resolver."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    for route, callback in walk(get_resolver().url_patterns, ""):
        if not route.startswith("api/v1/"):
            continue
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        methods = getattr(view_class, "http_method_names", ["get"])
        for method in methods:
            if method not in IGNORED_METHODS and hasattr(view_class, method):
                yield method.upper(), route


def _row_endpoint(row: Row) -> tuple[str, str]:
    names = {name: str(uuid4()) for name in _path_names(row.path)}
    match = resolve(API + row.path.format(**names).split("?")[0])
    return row.method, match.route


def _path_names(path: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(path) if name]


def test_every_api_endpoint_has_a_row() -> None:
    endpoints = set(_api_endpoints())
    covered = {_row_endpoint(row) for row in MATRIX}
    assert endpoints, "the resolver walk found no API endpoints"
    missing = sorted(endpoints - covered)
    assert not missing, "endpoints without a permission row:\n" + "\n".join(
        f"  {method} /{route}" for method, route in missing
    )
    assert not covered - endpoints, f"rows for methods the views refuse: {covered - endpoints}"
