"""Artifact fixtures: a credential with file requirements, local or S3 storage, generated media,
and a real Celery worker process on Redis that uses the pytest database."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from credentials.models import Competency, FocusArea, MicroCredentialVersion
from credentials.services import credential_create, criterion_add, requirement_add, version_publish
from submissions import artifacts, media, services
from submissions.media_outputs import ffmpeg_binary
from tests.conftest import s3_client
from tests.servers import ROOT, free_port

BROKER = os.environ.get("ARTIFACT_TEST_BROKER_URL", "redis://127.0.0.1:6379/11")
LEVELS = [
    {"name": "Not yet", "description": "Missing", "passing": False},
    {"name": "Proficient", "description": "Shown", "passing": True},
]


# --------------------------------------------------------------------------------------------
# A micro-credential with one requirement per kind of file
# --------------------------------------------------------------------------------------------


def evidence_credential(issuer, slug="evidence-kinds"):
    area, _ = FocusArea.objects.get_or_create(slug="cfu", defaults={"name": "Checking"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Checks", defaults={"statement": "Checks often."}
    )
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title="Classroom evidence",
        focus_area=area,
        competency=competency,
        key_method="Record, reflect.",
        pd_hours=Decimal("5"),
        by=None,
    )
    rows = [
        ("Video", ["video"], 100),
        ("Audio", ["audio"], 20),
        ("Document", ["document"], 20),
        ("Photo", ["image"], 10),
        ("Anything", ["video", "audio", "document", "image"], 2000),
    ]
    requirements = [
        requirement_add(
            version=version,
            part=2,
            title=title,
            prompt=f"Upload {title.lower()}.",
            kind="artifact",
            accepted_types=kinds,
            max_size_mb=size,
            required=False,
        )
        for title, kinds, size in rows
    ]
    for part, title in ((1, "Context"), (3, "Reflection")):
        requirements.append(
            requirement_add(version=version, part=part, title=title, prompt="Say.", kind="text")
        )
    criterion_add(version=version, title="Evidence", requirements=requirements, levels=LEVELS)
    version_publish(version=version, by=None)
    return MicroCredentialVersion.objects.get(pk=version.pk).credential


@dataclass
class Draft:
    submission: object
    video: object
    audio: object
    document: object
    photo: object
    anything: object


@pytest.fixture
def draft(cast):
    """The educator's draft attempt and its five file requirements."""
    credential = evidence_credential(cast.issuer)
    submission = services.submission_start(educator=cast.educator, credential=credential)
    by_title = {r.title: r for r in submission.version.requirements.all()}
    return Draft(
        submission,
        by_title["Video"],
        by_title["Audio"],
        by_title["Document"],
        by_title["Photo"],
        by_title["Anything"],
    )


# --------------------------------------------------------------------------------------------
# Storage
# --------------------------------------------------------------------------------------------


def use_local_media(settings, root):
    """Evidence on the local file system (`make run`): the upload emulator serves it."""
    settings.USE_S3 = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private")},
        },
    }
    return root / "private"


@pytest.fixture
def local_media(settings, tmp_path):
    return use_local_media(settings, tmp_path / "media")


def s3_options(endpoint, bucket, **extra):
    return {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "bucket_name": bucket,
        "default_acl": None,
        "file_overwrite": False,
        **extra,
    }


@dataclass
class S3:
    endpoint: str
    bucket: str
    public_bucket: str
    client: object

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, key):
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


@pytest.fixture
def s3_media(settings, s3_endpoint, s3_buckets):
    """Evidence on the moto S3 server, in fresh buckets; browsers use the same endpoint."""
    settings.USE_S3 = True
    settings.S3_BROWSER_ENDPOINT_URL = s3_endpoint
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_endpoint, s3_buckets["private"]),
        },
        "public": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_endpoint, s3_buckets["public"], querystring_auth=False),
        },
    }
    return S3(s3_endpoint, s3_buckets["private"], s3_buckets["public"], s3_client(s3_endpoint))


# --------------------------------------------------------------------------------------------
# Generated media (ffmpeg's test sources): small, so the suite stays fast
# --------------------------------------------------------------------------------------------


def ffmpeg(*args):
    subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y", *map(str, args)], check=True
    )


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


def make_video(path):
    """A 3-second test pattern with a sine tone, as a phone would record it (H.264/AAC)."""
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=3",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
    )  # fmt: skip
    return path


