"""A cohort of the cast's district on a stack of two micro-credentials: a facilitator, the
educator and the colleague as members, the other district's educator invited (not answered)."""

import datetime
from dataclasses import dataclass

import pytest

from accounts.models import User
from community import services
from community.models import Cohort
from credentials.models import MicroCredential
from organizations.models import Role
from tests.support.cast import Cast, make_member
from tests.support.credentials import make_stack, published_credential


@dataclass
class CohortWorld:
    cohort: Cohort
    facilitator: User
    credentials: list[MicroCredential]


def make_cohort_world(cast: Cast) -> CohortWorld:
    credentials = [
        published_credential(cast.issuer, "formative-checks"),
        published_credential(cast.issuer, "exit-tickets", with_artifact=False),
    ]
    cohort = services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Checking for Understanding, spring",
        starts_on=datetime.date(2027, 1, 10),
        ends_on=datetime.date(2027, 5, 30),
        stack=make_stack(cast.issuer, credentials),
        description="We meet on Tuesdays.",
    )
    facilitator = make_member(Role.EDUCATOR, cast.school, email="facilitator@test.org")
    for person, role in ((facilitator, "facilitator"), (cast.educator, "member")):
        invitation = services.cohort_invite(
            cohort=cohort, person=person, by=cast.district_admin, role=role
        )
        services.cohort_invitation_respond(membership=invitation, by=person, accept=True)
    services.cohort_join_by_code(user=cast.colleague, code=cohort.join_code)
    services.cohort_invite(cohort=cohort, person=cast.other_educator, by=cast.district_admin)
    return CohortWorld(cohort=cohort, facilitator=facilitator, credentials=credentials)


@pytest.fixture
def world(cast: Cast, settings) -> CohortWorld:
    settings.SITE_URL = "http://testserver"
    return make_cohort_world(cast)
