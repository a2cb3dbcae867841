"""No JSON body answers 5xx: every operation of the committed schema (docs/api/openapi.yaml)
that takes a JSON body gets hostile ones (deep nesting, NaN / Infinity / 1e400 / huge integers,
wrong types, huge strings, odd unicode, nulls) from the role that may use it (with real ids),
from platform staff and from an anonymous caller, and must answer each with less than 500.

A fixed set of bodies puts each hostile value in every property of every operation at once;
hypothesis adds a bounded, derandomized number of generated ones per operation and caller.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import yaml
from django.core.cache import caches
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.tokens import api_token_create
from tests.support.api_callers import Caller, build_callers, caller_for_path, known_path_values
from tests.support.servers import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMA = ROOT / "docs" / "api" / "openapi.yaml"
GENERATED = 4  # hypothesis examples per operation and caller
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
DEEP = 5000
# Raw JSON literals Python's json module would read as non-finite or enormous numbers.
LITERALS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e999", "1" + "0" * 400, "9" * 5000]
STRINGS = ["Infinity", "NaN", "-inf", "1e400", "\u0000", "\ud800", "\u202e\ufeff", "x" * 100_000]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    properties: list[str]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _json_operations() -> list[Operation]:
    schema = yaml.safe_load(SCHEMA.read_text())
    components = schema["components"]["schemas"]
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            content = (
                operation.get("requestBody", {}).get("content", {})
                if isinstance(operation, dict)
                else {}
            )
            if "application/json" not in content:
                continue
            body = content["application/json"]["schema"]
            if "$ref" in body:
                body = components[body["$ref"].rsplit("/", 1)[-1]]
            operations.append(Operation(method, path, sorted(body.get("properties", {}))))
    return operations


def _fixed_bodies(operation: Operation) -> list[str | bytes]:
    bodies: list[str | bytes] = [
        "[" * DEEP + "]" * DEEP,
        '{"a":' * DEEP + "1" + "}" * DEEP,
        "[" * DEEP,
        "NaN",
        "null",
        '"' + "x" * (1024 * 1024 + 10) + '"',
        b'{"\xff\xfe": 1}',
    ]
    # Each hostile value in every property at once: a serializer reports every field.
    names = operation.properties or ["detail"]
    bodies += [
        "{" + ", ".join(f'"{name}": {literal}' for name in names) + "}" for literal in LITERALS
    ]
    values = [*STRINGS, None, [], {}, [[[[None]]]], True, 2**80, -1.5e308]
    bodies += [json.dumps(dict.fromkeys(names, value)) for value in values]
    bodies.append("{" + ", ".join(f'"{n}": ' + "[" * 399 + "]" * 399 for n in names) + "}")
    return bodies


_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(STRINGS)
)
_values = st.recursive(
    _leaf,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _bodies(operation: Operation) -> st.SearchStrategy[str]:
    names = st.sampled_from(operation.properties or ["detail"])
    as_object = st.dictionaries(names, _values, max_size=6).map(json.dumps)
    with_literal = st.tuples(names, st.sampled_from(LITERALS)).map(
        lambda pair: f'{{"{pair[0]}": {pair[1]}}}'
    )
    nested = st.integers(min_value=390, max_value=2000).map(lambda n: "[" * n + "]" * n)
    return as_object | with_literal | nested | _values.map(json.dumps)


def _url(operation: Operation, caller: Caller) -> str:
    names = re.findall(r"{(\w+)}", operation.path)
    known = known_path_values(operation.path, names, caller)
    return re.sub(r"{(\w+)}", lambda m: known.get(m.group(1), UNKNOWN_ID), operation.path)


def _client(token: str | None) -> APIClient:
    client = APIClient()
    client.raise_request_exception = False  # a 500 is an answer to report, not a crash
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _send(client: APIClient, operation: Operation, url: str, body: str | bytes) -> int:
    # Rate-limit counters live in the cache: a 429 would keep the body from the parser.
    for cache in caches.all():
        cache.clear()
    send = getattr(client, operation.method)
    response = send(url, body, content_type="application/json")
    return int(response.status_code)


def _generated_failures(operation: Operation, url: str, who: str, client: APIClient) -> list[str]:
    failures: list[str] = []

    @hypothesis.settings(
        max_examples=GENERATED,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(body=_bodies(operation))
    def run(body: str) -> None:
        status = _send(client, operation, url, body)
        if status >= 500:
            failures.append(f"{who}: {operation} answered {status} to {body[:120]!r}")

    run()
    return failures


def test_no_json_body_makes_any_endpoint_answer_a_server_error(cast, settings, tmp_path):
    callers = build_callers(cast, settings, tmp_path)
    settings.BADGES_VERIFY_RATE_PER_MINUTE = 100_000
    staff_token = api_token_create(user=cast.staff, name="hostile")[1]
    operations = _json_operations()
    assert len(operations) >= 20, [str(op) for op in operations]
    failures: list[str] = []
    for operation in operations:
        role = caller_for_path(operation.path, callers)
        url = _url(operation, role)
        clients: dict[str, Any] = {
            role.name: _client(role.token),
            "platform staff": _client(staff_token),
            "anonymous": _client(None),
        }
        for body in _fixed_bodies(operation):
            status = _send(clients[role.name], operation, url, body)
            if status >= 500:
                failures.append(f"{role.name}: {operation} answered {status} to {body[:120]!r}")
        for who, client in clients.items():
            failures += _generated_failures(operation, url, who, client)
    assert not failures, "\n".join(failures)
