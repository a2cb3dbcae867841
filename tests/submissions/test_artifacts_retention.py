"""Retention (a warning, then deletion, keeping bytes a later attempt still uses) and the sweeper
(lost processing re-queued, abandoned uploads failed, unreported finished uploads picked up)."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from submissions import artifact_sweeper, artifacts, evidence_removal, media, services
from submissions.models import Artifact, Submission
from tests.support.uploads import process, upload

pytestmark = pytest.mark.django_db


def _decide(submission, status, days_ago, now):
    Submission.objects.filter(pk=submission.pk).update(
        status=status, decided_at=now - timedelta(days=days_ago)
    )
    submission.refresh_from_db()


@pytest.fixture
def ready_video(draft, local_media, video_file, django_capture_on_commit_callbacks):
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)
    assert artifact.status == "ready", artifact.failure_reason
    return artifact


def _stored(local_media, artifact):
    keys = [artifact.storage_key, artifact.poster_key, artifact.rendition_key]
    return [(local_media / key).exists() for key in keys]


def test_the_educator_is_warned_once_then_the_evidence_is_deleted(draft, ready_video, local_media):
    now = timezone.now()
    _decide(draft.submission, "passed", days_ago=340, now=now)

    first = evidence_removal.evidence_retention_run(now=now)
    again = evidence_removal.evidence_retention_run(now=now + timedelta(days=1))

    assert first.warned == [draft.submission.pk] and again.warned == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["educator@test.org"]
    assert "Classroom evidence" in message.subject and "will be deleted" in message.subject
    assert reverse("submissions:detail", args=[draft.submission.public_id]) in message.body
    assert _stored(local_media, ready_video) == [True, True, True]  # nothing deleted yet

    # A year after the decision, and 30 days after the warning: deleted.
    later = evidence_removal.evidence_retention_run(now=now + timedelta(days=30))
    assert later.deleted == [draft.submission.pk]
    assert _stored(local_media, ready_video) == [False, False, False]
    ready_video.refresh_from_db()
    draft.submission.refresh_from_db()
    assert ready_video.deleted_at is not None
    assert draft.submission.evidence_deleted_at is not None
    assert evidence_removal.evidence_retention_run(now=now + timedelta(days=60)).deleted == []


def test_a_withdrawn_attempts_evidence_is_deleted_a_retention_period_after_withdrawal(
    draft, ready_video, local_media, cast
):
    """A withdrawn attempt is never decided: its evidence counted from nothing and was kept
    forever. It is counted from the withdrawal now."""
    from submissions.models import SubmissionEvent

    services.submission_withdraw(submission=draft.submission, by=cast.educator)
    now = timezone.now()
    assert evidence_removal.evidence_retention_run(now=now).warned == []  # just withdrawn
    SubmissionEvent.objects.filter(submission=draft.submission, to_status="withdrawn").update(
        created_at=now - timedelta(days=340)
    )
    assert evidence_removal.evidence_retention_run(now=now).warned == [draft.submission.pk]
    delete_on = timezone.localtime(now + timedelta(days=25)).date()
    body = mail.outbox[-1].body
    assert f"{delete_on:%B} {delete_on.day}, {delete_on.year}" in body
    assert "after you withdrew this attempt" in body
    assert evidence_removal.evidence_retention_run(now=now + timedelta(days=30)).deleted == [
        draft.submission.pk
    ]
    assert _stored(local_media, ready_video) == [False, False, False]


def test_no_deletion_without_a_warning_sent_long_enough_before(draft, ready_video, local_media):
    now = timezone.now()
    _decide(draft.submission, "passed", days_ago=500, now=now)  # the job was not running

    report = evidence_removal.evidence_retention_run(now=now)

    assert report.warned == [draft.submission.pk] and report.deleted == []
    assert _stored(local_media, ready_video) == [True, True, True]
    assert evidence_removal.evidence_retention_run(now=now + timedelta(days=29)).deleted == []
    assert evidence_removal.evidence_retention_run(now=now + timedelta(days=30)).deleted == [
        draft.submission.pk
    ]


def test_bytes_shared_with_a_later_attempt_are_kept_while_it_uses_them(
    cast, client, draft, ready_video, local_media
):
    now = timezone.now()
    _decide(draft.submission, "not_yet", days_ago=400, now=now)
    second = services.submission_start(
        educator=cast.educator, credential=draft.submission.credential
    )
    copy = second.artifacts.get()
    assert copy.source_id == ready_video.pk and copy.storage_key.endswith("#attempt2")

    evidence_removal.evidence_retention_run(now=now)
    evidence_removal.evidence_retention_run(now=now + timedelta(days=30))

    ready_video.refresh_from_db()
    assert ready_video.deleted_at is not None  # the first attempt's evidence is gone...
    assert _stored(local_media, ready_video) == [True, True, True]  # ...its bytes are not
    client.force_login(cast.educator)
    opened = client.get(reverse("submissions:artifact_open", args=[copy.public_id, "original"]))
    assert client.get(opened["Location"]).status_code == 200

    _decide(second, "passed", days_ago=400, now=now + timedelta(days=30))
    evidence_removal.evidence_retention_run(now=now + timedelta(days=30))
    evidence_removal.evidence_retention_run(now=now + timedelta(days=60))
    assert _stored(local_media, ready_video) == [False, False, False]


def test_removing_a_carried_over_artifact_keeps_the_shared_bytes(
    cast, draft, ready_video, local_media, django_capture_on_commit_callbacks
):
    now = timezone.now()
    _decide(draft.submission, "not_yet", days_ago=1, now=now)
    second = services.submission_start(
        educator=cast.educator, credential=draft.submission.credential
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence_removal.artifact_remove(artifact=second.artifacts.get(), by=cast.educator)
    assert _stored(local_media, ready_video) == [True, True, True]


# --------------------------------------------------------------------------------------------
# The sweeper
# --------------------------------------------------------------------------------------------


def _age(artifact, **delta):
    Artifact.objects.filter(pk=artifact.pk).update(updated_at=timezone.now() - timedelta(**delta))


def test_sweeper_fails_abandoned_uploads_and_discards_their_parts(draft, local_media):
    store = media.local_store()
    artifact = artifacts.artifact_create(
        submission=draft.submission,
        requirement=draft.document,
        filename="notes.txt",
        size=10_000_000,
        content_type="text/plain",
        by=draft.submission.educator,
    )
    upload_id = store.multipart_create(artifact.storage_key)
    store.multipart_put(artifact.storage_key, upload_id, 1, [b"x" * 1000], 1000)
    _age(artifact, hours=6 * 24)
    assert artifact_sweeper.artifacts_sweep().abandoned == []  # paused over a long weekend: kept
    _age(artifact, hours=7 * 24 + 1)

    report = artifact_sweeper.artifacts_sweep()

    artifact.refresh_from_db()
    assert report.abandoned == [artifact.pk]
    assert artifact.status == "failed" and "within 7 days" in artifact.failure_reason
    assert not store.uploads_dir(artifact.storage_key).exists()


def test_sweeper_finishes_an_upload_whose_page_closed_before_reporting_it(
    draft, local_media, video_file, django_capture_on_commit_callbacks
):
    artifact = upload(draft, draft.video, video_file)  # all bytes there, never reported
    _age(artifact, minutes=11)

    with django_capture_on_commit_callbacks(execute=True):
        report = artifact_sweeper.artifacts_sweep()

    artifact.refresh_from_db()
    assert report.finished == [artifact.pk] and artifact.status == "ready"


def test_sweeper_requeues_processing_whose_message_was_lost(
    draft, local_media, video_file, settings, django_capture_on_commit_callbacks
):
    artifact = upload(draft, draft.video, video_file)
    artifacts.artifact_uploaded(artifact=artifact)  # its message never reaches a worker
    _age(artifact, seconds=settings.EVIDENCE_PROCESSING_STALE_SECONDS + 1)
    fresh = upload(draft, draft.video, video_file, name="fresh.mp4")
    artifacts.artifact_uploaded(artifact=fresh)  # queued a moment ago: left alone

    with django_capture_on_commit_callbacks(execute=True):
        report = artifact_sweeper.artifacts_sweep()

    artifact.refresh_from_db()
    assert report.requeued == [artifact.pk]
    assert artifact.status == "ready"


@pytest.mark.django_db(transaction=True)
def test_retention_never_deletes_bytes_a_next_attempt_is_carrying_over(
    cast, draft, ready_video, local_media, monkeypatch
):
    """A next attempt copies the last one's evidence while retention deletes it: the copy
    must keep working. Retention waits for the copy's transaction (a row lock), then sees it."""
    now = timezone.now()
    _decide(draft.submission, "not_yet", days_ago=400, now=now)
    copied, release = threading.Event(), threading.Event()
    prefill = services._prefill_from

    def prefill_then_pause(submission, source):  # the fault: a slow copy, still uncommitted
        prefill(submission, source)
        copied.set()
        assert release.wait(60)

    monkeypatch.setattr(services, "_prefill_from", prefill_then_pause)
    errors, started = [], []
    in_thread = _threads(errors)
    credential = draft.submission.credential
    next_attempt = in_thread(
        lambda: started.append(
            services.submission_start(educator=cast.educator, credential=credential)
        )
    )
    assert copied.wait(60)
    retention = in_thread(
        lambda: evidence_removal.submission_evidence_delete(submission=draft.submission, now=now)
    )
    # Let the copy commit once retention has finished, or is waiting for a lock.
    _wait_for(lambda: not retention.is_alive() or _someone_waits_for_a_lock())
    release.set()
    next_attempt.join(60)
    retention.join(60)

    assert errors == []
    carried = Artifact.objects.get(submission=started[0], deleted_at=None)
    assert carried.source_id == ready_video.pk
    keys = [artifacts.real_key(carried), carried.poster_key, carried.rendition_key]
    assert [(local_media / key).exists() for key in keys] == [True, True, True]


