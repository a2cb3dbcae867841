"""Processing whose worker died is found within minutes, not after the hour-long time limit: a
run beats (touches its artifact) while it lasts, the sweeper runs every minute and queues again
a run that fell silent, and the educator's page offers Retry meanwhile. (The kill itself, with
a real worker: tests/faults/test_worker_killed.py.)"""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from submissions import artifact_processing, artifact_sweeper, artifacts
from submissions.models import Artifact
from tests.support.uploads import upload

pytestmark = pytest.mark.django_db


def _processing(draft, video_file, **fields):
    artifact = upload(draft, draft.video, video_file)
    artifacts.artifact_uploaded(artifact=artifact)  # its on-commit task is not run here
    Artifact.objects.filter(pk=artifact.pk).update(**fields)
    artifact.refresh_from_db()
    return artifact


def test_the_schedule_recovers_a_killed_worker_within_five_minutes():
    # Production's numbers: silent past SILENT seconds, then the next sweep (every minute).
    sweep = django_settings.CELERY_BEAT_SCHEDULE["submissions-processing-sweep"]["schedule"]
    bound = django_settings.EVIDENCE_PROCESSING_SILENT_SECONDS + sweep.total_seconds()
    assert bound <= 5 * 60 - 60  # a minute left for the next worker to pick the message up
    silent = django_settings.EVIDENCE_PROCESSING_SILENT_SECONDS
    assert silent >= 3 * django_settings.EVIDENCE_PROCESSING_HEARTBEAT_SECONDS
    # Redis must never hand out a message whose run may still be going.
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > django_settings.EVIDENCE_PROCESSING_TIME_LIMIT


def test_a_run_that_fell_silent_is_queued_again_within_three_sweeps(draft, local_media, video_file):
    last_beat = timezone.now()
    artifact = _processing(draft, video_file, processing_started_at=last_beat, updated_at=last_beat)
    sweeps = 0
    for minute in range(1, 11):  # one sweep a minute after the worker died
        sweeps += 1
        moment = last_beat + timedelta(minutes=minute)
        report = artifact_sweeper.artifacts_sweep(now=moment, uploads=False)
        if report.requeued:
            break
    assert report.requeued == [artifact.pk]
    assert sweeps <= 3  # three minutes, where the sweeper waited an hour before
    artifact.refresh_from_db()
    assert (artifact.status, artifact.processing_started_at) == ("processing", None)


def test_a_message_waiting_in_the_queue_is_not_copied_every_minute(draft, local_media, video_file):
    # Never started (a busy queue): only the lost-message bound applies, not the heartbeat's.
    artifact = _processing(draft, video_file, processing_started_at=None)
    later = timezone.now() + timedelta(seconds=django_settings.EVIDENCE_PROCESSING_SILENT_SECONDS)
    assert artifact_sweeper.artifacts_sweep(now=later + timedelta(minutes=5)).requeued == []
    lost = timezone.now() + timedelta(seconds=django_settings.EVIDENCE_PROCESSING_STALE_SECONDS)
    assert artifact_sweeper.artifacts_sweep(now=lost + timedelta(minutes=1)).requeued == [
        artifact.pk
    ]


def test_a_copy_of_the_message_does_not_start_a_second_run(draft, local_media, video_file):
    # A run started and beats: the sweeper's or the broker's copy must not run it twice.
    artifact = _processing(
        draft, video_file, processing_started_at=timezone.now(), processing_attempts=1
    )
    artifact_processing.artifact_process(artifact_id=artifact.pk)
    artifact.refresh_from_db()
    assert (artifact.status, artifact.processing_attempts) == ("processing", 1)


@pytest.mark.django_db(transaction=True)
def test_a_run_beats_while_it_lasts(draft, local_media, video_file, settings):
    import time

    settings.EVIDENCE_PROCESSING_HEARTBEAT_SECONDS = 0.05
    started = timezone.now() - timedelta(minutes=10)
    # Committed (eager tasks processed it): put it back in the middle of a run.
    artifact = _processing(
        draft, video_file, status="processing", processing_started_at=started, updated_at=started
    )
    with artifact_processing._heartbeat(artifact.pk):
        deadline = time.monotonic() + 30
        while Artifact.objects.get(pk=artifact.pk).updated_at == started:
            assert time.monotonic() < deadline, "the run never beat"
            time.sleep(0.02)
    assert not Artifact.objects.get(pk=artifact.pk).processing_stuck


def test_the_page_offers_retry_for_stuck_processing_and_retry_processes_it(
    draft, cast, client, local_media, video_file, django_capture_on_commit_callbacks
):
    silent = timezone.now() - timedelta(minutes=3)
    artifact = _processing(draft, video_file, processing_started_at=silent, updated_at=silent)
    client.force_login(cast.educator)
    status = reverse("submissions:artifact_status", args=[artifact.public_id])
    page = client.get(status)
    assert b"data-stuck" in page.content and b"Retry" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:artifact_retry", args=[artifact.public_id]))
    assert response.status_code == 200
    artifact.refresh_from_db()
    assert artifact.status == "ready", artifact.failure_reason


def test_no_retry_while_processing_is_alive(
    draft, cast, client, local_media, video_file, django_capture_on_commit_callbacks
):
    artifact = _processing(draft, video_file, processing_started_at=timezone.now())
    client.force_login(cast.educator)
    page = client.get(reverse("submissions:artifact_status", args=[artifact.public_id]))
    assert b"Retry" not in page.content and b"data-stuck" not in page.content
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.post(reverse("submissions:artifact_retry", args=[artifact.public_id]))
    assert queued == []  # nothing sent: the live run goes on
    assert artifact.events.filter(from_status="processing").count() == 0


def test_the_api_says_when_retry_is_allowed_and_retries_stuck_processing(
    draft, cast, client, local_media, video_file, django_capture_on_commit_callbacks
):
    silent = timezone.now() - timedelta(minutes=3)
    artifact = _processing(draft, video_file, processing_started_at=silent, updated_at=silent)
    client.force_login(cast.educator)
    detail = client.get(reverse("api-artifact", args=[artifact.public_id])).json()
    assert (detail["status"], detail["retry_allowed"]) == ("processing", True)

    retry = reverse("api-artifact-retry", args=[artifact.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response.status_code == 200, response.content
    after = client.get(reverse("api-artifact", args=[artifact.public_id])).json()
    assert (after["status"], after["retry_allowed"]) == ("ready", False)
    again = client.post(retry)
    assert again.status_code == 409 and "Nothing to retry" in again.json()["detail"]


def test_the_api_retries_nothing_that_is_alive_or_not_the_callers(
    draft, cast, client, local_media, video_file
):
    artifact = _processing(draft, video_file, processing_started_at=timezone.now())
    retry = reverse("api-artifact-retry", args=[artifact.public_id])
    client.force_login(cast.educator)
    assert (
        client.get(reverse("api-artifact", args=[artifact.public_id])).json()["retry_allowed"]
        is False
    )
    assert client.post(retry).status_code == 409
    Artifact.objects.filter(pk=artifact.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    client.force_login(cast.colleague)  # stuck, but not theirs
    assert client.post(retry).status_code == 404
    assert artifact.events.filter(from_status="processing").count() == 0
