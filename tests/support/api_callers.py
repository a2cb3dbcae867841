"""The API's callers for the generated-request tests (tests/api): a token per role of the
cast, each with the path prefixes it exercises and real ids it may see, so generated requests
reach past the 404 into the views."""

from dataclasses import dataclass, field
from datetime import date

from accounts.tokens import api_token_create
from badges import services as badge_services
from community.services import cohort_create, cohort_invitation_respond, cohort_invite
from organizations.models import Role
from organizations.services import membership_grant
from recognition.services import credit_request_create
from reviews import services as review_services
from submissions import services as submission_services
from tests.support.badges import pass_submission
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.recognition import make_body, make_rule
from tests.support.reviews import set_policy
from tests.support.submissions import submit

# Examples per operation and role: enough to vary bodies and query parameters, bounded so the
# whole schemathesis file stays well under a minute and a half on a shared two-core machine.
EXAMPLES = 6


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


def build_callers(cast, settings, tmp_path) -> list[Caller]:
    """A caller per role, with the rows they need (rate limits raised, public files local)."""
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
    manager = UserFactory(email="board.manager@test.org")
    board = make_body(applies_to=cast.state, managers=[manager])
    rule = make_rule(board, credential=earned)
    credit = credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    issuer_staff = UserFactory(email="issuerstaff@test.org")
    membership_grant(user=issuer_staff, organization=cast.issuer, role=Role.ISSUER_STAFF)
    cohort = cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Fuzzed cohort",
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 30),
        micro_credentials=[credential],
    )
    # The educator is in it, so generated requests reach its discussion's posts.
    invitation = cohort_invite(cohort=cohort, person=cast.educator, by=cast.district_admin)
    cohort_invitation_respond(membership=invitation, by=cast.educator, accept=True)

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
                "/api/v1/credit-requests/": str(credit.public_id),
                "/api/v1/cohorts/": str(cohort.public_id),
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
            prefixes=("/api/v1/organizations/", "/api/v1/cohorts/"),
            ids={
                "/api/v1/organizations/": str(cast.district.public_id),
                "/api/v1/cohorts/": str(cohort.public_id),
            },
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
            "body manager",
            token(manager),
            prefixes=("/api/v1/recognition-bodies/",),
            ids={"/api/v1/recognition-bodies/": str(board.public_id)},
            extra={"rule_id": str(rule.public_id)},
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


def path_parameters(operation, caller: Caller) -> dict[str, str]:
    """Real ids for a schemathesis operation's path parameters, where the caller has them."""
    return known_path_values(operation.path, [p.name for p in operation.path_parameters], caller)


def known_path_values(path: str, names: list[str], caller: Caller) -> dict[str, str]:
    """The first parameter of `path` gets the caller's id under its longest matching prefix;
    the others come from `extra` by name. Parameters without one are left out."""
    known = {}
    prefixes = [prefix for prefix in caller.ids if path.startswith(prefix)]
    if names and prefixes:
        known[names[0]] = caller.ids[max(prefixes, key=len)]
    known.update({name: caller.extra[name] for name in names[1:] if name in caller.extra})
    return known


def caller_for(operation, callers: list[Caller]) -> Caller:
    return caller_for_path(operation.path, callers)


def caller_for_path(path: str, callers: list[Caller]) -> Caller:
    """The caller whose prefixes claim `path`, else the one that takes every other path."""
    for caller in callers:
        if any(path.startswith(prefix) for prefix in caller.prefixes):
            return caller
    return next(caller for caller in callers if not caller.prefixes)
