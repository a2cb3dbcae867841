"""Badge fixtures: a passed submission (through the real submission services), its badge,
issuer staff, and helpers that read our own documents back."""

import json
from typing import Any

import pytest
from django.test import Client

from badges import services
from badges.ob3 import verify
from credentials.models import Stack, StackItem
from organizations.models import Role
from organizations.services import membership_grant
from submissions import services as submission_services
from submissions.models import Submission
from tests.factories import UserFactory
from tests.submissions.factories import published_credential

SITE = "http://testserver"


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


def pass_submission(educator, credential, reviewer) -> Submission:
    """Start, answer every required text requirement, submit, claim and pass."""
    submission = submission_services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.filter(kind="text", required=True):
        submission_services.response_save(
            submission=submission, requirement=requirement, text="We checked often.", by=educator
        )
    submission_services.submission_submit(submission=submission, by=educator)
    submission_services.submission_claimed(submission=submission, by=reviewer)
    return submission_services.submission_decided(submission=submission, passed=True, by=reviewer)


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
    from tests.factories import make_org

    other = make_org(Organization.Kind.ISSUER, "Other Issuer")
    user = UserFactory(email="otherstaff@test.org")
    membership_grant(user=user, organization=other, role=Role.ISSUER_STAFF)
    return user


def make_stack(issuer, credentials, slug="assessment-stack") -> Stack:
    stack = Stack.objects.create(
        slug=slug, title="Assessment stack", issuer=issuer, status=Stack.Status.PUBLISHED
    )
    for position, credential in enumerate(credentials):
        StackItem.objects.create(stack=stack, credential=credential, position=position)
    return stack


def get_json(client: Client, url: str, status: int = 200) -> dict[str, Any]:
    response = client.get(url, HTTP_ACCEPT="application/ld+json")
    assert response.status_code == status, response.content[:500]
    return json.loads(response.content)


def key_resolver_via_profile(client: Client):
    """Resolve a verificationMethod the way an outside verifier would: fetch the issuer
    profile at the URL before '#', find the Multikey with that id, check its controller."""

    def resolve(verification_method: str) -> bytes:
        profile_url, _, _fragment = verification_method.partition("#")
        assert profile_url.startswith(SITE)
        profile = get_json(client, profile_url[len(SITE) :])
        for method in profile["verificationMethod"]:
            if method["id"] == verification_method:
                assert method["controller"] == profile["id"] == profile_url
                assert method["type"] == "Multikey"
                return verify.public_key_from_multikey(method["publicKeyMultibase"])
        raise LookupError(f"{verification_method} is not in the issuer profile")

    return resolve


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    return url[len(SITE) :]
