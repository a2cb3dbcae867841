"""Badge fixtures: a passed submission (through the real submission services), its badge and
issuer staff. The builders and the readers of our own documents are in tests/support/badges.py."""

import pytest

from badges import services
from organizations.models import Role
from organizations.services import membership_grant
from submissions.models import Submission
from tests.support.badges import SITE, pass_submission
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory


@pytest.fixture(autouse=True)
def _site_url(settings, tmp_path):
    # Ids in documents must match what the test client resolves; images go to a temp dir.
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
def credential(cast):
    return published_credential(cast.issuer, "formative-checks", with_artifact=False)


@pytest.fixture
def passed(cast, credential) -> Submission:
    return pass_submission(cast.educator, credential, cast.reviewer)


@pytest.fixture
def badge(passed):
    return services.badge_award(submission=passed)


@pytest.fixture
def issuer_staff(cast):
    user = UserFactory(email="issuerstaff@test.org")
    membership_grant(user=user, organization=cast.issuer, role=Role.ISSUER_STAFF)
    return user


@pytest.fixture
def other_issuer_staff(cast):
    from organizations.models import Organization
    from tests.support.factories import make_org

    other = make_org(Organization.Kind.ISSUER, "Other Issuer")
    user = UserFactory(email="otherstaff@test.org")
    membership_grant(user=user, organization=other, role=Role.ISSUER_STAFF)
    return user
