"""Evidence upload: 1 GB through our presigned multipart path vs plain boto3; web/worker memory.

The platform path is what the browser does (static/js/uploads.js): announce the file to the web
process (gunicorn), start the multipart upload, ask for the links of 16 parts at a time
(`partNumbers`) and send each 8 MiB part straight to S3, four parts in flight as the uploader
sends them; then complete, report it, and let a real Celery worker stream the object back to
hash and identify it. The baseline is boto3's own multipart upload of the same file to the
same S3 server (moto) in the same run. Memory is the peak RSS (VmHWM, reset before the upload)
of the web process and of the worker against their idle RSS.

A 5 GB upload (the largest file a requirement takes by default, EVIDENCE_DEFAULT_MAX_MB) is
sent once, processed and checked the same way when BENCH_UPLOAD_5GB=1: it adds some ten
minutes, 5 GB of disk for the file and moto's copies, and moto holds the whole object in memory
(twice, for a moment) when it completes and serves it, so `make bench` leaves it out unless
asked. A smoke run (BENCH_SCALE=tiny) always sends its 40 MB stand-in.
"""

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import boto3
import requests
from boto3.s3.transfer import TransferConfig

from bench.run import Goal, Result
from bench.setup import (
    bench_credential,
    bench_database,
    database_name,
    django_setup,
    scaled,
    tiny,
)
from config.queues import all_queues

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
SIZE = scaled(1024, 24) * MIB
PART = 8 * MIB  # what static/js/uploads.js chooses for a 1 GB file
IN_FLIGHT = 4  # static/js/uploads.js: Uppy's AwsS3 `limit`
LARGE = scaled(5 * 1024, 40) * MIB  # BENCH_UPLOAD_5GB=1: sent once after the 1 GB one
SIGN_BATCH = 16  # static/js/uploads.js: PART_BATCH, the parts one signing request asks for
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/11")
CSRF = "b" * 32
LIMIT = "< idle + 150 MB"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


@contextmanager
def process(
    args: list[str],
    env: dict[str, str],
    log: Path,
    ready=None,
    *,
    cwd: Path = ROOT,
    start_seconds: float = 90,
):
    """A child process in its own group (run in `cwd`), stopped, the whole group, at the end;
    `ready()` must pass within `start_seconds` to go on."""
    with log.open("wb") as out:
        child = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + start_seconds
        while ready is not None and not ready():
            if child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{args[:4]} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield child
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


def s3_endpoint(stack: ExitStack, work: Path) -> str:
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if url:
        return url
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]

    def answers() -> bool:
        try:
            wait_for(url + "/moto-api/", timeout=0.5)
            return True
        except TimeoutError:
            return False

    stack.enter_context(process(args, dict(os.environ), work / "moto.log", answers))
    return url


def s3(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def django_env(endpoint: str, buckets: dict[str, str], queue: str) -> dict[str, str]:
    """The web's and the worker's environment: the bench database, S3 and our own queue."""
    from django.db import connection

    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_NAME_OVERRIDE": connection.settings_dict["NAME"],
        "TEST_USE_S3": "1",
        "TEST_S3_ENDPOINT_URL": endpoint,
        "TEST_S3_BUCKET": buckets["private"],
        "TEST_S3_PUBLIC_BUCKET": buckets["public"],
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }


