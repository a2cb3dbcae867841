"""Fault fixtures: private Redis and PostgreSQL servers that a test may stop, crash and
restart (never the shared ones), the app's processes (gunicorn and a real Celery worker)
pointed at them, and users who drive the journeys over HTTP.

The processes run the test settings on the pytest database (or a private copy of it), so the
test must be transactional: they see only the rows the test commits, and it sees theirs.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

from reviews.models import ReviewPolicy
from reviews.services import reviewer_designate
from tests.servers import free_port, gunicorn
from tests.submissions.conftest import Worker, _forget_connections, make_video
from tests.submissions.factories import published_credential

REDIS_SERVER = shutil.which("redis-server")
PG_BINDIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PG_BIN = Path(PG_BINDIRS[-1]) if PG_BINDIRS else None
CSRF = "f" * 32
OUTAGE_TEXT = "temporarily unavailable"


# --------------------------------------------------------------------------------------------
# A private Redis: stopped with SIGKILL (a crash), started again empty on the same port
# --------------------------------------------------------------------------------------------


class PrivateRedis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "PrivateRedis":
        assert REDIS_SERVER
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "private redis-server did not start"
                time.sleep(0.05)
        client.close()
        return self

    def stop(self) -> None:
        """SIGKILL: Redis vanishes with its queues (no persistence), as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (scripts/system-deps.sh installs it)")
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


# --------------------------------------------------------------------------------------------
# A private PostgreSQL cluster (one per session), restarted by the tests that need it
# --------------------------------------------------------------------------------------------


class PrivatePostgres:
    """initdb + pg_ctl in a temporary directory; run as `postgres` when we are root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.sockets = root / "sockets"
        self.log = root / "postgres.log"
        self.port = free_port()

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {result.stderr}\n{log}")

    def init(self) -> "PrivatePostgres":
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--no-instructions")  # fmt: skip
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                  "-o", options, "start")  # fmt: skip

    def stop(self) -> None:
        """A fast shutdown: every session is cut, as in a restart for maintenance or failover."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def dsn(self, name: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def copy_of(self, source_name: str) -> str:
        """A new database in this cluster holding what the pytest database holds now."""
        name = f"faults_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        dump = subprocess.run(
            ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", source_name],
            capture_output=True,
            check=True,
        )
        subprocess.run(
            ["pg_restore", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "--no-owner", "-d", name],
            input=dump.stdout,
            capture_output=True,
            check=True,
        )  # fmt: skip
        return name


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    if PG_BIN is None or not (PG_BIN / "initdb").exists() or not shutil.which("pg_dump"):
        pytest.skip("PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin)")
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


# --------------------------------------------------------------------------------------------
# The app: gunicorn and a Celery worker on the private Redis (and a chosen database)
# --------------------------------------------------------------------------------------------


@dataclass
class App:
    url: str
    worker: Worker
    queue: str

    def worker_log(self) -> str:
        return self.worker.log.read_text(errors="replace")

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.worker_log().count(text) < count:
            assert time.monotonic() < deadline, (
                f"worker never logged {text!r}:\n" + (self.worker_log()[-3000:])
            )
            time.sleep(0.1)


@pytest.fixture
def queue_name() -> str:
    return f"faults-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def sender(settings, monkeypatch, private_redis, queue_name):
    """This process sends tasks (a sweeper run in the test) to the private Redis queue."""
    from config.celery_app import app

    broker = private_redis.url()
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=broker, task_default_queue=queue_name)
    _forget_connections(app)
    yield app
    app.conf.update(saved)
    _forget_connections(app)


