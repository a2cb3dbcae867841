"""Large evidence uploaded in parts to the moto S3 server (as `make stack` runs it) reads back
and processes; a checksum that does not match is a failure with a reason after a few tries,
never an endless "storage is away"."""

import hashlib

import pytest
from botocore.config import Config

from submissions import artifact_processing, artifacts, media
from submissions.models import Artifact
from tests.support.media_files import make_text
from tests.support.uploads import upload

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

MB = 1024 * 1024


@pytest.fixture(scope="session")
def notes_55mb(tmp_path_factory):
    """55 MB: seven or more 8 MB parts through boto3's transfer manager (a real multipart)."""
    return make_text(tmp_path_factory.mktemp("large") / "notes.txt", size=55 * MB)


def _use_checksums(settings, mode: str) -> None:
    """The evidence storage's client with botocore's checksums as S3_CHECKSUMS sets them."""
    default = settings.STORAGES["default"]
    config = Config(
        s3={"addressing_style": "path"},
        signature_version="s3v4",
        retries={"max_attempts": 1, "mode": "standard"},
        request_checksum_calculation=mode,
        response_checksum_validation=mode,
    )
    options = {**default["OPTIONS"], "client_config": config}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}


def _uploaded_in_parts(draft, path) -> Artifact:
    artifact = upload(draft, draft.anything, path)  # boto3's upload_file: 8 MB parts
    artifacts.artifact_uploaded(artifact=artifact)  # eager: the on-commit task is not run here
    return artifact


def test_large_evidence_uploaded_in_parts_processes_with_the_stack_settings(
    draft, s3_media, settings, notes_55mb
):
    _use_checksums(settings, "when_required")
    artifact = _uploaded_in_parts(draft, notes_55mb)
    head = s3_media.client.head_object(Bucket=s3_media.bucket, Key=artifact.storage_key)
    assert int(head["ETag"].strip('"').rsplit("-", 1)[1]) >= 7  # really stored in parts

    artifact_processing.artifact_process(artifact_id=artifact.pk)

    artifact.refresh_from_db()
    assert artifact.status == "ready", artifact.failure_reason
    assert (artifact.detected_kind, artifact.size) == ("document", notes_55mb.stat().st_size)
    assert artifact.sha256 == hashlib.sha256(notes_55mb.read_bytes()).hexdigest()


def test_a_checksum_mismatch_fails_the_artifact_after_a_few_tries(
    draft, s3_media, settings, notes_55mb
):
    # botocore's defaults against moto: the multipart object's checksum, as moto reports it,
    # never matches the bytes. Storage answers every time: this is not an outage.
    _use_checksums(settings, "when_supported")
    artifact = _uploaded_in_parts(draft, notes_55mb)
    tries = settings.EVIDENCE_PROCESSING_CHECKSUM_TRIES
    for _ in range(tries - 1):
        with pytest.raises(media.ChecksumMismatch):
            artifact_processing.artifact_process(artifact_id=artifact.pk)
        artifact.refresh_from_db()
        assert artifact.status == "processing"

    artifact_processing.artifact_process(artifact_id=artifact.pk)  # the last try

    artifact.refresh_from_db()
    assert (artifact.status, artifact.processing_attempts) == ("failed", tries)
    assert artifact.failure_reason == artifact_processing.CHECKSUM_MISMATCH
    assert artifact.failure_reason != artifact_processing.STORAGE_DOWN
    artifact_processing.artifact_process(artifact_id=artifact.pk)  # a late message: nothing
    assert Artifact.objects.get(pk=artifact.pk).status == "failed"
