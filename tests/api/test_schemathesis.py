"""Schemathesis against the live schema served by a real server: generated requests for every
operation under /api/v1/, as an educator with a draft, a reviewer holding a claim and a district
admin, must never cause a server error, and every response must have a documented status code
and match its documented schema.

A bounded, derandomized number of examples per operation keeps the run short and repeatable;
the rate limits are raised for this server so they cannot make it flaky.
"""

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.api_callers import Caller, build_callers, caller_for, path_parameters

pytestmark = pytest.mark.django_db(transaction=True)

# Every answer: no server error, a documented status code, a documented content type, and
# a body and headers that match what the schema says for that code.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
MESSAGE_LINES = 30  # of each failure's report: what failed, the response, how to reproduce
# Registering a webhook would make later generated requests deliver events (tasks run eagerly
# here) to generated URLs: an outgoing request per event, to hosts that do not exist.
EXCLUDED = {"POST /api/v1/organizations/{public_id}/webhooks/"}


@pytest.fixture
def callers(cast, settings, tmp_path) -> list[Caller]:
    return build_callers(cast, settings, tmp_path)


def _operations(schema) -> Iterator[Any]:
    for result in schema.get_all_operations():
        operation = result.ok()
        name = f"{operation.method.upper()} {operation.path}"
        if operation.path.startswith("/api/v1/") and name not in EXCLUDED:
            yield operation


def _fuzz(operation, caller: Caller, base_url: str) -> str | None:
    """Run the examples of one operation; the failure found, if any."""
    strategy = operation.as_strategy(path_parameters=path_parameters(operation, caller))
    examples = caller.examples
    headers = {"Authorization": f"Token {caller.token}"}

    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failure
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=strategy)
    def run(case) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)

    try:
        run()
    except (Exception, BaseExceptionGroup) as error:  # every failure is reported at once
        summary = "\n".join(str(error).splitlines()[:MESSAGE_LINES])
        return f"{caller.name}: {operation.method.upper()} {operation.path}\n{summary}"
    return None


def test_the_api_answers_every_generated_request_as_its_schema_says(live_server, callers):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    operations = list(_operations(schema))
    assert len(operations) >= 20, [op.path for op in operations]
    failures = []
    for operation in operations:
        failure = _fuzz(operation, caller_for(operation, callers), live_server.url)
        if failure:
            failures.append(failure)
    assert not failures, "\n\n".join(failures)
