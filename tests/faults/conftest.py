"""Fault fixtures: private Redis and PostgreSQL servers that a test may stop, crash and
restart (never the shared ones), the app's processes (gunicorn and a real Celery worker)
pointed at them, and the journey's data. The servers, processes and people are in
tests/support/faults.py.

The processes run the test settings on the pytest database (or a private copy of it), so the
test must be transactional: they see only the rows the test commits, and it sees theirs.
"""

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from reviews.models import ReviewPolicy
from reviews.services import reviewer_designate
from tests.support.credentials import published_credential
from tests.support.faults import (
    PG_BIN,
    REDIS_SERVER,
    App,
    PrivatePostgres,
    PrivateRedis,
    process_env,
)
from tests.support.media_files import make_slow_video, make_video
from tests.support.requirements import require
from tests.support.servers import gunicorn
from tests.support.worker import SENDING_CONF, Worker, forget_connections, sending_to


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    require(REDIS_SERVER is not None, "redis-server")
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    require(
        PG_BIN is not None and (PG_BIN / "initdb").exists() and bool(shutil.which("pg_dump")),
        "the PostgreSQL server binaries (/usr/lib/postgresql/*/bin: initdb, pg_ctl, pg_dump)",
    )
    # Not under pytest's tmp dir: the `postgres` user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    cluster = PrivatePostgres(root).init()
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(RuntimeError):
            cluster._run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def queue_name() -> str:
    return f"faults-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def sender(settings, monkeypatch, private_redis, queue_name):
    """This process sends tasks (a sweeper run in the test) to the private Redis queue."""
    from config.celery_app import app

    broker = private_redis.url()
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    saved = {k: app.conf[k] for k in SENDING_CONF}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=broker, **sending_to(queue_name))
    forget_connections(app)
    yield app
    app.conf.update(saved)
    forget_connections(app)


@pytest.fixture
def app_factory(transactional_db, private_redis, queue_name, sender, tmp_path):
    """`app = app_factory(**env)`: gunicorn on a free port and a worker (not started yet:
    `app.worker.start(**env)`), both stopped after the test."""
    stack = contextlib.ExitStack()

    @contextlib.contextmanager
    def start(**extra: str) -> Iterator[App]:
        env = process_env(private_redis, queue_name, **extra)
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
        worker = Worker({**inherited, **env}, tmp_path / f"worker-{uuid.uuid4().hex[:4]}.log")
        try:
            with gunicorn(env) as url:
                yield App(url, worker, queue_name)
        finally:
            worker.stop()

    yield lambda **extra: stack.enter_context(start(**extra))
    stack.close()


@pytest.fixture
def text_credential(cast):
    """A text-only credential cast.reviewer may review, with no second review."""
    credential = published_credential(cast.issuer, "fault-journey", with_artifact=False)
    reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    ReviewPolicy.objects.update_or_create(
        issuer=cast.issuer, defaults={"second_review_rate": Decimal("0")}
    )
    return credential


@pytest.fixture(scope="session")
def fault_video(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("faults-media") / "lesson.mp4")


@pytest.fixture(scope="session")
def slow_fault_video(tmp_path_factory) -> Path:
    """A video that needs a real transcode (MPEG-4 Part 2 in AVI): processing takes seconds."""
    return make_slow_video(tmp_path_factory.mktemp("faults-media") / "long-lesson.avi")
