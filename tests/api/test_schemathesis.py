"""Schemathesis against the live schema served by a real server: generated requests for every
operation under /api/v1/, as an educator with a draft, a reviewer holding a claim and a district
admin, must never cause a server error, and every response must have a documented status code
and match its documented schema.

A bounded, derandomized number of examples per operation keeps the run short and repeatable;
the rate limits are raised for this server so they cannot make it flaky.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from accounts.tokens import api_token_create
from badges import services as badge_services
from organizations.models import Role
from organizations.services import membership_grant
from reviews import services as review_services
from submissions import services as submission_services
from tests.support.badges import pass_submission
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.reviews import set_policy
from tests.support.submissions import submit

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Examples per operation and role: enough to vary bodies and query parameters, bounded so the
# whole file stays well under a minute and a half on a shared two-core machine.
EXAMPLES = 6
MESSAGE_LINES = 30  # of each failure's report: what failed, the response, how to reproduce
# Registering a webhook would make later generated requests deliver events (tasks run eagerly
# here) to generated URLs: an outgoing request per event, to hosts that do not exist.
EXCLUDED = {"POST /api/v1/organizations/{public_id}/webhooks/"}


@dataclass
class Caller:
    name: str
    token: str
    prefixes: tuple[str, ...]  # the paths this caller fuzzes ((): all that no other one claims)
    # Path prefix -> a real id this caller may see, for the first path parameter under it, so
    # requests reach past the 404 into the view; `extra`: other path parameters by name.
    ids: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    examples: int = EXAMPLES


@pytest.fixture
def callers(cast, settings, tmp_path) -> list[Caller]:
    settings.SITE_URL = "http://testserver"
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"authenticated": "100000/min", "anonymous": "100000/min"},
    }
    set_policy(cast.issuer, second_review_rate=0)
    credential = published_credential(cast.issuer, "fuzz-draft", with_artifact=False)
    draft = submission_services.submission_start(educator=cast.educator, credential=credential)
    requirement = draft.version.requirements.filter(kind="text").first()
    submission_services.response_save(
        submission=draft, requirement=requirement, text="Exit tickets.", by=cast.educator
    )
    earned = published_credential(cast.issuer, "fuzz-earned", with_artifact=False)
    badge = badge_services.badge_award(
        submission=pass_submission(cast.educator, earned, cast.reviewer)
    )
    queued = published_credential(cast.issuer, "fuzz-queued", with_artifact=False)
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=queued, by=None)
    submit(cast.colleague, queued)
    claimed = submit(cast.other_educator, queued)
    review = review_services.review_claim(submission=claimed, reviewer=cast.reviewer)
    issuer_staff = UserFactory(email="issuerstaff@test.org")
    membership_grant(user=issuer_staff, organization=cast.issuer, role=Role.ISSUER_STAFF)

    def token(user) -> str:
        return api_token_create(user=user, name="schemathesis")[1]

    return [
        Caller(
            "educator",
            token(cast.educator),
            prefixes=(),
            ids={
                "/api/v1/submissions/": str(draft.public_id),
                "/api/v1/micro-credentials/": str(credential.public_id),
                "/api/v1/badges/": str(badge.public_id),
            },
            extra={"requirement_id": str(requirement.public_id)},
        ),
        Caller(
            "reviewer",
            token(cast.reviewer),
            prefixes=("/api/v1/review", "/api/v1/submissions/"),
            ids={
                "/api/v1/reviews/": str(review.public_id),
                "/api/v1/submissions/": str(claimed.public_id),
            },
        ),
        Caller(
            "district admin",
            token(cast.district_admin),
            prefixes=("/api/v1/organizations/",),
            ids={"/api/v1/organizations/": str(cast.district.public_id)},
            examples=4,
        ),
        Caller(
            "author",
            token(cast.author),
            prefixes=("/api/v1/authoring/",),
            ids={
                "/api/v1/authoring/micro-credentials/": str(credential.public_id),
                "/api/v1/authoring/versions/": str(draft.version.public_id),
            },
            examples=4,
        ),
        Caller(
            "issuer staff",
            token(issuer_staff),
            prefixes=("/api/v1/issuers/",),
            ids={"/api/v1/issuers/": str(cast.issuer.public_id)},
            extra={
                "reviewer_id": str(cast.reviewer.public_id),
                "credential_id": str(credential.public_id),
            },
            examples=4,
        ),
    ]


def _operations(schema) -> Iterator[Any]:
    for result in schema.get_all_operations():
        operation = result.ok()
        name = f"{operation.method.upper()} {operation.path}"
        if operation.path.startswith("/api/v1/") and name not in EXCLUDED:
            yield operation


def _path_parameters(operation, caller: Caller) -> dict[str, str]:
    names = [p.name for p in operation.path_parameters]
    known = {}
    prefixes = [prefix for prefix in caller.ids if operation.path.startswith(prefix)]
    if names and prefixes:
        known[names[0]] = caller.ids[max(prefixes, key=len)]
    known.update({name: caller.extra[name] for name in names[1:] if name in caller.extra})
    return known


def _caller_for(operation, callers: list[Caller]) -> Caller:
    for caller in callers:
        if any(operation.path.startswith(prefix) for prefix in caller.prefixes):
            return caller
    return next(caller for caller in callers if not caller.prefixes)


def _fuzz(operation, caller: Caller, base_url: str) -> str | None:
    """Run the examples of one operation; the failure found, if any."""
    strategy = operation.as_strategy(path_parameters=_path_parameters(operation, caller))
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
        failure = _fuzz(operation, _caller_for(operation, callers), live_server.url)
        if failure:
            failures.append(failure)
    assert not failures, "\n\n".join(failures)
