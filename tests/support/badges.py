"""Badges: a passed submission through the real submission services, and our own documents
read back as an outside verifier would."""

import json
from typing import Any

from django.test import Client

from badges.ob3 import verify
from submissions import services as submission_services
from submissions.models import Submission

SITE = "http://testserver"


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
