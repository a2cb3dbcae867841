"""Recovery for real: a `celery beat` process starts the sweepers on its own schedule and a real
worker runs them against Redis: an artifact whose processing message was lost becomes ready, and
a kept email whose message was lost goes out. Nothing is called from the test; only the
intervals are shortened (TEST_BEAT_SECONDS, EVIDENCE_PROCESSING_STALE_SECONDS)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from common.models import DeferredTask
from submissions.models import Artifact, ArtifactEvent, Submission
from submissions.notifications import submission_email_received_task
from tests.support.storage import s3_worker_env
from tests.support.uploads import upload
from tests.support.worker import Beat, wait_for_status

pytestmark = [pytest.mark.worker, pytest.mark.s3]
SWEEP = "submissions-artifacts-sweep"
KEPT = "common-send-deferred-tasks"


def test_beat_sweeps_a_lost_processing_message_until_the_artifact_is_ready(
    draft, s3_media, worker, video_file, tmp_path
):
    artifact = upload(draft, draft.video, video_file)
    # Processing started and its message was lost (a broker restart): nothing will run it.
    Artifact.objects.filter(pk=artifact.pk).update(
        status=Artifact.Status.PROCESSING, updated_at=timezone.now() - timedelta(minutes=5)
    )
    env = {**s3_worker_env(s3_media), "EVIDENCE_PROCESSING_STALE_SECONDS": "2"}
    worker.start(**env)
    beat_env = {**worker.env, **env, "TEST_BEAT_ONLY": SWEEP, "TEST_BEAT_SECONDS": "2"}

    with Beat(beat_env, tmp_path) as beat:
        # The bound: a beat interval, the stale time, and one processing of a 3 s video.
        wait_for_status(artifact, {Artifact.Status.READY, Artifact.Status.FAILED}, timeout=120)

    assert artifact.status == Artifact.Status.READY, artifact.failure_reason
    assert beat.sent(SWEEP) >= 1
    # The sweeper, not anything else, put it back in the queue.
    requeued = ArtifactEvent.objects.filter(
        artifact=artifact, from_status="processing", to_status="processing"
    )
    assert requeued.exists()
    assert sorted(s3_media.keys()) == sorted(
        [artifact.storage_key, artifact.poster_key, artifact.rendition_key]
    )


def test_beat_sends_a_lost_kept_message_again_and_the_email_goes_out(draft, worker, tmp_path):
    """A kept message (an email no sweeper would redo) whose Redis copy was lost: beat's
    common-send-deferred-tasks sends it again from the database, the worker sends the email,
    and the kept row goes."""
    submission = draft.submission
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    kept = DeferredTask.objects.create(
        task_name=submission_email_received_task.name,
        args=[submission.pk],
        due_at=timezone.now(),  # overdue: its message never ran
    )
    outbox = tmp_path / "emails"
    outbox.mkdir()
    worker.start(TEST_EMAIL_FILE_PATH=str(outbox))
    beat_env = {**worker.env, "TEST_BEAT_ONLY": KEPT, "TEST_BEAT_SECONDS": "2"}

    with Beat(beat_env, tmp_path) as beat:
        _wait_until(lambda: not DeferredTask.objects.filter(pk=kept.pk).exists())

    assert beat.sent(KEPT) >= 1
    emails = [path.read_text() for path in outbox.iterdir()]
    assert len(emails) == 1
    assert "To: educator@test.org" in emails[0]
    assert "We received your submission" in emails[0]
    submission.refresh_from_db()
    assert submission.received_email_sent_at is not None


def _wait_until(condition, seconds=120.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.2)
