"""Fixtures of the reporting tests; some shared with the organization tests
(tests/organizations/conftest.py)."""

import pytest

from tests.organizations.conftest import credentials  # noqa: F401  (fixture)
from tests.support.submissions import attempt


@pytest.fixture
def activity(cast, credentials):  # noqa: F811  (the fixture imported above)
    """Attempts of three people on the three credentials: passes (one 400 days ago), a draft, a
    not yet, one in review."""
    formative, exit_tickets, think_alouds = credentials
    attempt(cast, cast.educator, formative, "passed", decided_days_ago=10)
    attempt(cast, cast.educator, exit_tickets, "passed", decided_days_ago=400)
    attempt(cast, cast.educator, think_alouds, "draft")
    attempt(cast, cast.colleague, formative, "not_yet", decided_days_ago=5)
    attempt(cast, cast.colleague, exit_tickets, "in_review")
    attempt(cast, cast.other_educator, formative, "passed", decided_days_ago=3)
    return credentials
