"""Artifact fixtures: a draft with file requirements, generated media, and a real Celery worker
process on Redis that uses the pytest database. Local and S3 storage are root fixtures
(tests/conftest.py); what the fixtures build is in tests/support/."""

import os
import uuid

import pytest
from django.db import connection

from tests.support.media_files import ffmpeg, make_slow_video, make_text, make_video
from tests.support.storage import Relay
from tests.support.submissions import evidence_draft
from tests.support.worker import (
    BROKER,
    SENDING_CONF,
    Worker,
    forget_connections,
    purge_queue,
    sending_to,
)


@pytest.fixture
def draft(cast):
    """The educator's draft attempt and its five file requirements."""
    return evidence_draft(cast)


# --------------------------------------------------------------------------------------------
# Generated media (ffmpeg's test sources): small, so the suite stays fast
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def video_file(media_dir):
    return make_video(media_dir / "lesson.mp4")


@pytest.fixture(scope="session")
def slow_video_file(media_dir):
    """A video browsers cannot play (MPEG-4 Part 2 in AVI, 8 s): it needs a real transcode."""
    return make_slow_video(media_dir / "long-lesson.avi")


@pytest.fixture(scope="session")
def audio_file(media_dir):
    path = media_dir / "interview.mp3"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:duration=2", path)
    return path


@pytest.fixture(scope="session")
def image_file(media_dir):
    path = media_dir / "board.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=1200x900", "-frames:v", "1", path)
    return path


@pytest.fixture(scope="session")
def text_file_three_parts(media_dir):
    return make_text(media_dir / "notes.txt")


# --------------------------------------------------------------------------------------------
# A real Celery worker process on Redis, on the pytest database
# --------------------------------------------------------------------------------------------


@pytest.fixture
def celery_queue(settings, monkeypatch):
    """Send tasks from this process to a Redis queue of our own (not eagerly)."""
    from config.celery_app import app

    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    queue = f"artifacts-test-{uuid.uuid4().hex[:8]}"
    saved = {k: app.conf[k] for k in SENDING_CONF}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=BROKER, **sending_to(queue))
    forget_connections(app)
    yield queue
    app.conf.update(saved)
    forget_connections(app)
    purge_queue(queue)


@pytest.fixture
def worker(transactional_db, celery_queue, tmp_path):
    """A worker factory: `worker.start(**env)`; stopped (killed if need be) after the test."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_S3", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": celery_queue,
        "DATABASE_NAME_OVERRIDE": connection.settings_dict["NAME"],
        "EVIDENCE_PROCESSING_RETRY_BASE_SECONDS": "1",
    }
    handle = Worker(env, tmp_path / "worker.log")
    yield handle
    handle.stop()


@pytest.fixture
def s3_relay(s3_media):
    relay = Relay(s3_media.endpoint)
    yield relay
    relay.down()
