"""Recognition fixtures: a state board serving the cast's state, a rule for a published
micro-credential, and a badge the cast's educator earned through the real services."""

import pytest

from tests.support.badges import SITE
from tests.support.credentials import make_credential
from tests.support.factories import UserFactory
from tests.support.recognition import earn_badge, make_body, make_rule


@pytest.fixture(autouse=True)
def _site_url(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    from badges import images

    images._class_cache.clear()


@pytest.fixture
def approver(cast):
    return UserFactory(email="approver@test.org")


@pytest.fixture
def board(cast, approver):
    return make_body(applies_to=cast.state, organization=cast.state, approvers=[approver])


@pytest.fixture
def credential(cast):
    return make_credential(cast.issuer, "formative-checks", pd_hours="10")


@pytest.fixture
def rule(board, credential):
    return make_rule(board, credential=credential, amount="10", unit="hours")


@pytest.fixture
def badge(cast, credential):
    return earn_badge(cast.educator, credential, cast.reviewer)