@pytest.fixture(scope="session")
def video_file(media_dir):
    return make_video(media_dir / "lesson.mp4")


@pytest.fixture(scope="session")
def slow_video_file(media_dir):
    """A video browsers cannot play (MPEG-4 Part 2 in AVI, 8 s): it needs a real transcode."""
    path = media_dir / "long-lesson.avi"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30:duration=8",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
        "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-shortest", path,
    )  # fmt: skip
    return path


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


def make_text(path, size=12 * 1024 * 1024):
    """Plain text over two S3 parts long (5 MiB minimum part), for the upload mechanics."""
    line = b"Lesson notes: students explained their reasoning to a partner.\n"
    with path.open("wb") as out:
        for number in range(size // len(line) + 1):
            out.write(b"%08d " % number + line)
    return path


@pytest.fixture(scope="session")
def text_file_12mb(media_dir):
    return make_text(media_dir / "notes.txt")


# --------------------------------------------------------------------------------------------
# A real Celery worker process on Redis, on the pytest database
# --------------------------------------------------------------------------------------------


class Worker:
    """`celery -A config.celery_app worker` in its own process group, on our queue."""

    def __init__(self, env, log):
        self.env = env
        self.log = log
        self.process = None

    def start(self, **extra_env):
        env = {**self.env, **{k: str(v) for k, v in extra_env.items()}}
        name = f"artifacts-{uuid.uuid4().hex[:6]}@%h"
        self.log.write_text("")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker",
             "-Q", env["CELERY_TASK_DEFAULT_QUEUE"], "-n", name, "-c", "1", "-P", "prefork",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while " ready." not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def pids(self):
        """The worker's process group: main process, pool child and any ffmpeg it runs."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[2]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def running(self, program):
        for pid in self.pids():
            try:
                if program in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    return True
            except OSError:
                continue
        return False

    def kill(self):
        """SIGKILL the whole group: the machine died in the middle of the work."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        """Stop at once: tests wait for their outcomes, so nothing is left half-done."""
        self.kill()


@pytest.fixture
def celery_queue(settings, monkeypatch):
    """Send tasks from this process to a Redis queue of our own (not eagerly)."""
    from config.celery_app import app

    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    queue = f"artifacts-test-{uuid.uuid4().hex[:8]}"
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=BROKER, task_default_queue=queue)
    _forget_connections(app)
    yield queue
    app.conf.update(saved)
    _forget_connections(app)
    _purge(queue)


def _forget_connections(app):
    # The broker URL and default queue are read when the first connection and router are made:
    # drop the cached ones so the new configuration applies.
    for cached in ("amqp", "_pool"):
        app.__dict__.pop(cached, None)
    app._pool = None


def _purge(queue):
    import redis

    client = redis.Redis.from_url(BROKER)
    client.delete(queue)


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


def s3_worker_env(s3: S3, endpoint=None):
    return {
        "TEST_USE_S3": "1",
        "TEST_S3_ENDPOINT_URL": endpoint or s3.endpoint,
        "TEST_S3_BUCKET": s3.bucket,
        "TEST_S3_PUBLIC_BUCKET": s3.public_bucket,
    }


class Relay:
    """A TCP relay in front of the S3 server that can go down (connections refused) and come
    back on the same address, as S3 does in an outage."""

    def __init__(self, target_url):
        self.target = ("127.0.0.1", urlsplit(target_url).port)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.listener = None
        self.connections = []

    def up(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def down(self):
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        for sock in self.connections:
            sock.close()
        self.connections.clear()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: S3 is down
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def s3_relay(s3_media):
    relay = Relay(s3_media.endpoint)
    yield relay
    relay.down()


def wait_for_status(artifact, statuses, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        artifact.refresh_from_db()
        if artifact.status in statuses:
            return artifact
        time.sleep(0.2)
    raise AssertionError(f"artifact stayed {artifact.status}: {artifact.failure_reason}")


# --------------------------------------------------------------------------------------------
# A browser's upload, driven with `requests` against a live server and the signed URLs
# --------------------------------------------------------------------------------------------

PART = 5 * 1024 * 1024
CSRF = "x" * 32


class Browser:
    """What static/js/uploads.js and Uppy's AwsS3 plugin do, one HTTP request at a time."""

    def __init__(self, base, client, user):
        import requests

        client.force_login(user)
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("sessionid", client.cookies["sessionid"].value)
        self.http.cookies.set("csrftoken", CSRF)
        self.http.headers["X-CSRFToken"] = CSRF

    def post(self, path, data=None):
        return self.http.post(self.base + path, json=data or {}, timeout=30)

    def create(self, submission, requirement, name, size, content_type=""):
        return self.post(
            f"/submissions/{submission.public_id}/artifacts/",
            {"requirement": str(requirement.public_id), "filename": name, "size": size,
             "type": content_type},
        )  # fmt: skip

    def sign(self, artifact, method, upload_id="", part_number=None):
        response = self.post(
            artifact["sign_url"],
            {"method": method, "key": artifact["key"], "uploadId": upload_id,
             "partNumber": part_number},
        )  # fmt: skip
        assert response.status_code == 200, response.text
        return response.json()

    def send(self, signed, method, data=None):
        response = self.http.request(
            method, signed["url"], data=data, headers=signed.get("headers") or {}, timeout=60
        )
        assert response.status_code in (200, 204), response.text
        return response

    def start_upload(self, artifact):
        signed = self.sign(artifact, "POST")
        body = self.send(signed, "POST").text
        return body.split("<UploadId>")[1].split("</UploadId>")[0]

    def put_part(self, artifact, upload_id, number, data):
        signed = self.sign(artifact, "PUT", upload_id, number)
        return self.send(signed, "PUT", data).headers["ETag"].strip('"')

    def list_parts(self, artifact, upload_id):
        import xml.etree.ElementTree as ET

        response = self.send(self.sign(artifact, "GET", upload_id), "GET")
        assert response.status_code == 200, response.text
        parts = {}
        # Namespace-agnostic: S3 answers in its namespace, our emulator may not.
        for part in ET.fromstring(response.content).iter():
            if part.tag.rsplit("}", 1)[-1] != "Part":
                continue
            fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in part}
            parts[int(fields["PartNumber"])] = fields["ETag"].strip('"')
        return parts

    def complete(self, artifact, upload_id, etags):
        xml = "".join(
            f'<Part><PartNumber>{n}</PartNumber><ETag>"{etag}"</ETag></Part>'
            for n, etag in sorted(etags.items())
        )
        signed = self.sign(artifact, "POST", upload_id)
        signed["headers"] = {**signed["headers"], "Content-Type": "application/xml"}
        body = f"<CompleteMultipartUpload>{xml}</CompleteMultipartUpload>"
        return self.send(signed, "POST", body)

    def uploaded(self, artifact):
        return self.post(artifact["uploaded_url"])