@pytest.mark.django_db(transaction=True)
def test_a_next_attempt_started_during_retention_carries_nothing_deleted(
    cast, draft, ready_video, local_media, monkeypatch
):
    """The other order: retention has deleted the files and not yet committed when the next
    attempt starts. The attempt waits for it, then finds nothing left to carry over, instead
    of an artifact whose bytes are gone."""
    now = timezone.now()
    _decide(draft.submission, "not_yet", days_ago=400, now=now)
    deleted, release = threading.Event(), threading.Event()
    delete_keys = evidence_removal.delete_keys

    def delete_then_pause(artifact, keys):  # the fault: a slow storage, still uncommitted
        delete_keys(artifact, keys)
        deleted.set()
        assert release.wait(60)

    monkeypatch.setattr(evidence_removal, "delete_keys", delete_then_pause)
    errors, started = [], []
    in_thread = _threads(errors)
    retention = in_thread(
        lambda: evidence_removal.submission_evidence_delete(submission=draft.submission, now=now)
    )
    assert deleted.wait(60)
    credential = draft.submission.credential
    next_attempt = in_thread(
        lambda: started.append(
            services.submission_start(educator=cast.educator, credential=credential)
        )
    )
    _wait_for(lambda: not next_attempt.is_alive() or _someone_waits_for_a_lock())
    release.set()
    retention.join(60)
    next_attempt.join(60)

    assert errors == []
    assert started[0].attempt == 2
    assert not Artifact.objects.filter(submission=started[0], deleted_at=None).exists()


def _threads(errors):
    """`in_thread(work)`: run `work` in a thread with its own connection; errors collected."""

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # pragma: no cover - the assertion reports it
                errors.append(error)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    return in_thread


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
