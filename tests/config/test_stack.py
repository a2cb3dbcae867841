"""`make stack`'s topology as processes: gunicorn, a Celery worker and beat on PostgreSQL,
Redis and an S3 server. A real task goes through the broker to the worker and back to the DB."""

import contextlib
import os
import signal
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.utils import timezone

from tests.support.servers import ROOT, free_port, get

pytestmark = pytest.mark.worker


@pytest.fixture
def stack():
    port = free_port()
    suffix = uuid.uuid4().hex[:8]
    db_name = f"test_stack_{suffix}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "PORT": str(port),
        "STACK_DB_NAME": db_name,
        # A Redis database of its own per test worker (tests/support/xdist_env.py).
        "CELERY_BROKER_URL": os.environ["STACK_TEST_REDIS_URL"],
        "CACHE_URL": os.environ["STACK_TEST_REDIS_URL"],
        "CELERY_TASK_DEFAULT_QUEUE": f"stack-test-{suffix}",
        "WEB_CONCURRENCY": "1",
        "STACK_READY_FILE": f"/tmp/stack-ready-{suffix}",
    }
    process = subprocess.Popen(
        ["bash", "scripts/stack.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # The script marks itself ready once the web answers and the worker consumes its queue.
        ready = Path(env["STACK_READY_FILE"])
        deadline = time.monotonic() + 420
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                # Stop it first: its output ends only when it does.
                os.killpg(process.pid, signal.SIGKILL)
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"make stack did not come up:\n{output[-3000:]}")
            time.sleep(0.5)
        ready.unlink()
        yield base, db_name, env
    finally:
        with contextlib.suppress(ProcessLookupError):  # already stopped when it never came up
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def test_stack_serves_the_app_and_its_worker_runs_tasks(stack, monkeypatch):
    base, db_name, env = stack
    status, body = get(base + "/readyz")
    assert status == 200, body
    status, body = get(base + "/accounts/login/")
    assert status == 200 and b"Sign In" in body

    dsn = f"postgresql://postgres@127.0.0.1:5432/{db_name}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES ('expired-session-key', 'x', %s)",
            (timezone.now() - timedelta(days=1),),
        )
        # Send the periodic job by name through Redis to the stack's worker.
        from celery import Celery

        # Celery prefers the CELERY_BROKER_URL environment variable over `broker=`.
        monkeypatch.setenv("CELERY_BROKER_URL", env["CELERY_BROKER_URL"])
        sender = Celery(broker=env["CELERY_BROKER_URL"])
        sender.send_task(
            "accounts.tasks.clear_expired_sessions", queue=env["CELERY_TASK_DEFAULT_QUEUE"]
        )
        deadline = time.monotonic() + 60
        remaining = 1
        while time.monotonic() < deadline and remaining:
            remaining = conn.execute(
                "SELECT count(*) FROM django_session WHERE session_key = 'expired-session-key'"
            ).fetchone()[0]
            time.sleep(0.5)
    assert remaining == 0, "the worker did not run the task"
