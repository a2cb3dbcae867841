"""Recovery for real: a `celery beat` process starts the artifact sweeper on its own schedule, a
real worker runs it against Redis, and an artifact whose processing message was lost becomes
ready. Nothing is called from the test; only the intervals are shortened (TEST_BEAT_SECONDS,
EVIDENCE_PROCESSING_STALE_SECONDS)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.models import Artifact, ArtifactEvent
from tests.support.storage import s3_worker_env
from tests.support.uploads import upload
from tests.support.worker import Beat, wait_for_status

pytestmark = [pytest.mark.worker, pytest.mark.s3]
SWEEP = "submissions-artifacts-sweep"


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
