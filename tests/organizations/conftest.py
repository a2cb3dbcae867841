"""Helpers for the organization, roster and reporting tests (and others that need attempts):
real submissions moved through the real services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from credentials.models import MicroCredentialVersion
from submissions import services
from submissions.models import Submission
from tests.submissions.factories import published_credential


def make_credential(issuer, slug, pd_hours="10", ceus=None):
    credential = published_credential(issuer, slug, with_artifact=False)
    MicroCredentialVersion.objects.filter(pk=credential.published_version_id).update(
        pd_hours=Decimal(pd_hours), ceus=Decimal(ceus) if ceus is not None else None
    )
    credential.refresh_from_db()
    return credential


def attempt(cast, educator, credential, outcome="draft", decided_days_ago=None):
    """One attempt taken as far as `outcome`: draft, submitted, in_review, passed, not_yet."""
    submission = services.submission_start(educator=educator, credential=credential)
    if outcome == "draft":
        return submission
    for requirement in submission.version.requirements.filter(kind="text"):
        services.response_save(
            submission=submission, requirement=requirement, text="We checked.", by=educator
        )
    services.submission_submit(submission=submission, by=educator)
    if outcome == "submitted":
        return submission
    services.submission_claimed(submission=submission, by=cast.reviewer)
    if outcome == "in_review":
        return submission
    services.submission_decided(submission=submission, passed=outcome == "passed", by=cast.reviewer)
    if decided_days_ago is not None:
        when = timezone.now() - timedelta(days=decided_days_ago)
        Submission.objects.filter(pk=submission.pk).update(
            decided_at=when, submitted_at=when - timedelta(days=3)
        )
    submission.refresh_from_db()
    return submission


@pytest.fixture
def credentials(cast):
    return [
        make_credential(cast.issuer, "formative-checks", pd_hours="10", ceus="1.0"),
        make_credential(cast.issuer, "exit-tickets", pd_hours="7.5", ceus="0.5"),
        make_credential(cast.issuer, "think-alouds", pd_hours="5"),
    ]