def process_env(private_redis: PrivateRedis, queue: str, **extra: str) -> dict[str, str]:
    """What gunicorn and the worker run with: test settings, tasks through the private Redis
    (the cache too, as in production), the pytest database unless `extra` says otherwise."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": private_redis.url(),
        "CACHE_URL": private_redis.url(1),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_NAME_OVERRIDE": connection.settings_dict["NAME"],
        "EVIDENCE_PROCESSING_RETRY_BASE_SECONDS": "1",
        "TEST_USE_S3": "",
        **extra,
    }


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


# --------------------------------------------------------------------------------------------
# People of the journey, over HTTP
# --------------------------------------------------------------------------------------------


class Visitor:
    """A signed-in browser session against the live server (requests, no redirects). The
    session row is made now: sign people in before copying the database elsewhere."""

    def __init__(self, base: str, user) -> None:
        from django.test import Client

        # A client of its own: signing a second user in on one client ends the first session.
        client = Client()
        client.force_login(user)
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("sessionid", client.cookies["sessionid"].value)
        self.http.cookies.set("csrftoken", CSRF)
        self.http.headers["X-CSRFToken"] = CSRF

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, allow_redirects=False, **kwargs)

    def post(self, path: str, data=None, **kwargs) -> requests.Response:
        return self.http.post(
            self.base + path, data=data or {}, timeout=30, allow_redirects=False, **kwargs
        )


def assert_clear(response: requests.Response, *ok: int) -> None:
    """The answer a user may see during an outage: the normal one, or a 503 that says in
    words what happened (the generic outage page or a view's own message); never a traceback
    or the generic 500."""
    body = response.text
    assert "Traceback" not in body and 'File "' not in body, body[:2000]
    if response.status_code == 503:
        if response.headers.get("Content-Type", "").startswith("application/json"):
            data = response.json()
            assert len(data.get("detail") or data.get("error") or "") > 20, body
        else:
            assert OUTAGE_TEXT in body.lower() and "saved work is safe" in body, body[:2000]
        return
    assert response.status_code in ok, (response.status_code, body[:2000])


def assert_outage(response: requests.Response) -> None:
    """The generic outage answer (common/outage.py): 503, Retry-After, the clear message."""
    assert response.status_code == 503, (response.status_code, response.text[:2000])
    assert_clear(response)
    assert response.headers.get("Retry-After"), response.headers
    assert OUTAGE_TEXT in response.text.lower()


# --------------------------------------------------------------------------------------------
# The journey's data
# --------------------------------------------------------------------------------------------


@pytest.fixture
def text_credential(cast):
    """A text-only credential cast.reviewer may review, with no second review."""
    credential = published_credential(cast.issuer, "fault-journey", with_artifact=False)
    reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    ReviewPolicy.objects.update_or_create(
        issuer=cast.issuer, defaults={"second_review_rate": Decimal("0")}
    )
    return credential


def draft_ready_to_submit(educator, credential):
    """The educator's draft with every required text written."""
    from submissions import services

    submission = services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.filter(kind="text", required=True):
        services.response_save(
            submission=submission, requirement=requirement, text="We check often.", by=educator
        )
    return submission


def review_and_pass(reviewer: Visitor, submission) -> tuple[list[requests.Response], str]:
    """Claim, score every criterion at its passing level (autosave), confirm and complete,
    through the reviewer's pages. Returns the responses and the review's public id."""
    from credentials.models import RubricLevel

    claim = reviewer.post(f"/reviews/claim/{submission.public_id}/")
    assert claim.status_code == 302, claim.text[:2000]
    review_id = claim.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    responses = [claim]
    for criterion in submission.version.criteria.all():
        level = RubricLevel.objects.filter(criterion=criterion, passing=True).first()
        data = {"criterion": str(criterion.public_id), "level": str(level.public_id)}
        responses.append(reviewer.post(f"/reviews/{review_id}/autosave/", data))
    responses.append(reviewer.post(f"/reviews/{review_id}/complete/", {"decision": "passed"}))
    return responses, review_id


def wait_until(predicate, timeout: float = 60, what: str = "condition", app: App | None = None):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            log = app.worker_log()[-4000:] if app else ""
            raise AssertionError(f"timed out waiting for {what}\n{log}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def fault_video(tmp_path_factory) -> Path:
    return make_video(tmp_path_factory.mktemp("faults-media") / "lesson.mp4")


@pytest.fixture(scope="session")
def slow_fault_video(tmp_path_factory) -> Path:
    """A video that needs a real transcode (MPEG-4 Part 2 in AVI): processing takes seconds."""
    from tests.submissions.conftest import ffmpeg

    path = tmp_path_factory.mktemp("faults-media") / "long-lesson.avi"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30:duration=8",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
        "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-shortest", path,
    )  # fmt: skip
    return path
