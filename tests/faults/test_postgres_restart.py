"""PostgreSQL restarts in the middle of a journey (a private cluster; never the shared one):
requests meanwhile get the clear 503, the next requests work, and the worker that was
processing the educator's video reconnects and finishes it, once."""

import json

import psycopg
import pytest
from django.db import connection

from submissions import artifacts, media
from tests.support.credentials import published_credential
from tests.support.faults import Visitor, assert_outage, wait_until
from tests.support.submissions import draft_ready_to_submit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _artifact_row(dsn: str, artifact_id: int) -> dict:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT status, processing_attempts, rendition_key, poster_key, failure_reason "
            "FROM submissions_artifact WHERE id = %s",
            [artifact_id],
        ).fetchone()
    assert row is not None
    return dict(zip(["status", "attempts", "rendition", "poster", "failure"], row, strict=True))


def test_a_postgres_restart_mid_journey_answers_503_then_recovers(
    app_factory, private_postgres, cast, slow_fault_video
):
    credential = published_credential(cast.issuer, "fault-video", with_artifact=True)
    submission = draft_ready_to_submit(cast.educator, credential)
    video = submission.version.requirements.get(title="Video")
    artifact = artifacts.artifact_create(
        submission=submission,
        requirement=video,
        filename="long-lesson.avi",
        size=slow_fault_video.stat().st_size,
        content_type="video/x-msvideo",
        by=cast.educator,
    )
    media.evidence_store().upload(slow_fault_video, artifact.storage_key, "video/x-msvideo")
    educator = Visitor("", cast.educator)  # signed in before the copy: the session goes too

    database = private_postgres.copy_of(connection.settings_dict["NAME"])
    dsn = private_postgres.dsn(database)
    app = app_factory(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{private_postgres.port}/{database}",
        DATABASE_NAME_OVERRIDE="",
        DATABASE_CONN_MAX_AGE="60",  # kept connections, as in production
    )
    educator.base = app.url
    app.worker.start()
    page = f"/submissions/{submission.public_id}/"
    assert educator.get(page).status_code == 200

    # The browser reports the upload done; the worker starts transcoding.
    done = educator.post(f"/submissions/artifacts/{artifact.public_id}/uploaded/")
    assert done.status_code == 200 and done.json()["status"] == "processing", done.text
    wait_until(lambda: app.worker.running("ffmpeg"), timeout=30, what="the transcode", app=app)

    private_postgres.stop()
    assert_outage(educator.get(page))
    assert_outage(educator.get(f"/submissions/artifacts/{artifact.public_id}/status/"))
    assert_outage(educator.get(f"/api/v1/artifacts/{artifact.public_id}/"))
    response = submission.version.requirements.get(title="Context")
    assert_outage(
        educator.post(
            f"/submissions/{submission.public_id}/responses/{response.public_id}/",
            {"text": "Written while the database was away."},
            headers={"Accept": "application/json"},
        )
    )
    private_postgres.start()

    # The next request works; the worker reconnects and finishes the video.
    assert educator.get(page).status_code == 200
    row = wait_until(
        lambda: (r := _artifact_row(dsn, artifact.pk))["status"] in ("ready", "failed") and r,
        timeout=90,
        what="processing to end",
        app=app,
    )
    assert row["status"] == "ready", (row, app.worker_log()[-3000:])
    assert row["attempts"] >= 2, "the run that met the restart was not the one that finished"
    folder = media.local_store().path(artifact.storage_key).parent
    derived = sorted(p.name for p in (folder / "derived").iterdir())
    assert derived == ["poster.jpg", "rendition.mp4"]  # one rendition, whatever the reruns

    # A restart between two requests: the kept connection is checked, not used broken.
    private_postgres.restart()
    status = educator.get(f"/submissions/artifacts/{artifact.public_id}/status/")
    assert status.status_code == 200 and 'data-status="ready"' in status.text, status.text[:500]
    submitted = educator.post(f"/submissions/{submission.public_id}/submit/", {"confirm": "1"})
    assert submitted.status_code == 302, submitted.text[:2000]
    with psycopg.connect(dsn) as conn:
        state = conn.execute(
            "SELECT status FROM submissions_submission WHERE id = %s", [submission.pk]
        ).fetchone()
    assert state == ("submitted",)
    assert json.loads(educator.get(f"/api/v1/artifacts/{artifact.public_id}/").text)["status"] == (
        "ready"
    )
