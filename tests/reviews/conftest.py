"""Review fixtures: a qualified reviewer, submitted submissions, scoring helpers."""

from decimal import Decimal

import pytest

from credentials.models import RubricLevel
from organizations.models import Role
from organizations.services import membership_grant
from reviews import services
from reviews.models import ReviewPolicy
from submissions import services as submission_services
from submissions.models import Artifact
from tests.factories import UserFactory
from tests.submissions.factories import published_credential


def submit(educator, credential, words="We checked understanding every day"):
    """A complete attempt by `educator`, submitted for review."""
    submission = submission_services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.all():
        if requirement.kind == "text" and requirement.required:
            submission_services.response_save(
                submission=submission, requirement=requirement, text=words, by=educator
            )
        elif requirement.kind == "artifact" and requirement.required:
            ready_artifact(submission, requirement)
    return submission_services.submission_submit(submission=submission, by=educator)


def ready_artifact(submission, requirement, *, filename="lesson.mp4", kind="video", body=None):
    """A processed artifact whose bytes (and playable copy) are in the local evidence store."""
    from submissions.media import local_store

    key = f"evidence/{submission.public_id}/{requirement.public_id}/{filename}"
    artifact = Artifact.objects.create(
        submission=submission,
        requirement=requirement,
        filename=filename,
        storage_key=key,
        status=Artifact.Status.READY,
        detected_kind=kind,
        content_type="video/mp4" if kind == "video" else "application/pdf",
        size=4,
        duration_seconds=3.0 if kind == "video" else None,
        rendition_key=key if kind in ("video", "audio") else "",
    )
    path = local_store().path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body or b"\x00\x00\x00\x18ftypmp42")
    return artifact


def levels(version):
    """criterion title -> (the failing level, the passing level)."""
    result = {}
    for criterion in version.criteria.all():
        ordered = list(RubricLevel.objects.filter(criterion=criterion).order_by("position"))
        result[criterion.title] = (
            next(level for level in ordered if not level.passing),
            next(level for level in ordered if level.passing),
        )
    return result


def scores(version, *, failing=(), feedback="Show the exit tickets you used."):
    """ScoreInputs: passing everywhere except the criteria titled in `failing`."""
    by_title = levels(version)
    result = []
    for criterion in version.criteria.all():
        fail, ok = by_title[criterion.title]
        level = fail if criterion.title in failing else ok
        result.append(services.ScoreInput(criterion, level, feedback))
    return result


def complete(review, by, *, failing=(), feedback="Overall: good start."):
    version = review.submission.version
    return services.review_complete(
        review=review, by=by, scores=scores(version, failing=failing), feedback=feedback
    )


def set_policy(issuer, **fields):
    policy, _ = ReviewPolicy.objects.update_or_create(issuer=issuer, defaults=fields)
    return policy


def make_reviewer(issuer, credential, **kwargs):
    user = UserFactory(**kwargs)
    membership_grant(user=user, organization=issuer, role=Role.REVIEWER)
    services.reviewer_designate(reviewer=user, credential=credential, by=None)
    return user


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