def seed_draft() -> dict[str, str]:
    """An educator with a draft whose requirement takes a document up to the platform's default
    limit (5 GB), and their session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.services import user_create
    from submissions.services import submission_start

    credential, notes = bench_credential(
        slug="bench-upload", accepted_types=["document"], max_size_mb=None
    )  # no limit of its own: the platform's default, 5 GB
    user = user_create(email="bench@example.org", display_name="Bench", password=uuid.uuid4().hex)
    submission = submission_start(educator=user, credential=credential)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {
        "session": str(session.session_key),
        "submission": str(submission.public_id),
        "requirement": str(notes.public_id),
    }


def make_file(path: Path, size: int = SIZE) -> str:
    """`size` bytes of plain text (a valid "document"), written in 1 MiB blocks; its sha256."""
    digest = hashlib.sha256()
    line = b"Students explained their reasoning to a partner, then revised the model. "
    block = (line * (MIB // len(line) + 1))[: MIB - 9]
    with path.open("wb") as out:
        for number in range(size // MIB):
            data = b"%08d\n" % number + block
            digest.update(data)
            out.write(data)
    return digest.hexdigest()


def boto3_upload(client, bucket: str, path: Path) -> float:
    config = TransferConfig(
        multipart_threshold=PART, multipart_chunksize=PART, max_concurrency=IN_FLIGHT
    )
    started = time.perf_counter()
    client.upload_file(str(path), bucket, f"baseline/{uuid.uuid4().hex}", Config=config)
    return time.perf_counter() - started


class Browser:
    """The browser's side of the platform path (static/js/uploads.js + Uppy AwsS3)."""

    def __init__(self, base: str, session_key: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)
        self.http.cookies.set("csrftoken", CSRF)
        self.http.headers["X-CSRFToken"] = CSRF
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=IN_FLIGHT * 2)
        self.http.mount("http://", adapter)

    def post(self, path: str, body: dict) -> dict:
        response = self.http.post(self.base + path, json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def sign(self, artifact: dict, method: str, upload_id: str = "", part=None) -> dict:
        body = {"method": method, "key": artifact["key"], "uploadId": upload_id}
        return self.post(artifact["sign_url"], {**body, "partNumber": part})

    def upload(self, ids: dict, path: Path, size: int = SIZE) -> tuple[float, str]:
        started = time.perf_counter()
        artifact = self.post(
            f"/submissions/{ids['submission']}/artifacts/",
            {"requirement": ids["requirement"], "filename": "notes.txt", "size": size},
        )
        created = self.http.post(self.sign(artifact, "POST")["url"], timeout=60)
        upload_id = created.text.split("<UploadId>")[1].split("</UploadId>")[0]
        links = PartLinks(self, artifact, upload_id, -(-size // PART))
        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            etags = list(pool.map(lambda n: self.part(links, path, n), links.numbers))
        self.complete(artifact, upload_id, etags)
        self.post(artifact["uploaded_url"], {})
        return time.perf_counter() - started, artifact["id"]

    def part(self, links: "PartLinks", path: Path, number: int) -> str:
        with path.open("rb") as source:
            source.seek((number - 1) * PART)
            data = source.read(PART)
        response = self.http.put(links.url(number), data=data, timeout=120)
        response.raise_for_status()
        return response.headers["ETag"]

    def complete(self, artifact: dict, upload_id: str, etags: list[str]) -> None:
        parts = "".join(
            f"<Part><PartNumber>{n}</PartNumber><ETag>{etag}</ETag></Part>"
            for n, etag in enumerate(etags, start=1)
        )
        signed = self.sign(artifact, "POST", upload_id)
        body = f"<CompleteMultipartUpload>{parts}</CompleteMultipartUpload>"
        headers = {"Content-Type": "application/xml"}
        self.http.post(signed["url"], data=body, headers=headers, timeout=300).raise_for_status()


class PartLinks:
    """The uploader's part links: the first part without a link asks for the next SIGN_BATCH
    parts' links in one request; the parts in flight meanwhile wait for that same answer."""

    def __init__(self, browser: Browser, artifact: dict, upload_id: str, parts: int) -> None:
        self.browser, self.artifact, self.upload_id = browser, artifact, upload_id
        self.numbers = range(1, parts + 1)
        self.pending: dict[int, Future] = {}
        self.lock = threading.Lock()

    def url(self, number: int) -> str:
        with self.lock:
            batch = self.pending.pop(number, None)
            asking = batch is None
            if batch is None:
                batch = Future()
                ahead = self.numbers[number - 1 : number - 1 + SIGN_BATCH]
                wanted = [n for n in ahead if n not in self.pending]
                self.pending.update((n, batch) for n in wanted if n != number)
        if asking:
            body = {"method": "PUT", "key": self.artifact["key"], "uploadId": self.upload_id}
            try:
                batch.set_result(
                    self.browser.post(self.artifact["sign_url"], {**body, "partNumbers": wanted})
                )
            except Exception as error:  # every part waiting for this answer sees the error
                batch.set_exception(error)
        return next(p["url"] for p in batch.result()["parts"] if p["partNumber"] == number)


def group_pids(leader: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[2]) == leader:
                pids.append(int(entry.name))
    return pids


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def python_pids(leader: int) -> list[int]:
    """The group's Python processes (gunicorn or Celery): not moto or ffmpeg children."""
    return [
        pid
        for pid in group_pids(leader)
        if b"python" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
    ]


def reset_peaks(leader: int) -> dict[int, int]:
    """Idle RSS per process, and peak RSS counters reset (Linux: clear_refs 5)."""
    idle = {}
    for pid in python_pids(leader):
        idle[pid] = memory_kb(pid, "VmRSS")
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    return idle


def peak_growth(idle: dict[int, int]) -> tuple[float, float]:
    """(largest peak RSS, that process's idle RSS) in MB."""
    rows = [(memory_kb(pid, "VmHWM"), idle[pid]) for pid in idle if Path(f"/proc/{pid}").exists()]
    peak, base = max(rows, key=lambda row: row[0] - row[1])
    return peak / 1024, base / 1024


def wait_processed(artifact_id: str, timeout: float = 600) -> str:
    """The worker's verdict on the uploaded file: its sha256 once ready."""
    from submissions.models import Artifact

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        artifact = Artifact.objects.get(public_id=artifact_id)
        if artifact.status == Artifact.Status.FAILED:
            raise RuntimeError(f"processing failed: {artifact.failure_reason}")
        if artifact.status == Artifact.Status.READY:
            return artifact.sha256
        time.sleep(1)
    raise TimeoutError("the worker did not finish processing")


def start_web(stack: ExitStack, env: dict[str, str], work: Path) -> tuple[str, int]:
    """gunicorn as in production (one process, threads for the browser's parallel parts)."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
            "-w", "1", "-k", "gthread", "--threads", str(IN_FLIGHT)]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    web = stack.enter_context(
        process(args, env, work / "web.log", lambda: _answers(base + "/healthz"))
    )
    return base, web.pid


def start_worker(stack: ExitStack, env: dict[str, str], work: Path) -> int:
    args = [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker",
            "-Q", ",".join(all_queues(env["CELERY_TASK_DEFAULT_QUEUE"])), "-c", "1", "-l", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    log = work / "worker.log"
    return stack.enter_context(process(args, env, log, lambda: _worker_ready(log))).pid


def warm_up(browser: Browser, ids: dict) -> None:
    """One tiny announced upload and signature: boto3's models load once per process, not per
    file, and are part of "idle"."""
    artifact = browser.post(
        f"/submissions/{ids['submission']}/artifacts/",
        {"requirement": ids["requirement"], "filename": "warm-up.txt", "size": 10},
    )
    browser.sign(artifact, "POST")


def run() -> list[Result]:
    django_setup()
    name = database_name("upload")
    with ExitStack() as stack:
        stack.enter_context(bench_database(name))  # left last: the processes stop first
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-upload-")))
        endpoint = s3_endpoint(stack, work)
        client = s3(endpoint)
        tag = uuid.uuid4().hex[:8]
        buckets = {"private": f"bench-evidence-{tag}", "public": f"bench-public-{tag}"}
        for bucket in buckets.values():
            client.create_bucket(Bucket=bucket)
        env = django_env(endpoint, buckets, f"bench-upload-{tag}")
        ids = seed_draft()
        path = work / "notes.txt"
        sha256 = make_file(path)

        base, web = start_web(stack, env, work)
        worker = start_worker(stack, env, work)
        browser = Browser(base, ids["session"])
        warm_up(browser, ids)
        time.sleep(1)
        web_idle, worker_idle = reset_peaks(web), reset_peaks(worker)

        baseline_seconds = boto3_upload(client, buckets["private"], path)
        seconds, artifact_id = browser.upload(ids, path)
        if wait_processed(artifact_id) != sha256:
            raise RuntimeError("the stored object differs from the file sent")
        web_peak, web_base = peak_growth(web_idle)
        worker_peak, worker_base = peak_growth(worker_idle)
        # The baseline once more, after ours: the faster of its two runs counts.
        baseline_seconds = min(baseline_seconds, boto3_upload(client, buckets["private"], path))
        size_mb = SIZE / MIB
        large = []
        if tiny() or os.environ.get("BENCH_UPLOAD_5GB", "") not in ("", "0"):
            path.unlink()  # room on disk for the large file
            large = large_upload(browser, ids, work, (web, worker), size_mb / baseline_seconds)

    return [
        Result(
            "1 GB upload throughput, platform presigned multipart vs plain boto3",
            size_mb / seconds,
            size_mb / baseline_seconds,
            "MB/s",
            "ratio >= 0.9",
            Goal("upload_throughput"),
        ),
        Result("web peak RSS during the upload vs idle", web_peak, web_base, "MB", LIMIT),
        Result("worker peak RSS processing 1 GB vs idle", worker_peak, worker_base, "MB", LIMIT),
        *large,
    ]


def large_upload(
    browser: Browser, ids: dict, work: Path, leaders: tuple[int, int], baseline_mb_s: float
) -> list[Result]:
    """The 5 GB upload, once: sent as the 1 GB one, processed, checked, its memory measured.
    Its throughput is set against the 1 GB boto3 baseline (boto3 is not run on 5 GB)."""
    path = work / "large.txt"
    sha256 = make_file(path, LARGE)
    web_idle, worker_idle = reset_peaks(leaders[0]), reset_peaks(leaders[1])
    seconds, artifact_id = browser.upload(ids, path, LARGE)
    if wait_processed(artifact_id, timeout=3600) != sha256:
        raise RuntimeError("the stored large object differs from the file sent")
    path.unlink()
    web_peak, web_base = peak_growth(web_idle)
    worker_peak, worker_base = peak_growth(worker_idle)
    label = f"{LARGE // MIB} MB"
    return [
        Result(
            f"{label} upload throughput (once) vs the 1 GB plain boto3 baseline",
            LARGE / MIB / seconds,
            baseline_mb_s,
            "MB/s",
        ),
        Result(f"web peak RSS during the {label} upload vs idle", web_peak, web_base, "MB", LIMIT),
        Result(
            f"worker peak RSS processing {label} vs idle", worker_peak, worker_base, "MB", LIMIT
        ),
    ]


def _answers(url: str) -> bool:
    try:
        wait_for(url, timeout=0.5)
        return True
    except TimeoutError:
        return False


def _worker_ready(log: Path) -> bool:
    return " ready." in log.read_text(errors="replace")
