"""S3 refuses connections during the educator's upload and during processing: the upload
pages say so in words, the artifact waits (uploading, then processing) instead of failing,
and everything completes once S3 is back, with one rendition. (Processing that gives up after
its retries, and the Retry button, are in tests/submissions/test_artifacts_processing.py.)"""

import contextlib
import socket

import pytest
from django.test import Client

from submissions.models import Artifact
from tests.support.credentials import published_credential
from tests.support.faults import Visitor, assert_clear, wait_until
from tests.support.storage import Relay
from tests.support.submissions import draft_ready_to_submit
from tests.support.uploads import Browser

pytestmark = [
    pytest.mark.worker,
    pytest.mark.s3,
    pytest.mark.django_db(transaction=True),
]


class Outage(Relay):
    """The relay, able to go down after it was up: a blocked accept() does not notice its
    socket closing in another thread, so the listener is shut down first."""

    def down(self):
        if self.listener is not None:
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
        return super().down()


@pytest.fixture
def relay(s3_endpoint):
    """S3 as the app and the browser reach it, through a relay that can refuse connections."""
    relay = Outage(s3_endpoint).up()
    yield relay
    relay.down()


def test_s3_refusing_connections_delays_the_upload_and_its_processing(
    app_factory, cast, relay, s3_buckets, s3_endpoint, fault_video
):
    from tests.support.storage import s3_client

    credential = published_credential(cast.issuer, "fault-s3", with_artifact=True)
    submission = draft_ready_to_submit(cast.educator, credential)
    video = submission.version.requirements.get(title="Video")
    app = app_factory(
        TEST_USE_S3="1",
        TEST_S3_ENDPOINT_URL=relay.url,
        TEST_S3_BUCKET=s3_buckets["private"],
        TEST_S3_PUBLIC_BUCKET=s3_buckets["public"],
    )
    browser = Browser(app.url, Client(), cast.educator)
    educator = Visitor(app.url, cast.educator)
    data = fault_video.read_bytes()

    # The browser's multipart upload to S3 goes through while S3 answers...
    created = browser.create(submission, video, "lesson.mp4", len(data), "video/mp4")
    assert created.status_code == 201, created.text
    upload = created.json()
    upload_id = browser.start_upload(upload)
    browser.complete(upload, upload_id, {1: browser.put_part(upload, upload_id, 1, data)})

    # ...then S3 refuses connections before the page reports the upload done.
    relay.down()
    reported = browser.uploaded(upload)
    assert_clear(reported)
    assert reported.status_code == 503 and "storage" in reported.json()["error"]
    page = educator.get(f"/submissions/{submission.public_id}/")
    assert_clear(page, 200)
    artifact = Artifact.objects.get(public_id=upload["id"])
    assert artifact.status == "uploading"  # kept, to be checked again

    relay.up()
    reported = browser.uploaded(upload)
    assert reported.status_code == 200 and reported.json()["status"] == "processing"

    # S3 is away again when the worker starts: processing waits and retries, never fails.
    relay.down()
    app.worker.start(
        TEST_USE_S3="1",
        TEST_S3_ENDPOINT_URL=relay.url,
        TEST_S3_BUCKET=s3_buckets["private"],
        TEST_S3_PUBLIC_BUCKET=s3_buckets["public"],
    )
    app.wait_for_log("storage unavailable", timeout=60)
    status = educator.get(f"/submissions/artifacts/{artifact.public_id}/status/")
    assert_clear(status, 200)
    assert 'data-status="processing"' in status.text

    relay.up()
    artifact = wait_until(
        lambda: Artifact.objects.filter(pk=artifact.pk, status__in=["ready", "failed"]).first(),
        timeout=90,
        what="processing to end",
        app=app,
    )
    assert artifact.status == "ready", artifact.failure_reason
    # The run that met the outage does not count (ADR 0011: an outage is no fault of the
    # file); the run after it does.
    assert artifact.processing_attempts == 1
    listing = s3_client(s3_endpoint).list_objects_v2(Bucket=s3_buckets["private"])
    folder = artifact.storage_key.rsplit("/", 1)[0]
    assert sorted(item["Key"] for item in listing["Contents"]) == sorted(
        [artifact.storage_key, f"{folder}/derived/poster.jpg", f"{folder}/derived/rendition.mp4"]
    )
    status = educator.get(f"/submissions/artifacts/{artifact.public_id}/status/")
    assert 'data-status="ready"' in status.text
