"""Media processing yields the CPU to badges and email (issue 26): ffmpeg runs at
EVIDENCE_PROCESSING_NICE wherever it runs, and a worker that serves only the media queue runs
there whole, its pool with it. Real processes; the kernel reports their priority."""

import os

import pytest

from config.queues import queue_name
from submissions.media_outputs import ffmpeg_binary
from tests.support.uploads import process, upload

pytestmark = pytest.mark.django_db


def _at_least(niceness):
    return max(niceness, os.getpriority(os.PRIO_PROCESS, 0))


@pytest.fixture
def recording_ffmpeg(settings, tmp_path):
    """The real ffmpeg, through a script that first writes down the priority it starts at."""
    real = ffmpeg_binary()
    seen = tmp_path / "priorities"
    script = tmp_path / "ffmpeg"
    script.write_text(f'#!/bin/sh\nnice >> "{seen}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    settings.EVIDENCE_FFMPEG_BINARY = str(script)
    ffmpeg_binary.cache_clear()
    yield seen
    ffmpeg_binary.cache_clear()


def test_ffmpeg_runs_at_the_processing_priority(
    draft, local_media, video_file, settings, recording_ffmpeg, django_capture_on_commit_callbacks
):
    settings.EVIDENCE_PROCESSING_NICE = 13
    artifact = process(upload(draft, draft.video, video_file), django_capture_on_commit_callbacks)

    assert artifact.status == "ready", artifact.failure_reason
    assert artifact.poster_key and artifact.rendition_key
    priorities = recording_ffmpeg.read_text().split()
    assert priorities and set(priorities) == {str(_at_least(13))}  # the poster and the rendition


def test_the_media_worker_runs_at_the_processing_priority_and_the_badges_worker_does_not(
    worker, celery_queue
):
    worker.start(queues=queue_name(celery_queue, "media"), EVIDENCE_PROCESSING_NICE=12)
    media = {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in worker.pids()}
    worker.stop()
    worker.start(queues=queue_name(celery_queue, "badges"), EVIDENCE_PROCESSING_NICE=12)
    badges = {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in worker.pids()}

    assert len(media) >= 2, "the main process and its pool"
    assert set(media.values()) == {_at_least(12)}
    assert set(badges.values()) == {_at_least(0)}
