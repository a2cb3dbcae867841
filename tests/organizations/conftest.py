"""Organization fixtures: the issuer's published micro-credentials. Attempts moved through the
real services (attempt, make_credential) are built by tests/support/."""

import pytest

from tests.support.credentials import make_credential


@pytest.fixture
def credentials(cast):
    return [
        make_credential(cast.issuer, "formative-checks", pd_hours="10", ceus="1.0"),
        make_credential(cast.issuer, "exit-tickets", pd_hours="7.5", ceus="0.5"),
        make_credential(cast.issuer, "think-alouds", pd_hours="5"),
    ]
