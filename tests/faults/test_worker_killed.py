"""The worker is killed (SIGKILL, the machine went away) in the middle of issuing a badge or of
a transcode: the work completes exactly once, the transcode within minutes (its heartbeat
stops, the sweeper queues it again, the page offers Retry meanwhile)."""

import hashlib
import time

import psycopg
import pytest
from django.db import connection

from badges.models import Badge, BadgeEvent
from badges.services import badges_sweep
from reviews.models import Review
from submissions import artifact_sweeper, artifacts, services
from submissions.models import Artifact, Submission
from tests.support.faults import Visitor, review_and_pass, wait_until
from tests.support.storage import s3_worker_env
from tests.support.submissions import draft_ready_to_submit, evidence_draft
from tests.support.uploads import upload
from tests.support.worker import wait_for_status

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _dsn() -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker_waits_for_lock(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        # Only the worker can be waiting for a lock here (the text of its query is cut short).
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    ).fetchone()
    return bool(row and row[0])


def test_a_worker_killed_while_issuing_a_badge_issues_it_once_after_restart(
    app_factory, cast, text_credential, settings
):
    app = app_factory()
    submission = draft_ready_to_submit(cast.educator, text_credential)
    services.submission_submit(submission=submission, by=cast.educator)
    responses, _ = review_and_pass(Visitor(app.url, cast.reviewer), submission)
    assert responses[-1].status_code == 302  # passed; the issue task waits in Redis

    # Hold the submission's row lock so that the worker stops inside badge_award, then kill it.
    with psycopg.connect(_dsn()) as holder, psycopg.connect(_dsn(), autocommit=True) as watch:
        holder.execute(
            "SELECT id FROM submissions_submission WHERE id = %s FOR UPDATE", [submission.pk]
        )
        # Redis hands an unacknowledged message out again after 3 s instead of an hour.
        app.worker.start(TEST_VISIBILITY_TIMEOUT=3)
        wait_until(lambda: _worker_waits_for_lock(watch), timeout=60, what="the worker to issue")
        app.worker.kill()
        holder.rollback()
    assert not Badge.objects.filter(submission=submission).exists()

    # A new worker: Redis redelivers the unacknowledged message, and the sweeper queues the
    # issue again too. Both run; there is one badge, one "issued" event, one email sent.
    app.worker.start(TEST_VISIBILITY_TIMEOUT=3)
    settings.BADGES_SWEEP_GRACE_SECONDS = 0
    assert badges_sweep()["issues"] == 1
    app.wait_for_log("has badge", count=2, timeout=60)
    badges = Badge.objects.filter(submission=submission)
    assert badges.count() == 1
    badge = badges.get()
    assert BadgeEvent.objects.filter(badge=badge, action=BadgeEvent.Action.ISSUED).count() == 1
    wait_until(
        lambda: Badge.objects.filter(pk=badge.pk, issued_email_sent_at__isnull=False).exists(),
        what="the badge email",
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PASSED
    assert Review.objects.filter(submission=submission).count() == 1


# Production's heartbeat (30 s), silence (120 s) and sweep period (60 s), scaled to seconds.
HEARTBEAT, SILENT, SWEEP_PERIOD = 1, 3, 1


@pytest.mark.s3
def test_a_worker_killed_mid_transcode_is_processed_again_within_minutes(
    app_factory, cast, s3_media, slow_fault_video, settings
):
    beat = {
        "EVIDENCE_PROCESSING_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "EVIDENCE_PROCESSING_SILENT_SECONDS": str(SILENT),
    }
    settings.EVIDENCE_PROCESSING_SILENT_SECONDS = SILENT  # the sweeper and pages of this process
    app = app_factory(**beat)  # gunicorn's pages read the silence too
    app.worker.start(**s3_worker_env(s3_media), **beat)
    draft = evidence_draft(cast)
    artifact = upload(draft, draft.video, slow_fault_video)
    artifacts.artifact_uploaded(artifact=artifact)  # commits, then enqueues
    wait_until(
        lambda: app.worker.running("ffmpeg") or app.worker.running("ffprobe"),
        timeout=30,
        what="processing to start",
    )
    # Alive, the run beats: it is never taken as stuck however long the transcode takes.
    started = Artifact.objects.get(pk=artifact.pk).processing_started_at
    wait_until(
        lambda: Artifact.objects.get(pk=artifact.pk).updated_at > started,
        timeout=30,
        what="a heartbeat",
    )
    app.worker.kill()  # the whole machine went away, mid-transcode
    artifact.refresh_from_db()
    assert (artifact.status, artifact.processing_attempts) == ("processing", 1)
    app.worker.start(**s3_worker_env(s3_media), **beat)

    # One sweep per period: the silent run is queued again within SILENT / SWEEP_PERIOD + 2
    # sweeps (production: within 3 minutes, where the sweeper and Redis waited an hour). The
    # page offers Retry as soon as the run is taken as stuck.
    educator = Visitor(app.url, cast.educator)
    status_url = f"/submissions/artifacts/{artifact.public_id}/status/"
    sweeps, offered_retry = 0, False
    while True:
        if Artifact.objects.get(pk=artifact.pk).processing_stuck:
            page = educator.get(status_url)
            offered_retry = "data-stuck" in page.text and "Retry" in page.text
        sweeps += 1
        if artifact_sweeper.artifacts_sweep().requeued:
            break
        assert sweeps < SILENT // SWEEP_PERIOD + 2, "the silent run was never queued again"
        time.sleep(SWEEP_PERIOD)
    assert offered_retry

    artifact = wait_for_status(artifact, {"ready", "failed"}, timeout=90)
    assert artifact.status == "ready", artifact.failure_reason
    assert artifact.processing_attempts == 2  # the killed run and the one that finished
    folder = artifact.storage_key.rsplit("/", 1)[0]
    assert s3_media.keys() == sorted(
        [artifact.storage_key, f"{folder}/derived/poster.jpg", f"{folder}/derived/rendition.mp4"]
    )
    assert artifact.sha256 == hashlib.sha256(slow_fault_video.read_bytes()).hexdigest()
    assert artifact.events.filter(to_status="ready").count() == 1
