"""Attempts through the real submission services: a draft with its file requirements, an
attempt taken as far as a given outcome, a complete attempt submitted for review, and a
processed artifact whose bytes are in the local evidence store."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from submissions import services
from submissions.models import Artifact
from tests.support.credentials import evidence_credential


@dataclass
class Draft:
    submission: object
    video: object
    audio: object
    document: object
    photo: object
    anything: object


def evidence_draft(cast) -> Draft:
    """The educator's draft attempt and its five file requirements."""
    credential = evidence_credential(cast.issuer)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    by_title = {r.title: r for r in submission.version.requirements.all()}
    return Draft(
        submission,
        by_title["Video"],
        by_title["Audio"],
        by_title["Document"],
        by_title["Photo"],
        by_title["Anything"],
    )


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
        # Saved, not updated: the rollups read the decision's date (reporting.outcomes).
        submission.decided_at, submission.submitted_at = when, when - timedelta(days=3)
        submission.save(update_fields=["decided_at", "submitted_at"])
    submission.refresh_from_db()
    return submission


def draft_ready_to_submit(educator, credential):
    """The educator's draft with every required text written."""
    submission = services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.filter(kind="text", required=True):
        services.response_save(
            submission=submission, requirement=requirement, text="We check often.", by=educator
        )
    return submission


def submit(educator, credential, words="We checked understanding every day"):
    """A complete attempt by `educator`, submitted for review."""
    submission = services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.all():
        if requirement.kind == "text" and requirement.required:
            services.response_save(
                submission=submission, requirement=requirement, text=words, by=educator
            )
        elif requirement.kind == "artifact" and requirement.required:
            ready_artifact(submission, requirement)
    return services.submission_submit(submission=submission, by=educator)


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
