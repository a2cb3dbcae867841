"""Review fixtures: a qualified reviewer, a submitted submission, issuer staff. The builders
(submit, scores, complete, set_policy, make_reviewer...) are in tests/support/."""

from decimal import Decimal

import pytest

from organizations.models import Role
from organizations.services import membership_grant
from reviews import services
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.reviews import set_policy
from tests.support.submissions import submit


@pytest.fixture
def credential(cast):
    """Written responses in parts 1 and 3, a video in part 2, two criteria."""
    return published_credential(cast.issuer)


@pytest.fixture
def qualified(cast, credential):
    """cast.reviewer, designated for the credential (no second review unless a test asks)."""
    services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    set_policy(cast.issuer, second_review_rate=Decimal("0"))
    return cast.reviewer


@pytest.fixture
def submitted(cast, credential, qualified):
    return submit(cast.educator, credential)


@pytest.fixture
def issuer_staff(cast):
    user = UserFactory(email="issuerstaff@test.org")
    membership_grant(user=user, organization=cast.issuer, role=Role.ISSUER_STAFF)
    return user