def parts_of(path, size=PART):
    data = Path(path).read_bytes()
    offsets = range(0, len(data), size)
    return {n + 1: data[offset : offset + size] for n, offset in enumerate(offsets)}


def create_artifact(client, submission, requirement, name, size, content_type=""):
    """The create endpoint through Django's test client (no live server needed)."""
    return client.post(
        reverse("submissions:artifact_create", args=[submission.public_id]),
        {"requirement": str(requirement.public_id), "filename": name, "size": size,
         "type": content_type},
        content_type="application/json",
    )  # fmt: skip


def sign_with(client, artifact, method, upload_id="", part_number=None, key=None):
    return client.post(
        artifact["sign_url"],
        {"method": method, "key": key or artifact["key"], "uploadId": upload_id,
         "partNumber": part_number},
        content_type="application/json",
    )  # fmt: skip


def local_path(url):
    return urlsplit(url).path


def upload(draft, requirement, path, name=None, declared_size=None):
    """An artifact whose bytes are in storage, not yet handed to processing."""
    path = Path(path)
    artifact = artifacts.artifact_create(
        submission=draft.submission,
        requirement=requirement,
        filename=name or path.name,
        size=declared_size or path.stat().st_size,
        content_type="",
        by=draft.submission.educator,
    )
    media.evidence_store().upload(path, artifact.storage_key, "application/octet-stream")
    return artifact


def process(artifact, capture):
    """Hand over to processing; with eager tasks the on-commit enqueue runs it right here."""
    with capture(execute=True):
        artifacts.artifact_uploaded(artifact=artifact)
    artifact.refresh_from_db()
    return artifact
