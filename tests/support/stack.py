"""`make stack`'s topology for a test: gunicorn and a real Celery worker under the stack
settings (production with plain HTTP on loopback), on the pytest database, Redis and the moto
S3 server; SITE_URL is the gunicorn URL.

    with running_stack(database=connection.settings_dict, s3_endpoint=..., buckets=...) as stack:
        page.goto(stack.url + "/")

The test must be transactional (`django_db(transaction=True)`): the processes see only rows
the test commits, and the test sees theirs. Logs are kept under test-artifacts/stack/.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.queues import all_queues
from tests.support.servers import ROOT, free_port, wait_for

LOGS = ROOT / "test-artifacts" / "stack"
STATIC_SOURCES = [ROOT / "static"]
MANIFEST = ROOT / "staticfiles" / "staticfiles.json"
# Broker and cache of the stack: a Redis database of its own (flushed when a stack starts).
REDIS = os.environ.get("JOURNEYS_REDIS_URL", "redis://127.0.0.1:6379/7")


@dataclass
class Stack:
    url: str
    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def manage(self, *args: str, timeout: float = 300) -> str:
        """Run `manage.py <args>` as the stack's operator would; returns its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def stack_env(
    *, database: dict[str, Any], s3_endpoint: str, buckets: dict[str, str], url: str, redis: str
) -> dict[str, str]:
    """The environment scripts/stack.sh exports, pointed at the test's database and buckets."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE", "TEST_", "CELERY_", "S3_", "CACHE_"))
    }
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.stack",
        # One random key for every process of this stack (badge keys are encrypted with it).
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{database['NAME']}",
        "CELERY_BROKER_URL": redis,
        "CACHE_URL": redis,
        # A queue of our own: a stale message of another run never reaches this worker.
        "CELERY_TASK_DEFAULT_QUEUE": f"journeys-{uuid.uuid4().hex[:8]}",
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_BUCKET": buckets["private"],
        "S3_PUBLIC_BUCKET": buckets["public"],
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_CHECKSUMS": "when_required",  # moto, as scripts/stack.sh runs it
        "SITE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "INFO",
    }


def collect_static(env: dict[str, str]) -> None:
    """`collectstatic` as a deploy runs it (hashed, compressed names; about 40 s), skipped when
    the collected manifest is newer than every file of static/ (nothing changed since)."""
    if MANIFEST.exists():
        collected = MANIFEST.stat().st_mtime
        newest = max(
            (path.stat().st_mtime for base in STATIC_SOURCES for path in base.rglob("*")),
            default=0.0,
        )
        if newest < collected:
            return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_for_log(process: subprocess.Popen[bytes], log: Path, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{log.name}: no {text!r}:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


def _flush_redis(url: str) -> None:
    import redis

    # Our own Redis database: rate-limit counters and cache entries of an earlier run go.
    redis.Redis.from_url(url).flushdb()


@contextmanager
def running_stack(
    *,
    database: dict[str, Any],
    s3_endpoint: str,
    buckets: dict[str, str],
    redis: str = REDIS,
    web_workers: int = 2,
    worker_concurrency: int = 2,
) -> Iterator[Stack]:
    """Start storage setup, a Celery worker and gunicorn; stop them (by process group) after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = stack_env(
        database=database, s3_endpoint=s3_endpoint, buckets=buckets, url=url, redis=redis
    )
    LOGS.mkdir(parents=True, exist_ok=True)
    stack = Stack(url=url, env=env, logs=LOGS)
    _flush_redis(redis)
    collect_static(env)
    stack.manage("setup_storage")
    try:
        worker_log = LOGS / "worker.log"
        queues = ",".join(all_queues(env["CELERY_TASK_DEFAULT_QUEUE"]))
        worker = _spawn(
            [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker",
             "-Q", queues, "-n", f"journeys-{port}@%h",
             "-c", str(worker_concurrency), "-P", "prefork",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
            env,
            worker_log,
        )  # fmt: skip
        stack.processes.append(worker)
        web = _spawn(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", str(web_workers), "--timeout", "120", "--access-logfile", "-"],
            env,
            LOGS / "web.log",
        )  # fmt: skip
        stack.processes.append(web)
        _wait_for_log(worker, worker_log, " ready.", timeout=60)
        wait_for(url + "/healthz", timeout=60)
        yield stack
    finally:
        for process in reversed(stack.processes):
            _stop(process)
