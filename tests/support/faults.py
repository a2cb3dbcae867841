"""The fault suite's machinery: private Redis and PostgreSQL servers a test may stop, crash and
restart (never the shared ones), the app's processes pointed at them, and people who drive the
journeys over HTTP and judge what an outage shows them."""

import glob
import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests
from django.db import connection

from tests.support.servers import free_port
from tests.support.worker import Worker

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
