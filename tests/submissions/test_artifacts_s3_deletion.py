"""Deleting evidence on S3 (the moto server), as production does: retention and removal delete
the original and every derived file (poster, rendition, preview), and an abandoned or removed
upload's multipart upload is aborted, so none of its parts is left to pay for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions import artifact_sweeper, artifacts, evidence_removal
from submissions.models import Artifact, Submission
from tests.support.uploads import PART, process, upload

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


@pytest.fixture
def ready_video(draft, s3_media, video_file, django_capture_on_commit_callbacks):
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    return artifact


@pytest.fixture
def ready_photo(draft, s3_media, image_file, django_capture_on_commit_callbacks):
    artifact = process(upload(draft, draft.photo, image_file), django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    return artifact


def _derived(artifact):
    return [
        key for key in (artifact.poster_key, artifact.rendition_key, artifact.preview_key) if key
    ]


def _open_uploads(s3_media, key):
    listing = s3_media.client.list_multipart_uploads(Bucket=s3_media.bucket, Prefix=key)
    return listing.get("Uploads", [])


def _half_uploaded(draft, s3_media):
    """An upload the browser started and left: a multipart upload with one part on S3."""
    artifact = artifacts.artifact_create(
        submission=draft.submission,
        requirement=draft.video,
        filename="long-lesson.mp4",
        size=3 * PART,
        content_type="video/mp4",
        by=draft.submission.educator,
    )
    started = s3_media.client.create_multipart_upload(
        Bucket=s3_media.bucket, Key=artifact.storage_key
    )
    s3_media.client.upload_part(
        Bucket=s3_media.bucket,
        Key=artifact.storage_key,
        UploadId=started["UploadId"],
        PartNumber=1,
        Body=b"v" * PART,
    )
    assert len(_open_uploads(s3_media, artifact.storage_key)) == 1
    return artifact


def test_retention_deletes_the_original_and_every_derived_file_from_s3(
    draft, s3_media, ready_video, ready_photo
):
    derived = _derived(ready_video) + _derived(ready_photo)
    assert len(derived) >= 3  # the video's poster and rendition, the photo's preview
    stored = [ready_video.storage_key, ready_photo.storage_key, *derived]
    assert s3_media.keys() == sorted(stored)
    now = timezone.now()
    Submission.objects.filter(pk=draft.submission.pk).update(
        status="passed",
        decided_at=now - timedelta(days=400),
        retention_warned_at=now - timedelta(days=60),
    )

    report = evidence_removal.evidence_retention_run(now=now)

    assert report.deleted == [draft.submission.pk]
    assert s3_media.keys() == []
    assert not Artifact.objects.filter(submission=draft.submission, deleted_at=None).exists()


def test_removing_an_artifact_deletes_its_files_from_s3(
    draft, cast, s3_media, ready_video, ready_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence_removal.artifact_remove(artifact=ready_video, by=cast.educator)

    # The photo stays, whole; nothing of the video is left.
    assert s3_media.keys() == sorted([ready_photo.storage_key, *_derived(ready_photo)])


def test_the_sweeper_aborts_an_abandoned_uploads_multipart_upload(draft, s3_media, settings):
    artifact = _half_uploaded(draft, s3_media)
    idle = timedelta(hours=settings.EVIDENCE_UPLOAD_ABANDON_HOURS, minutes=1)
    Artifact.objects.filter(pk=artifact.pk).update(updated_at=timezone.now() - idle)

    report = artifact_sweeper.artifacts_sweep()

    assert report.abandoned == [artifact.pk]
    artifact.refresh_from_db()
    assert artifact.status == "failed" and "did not finish" in artifact.failure_reason
    assert _open_uploads(s3_media, artifact.storage_key) == []
    assert s3_media.keys() == []


def test_removing_an_unfinished_upload_aborts_it(
    draft, cast, s3_media, django_capture_on_commit_callbacks
):
    artifact = _half_uploaded(draft, s3_media)

    with django_capture_on_commit_callbacks(execute=True):
        evidence_removal.artifact_remove(artifact=artifact, by=cast.educator)

    assert _open_uploads(s3_media, artifact.storage_key) == []
    assert s3_media.keys() == []


def test_retention_aborts_an_upload_left_unfinished_in_a_decided_attempt(draft, s3_media):
    artifact = _half_uploaded(draft, s3_media)
    now = timezone.now()
    Submission.objects.filter(pk=draft.submission.pk).update(
        status="not_yet",
        decided_at=now - timedelta(days=400),
        retention_warned_at=now - timedelta(days=60),
    )

    evidence_removal.evidence_retention_run(now=now)

    assert _open_uploads(s3_media, artifact.storage_key) == []
