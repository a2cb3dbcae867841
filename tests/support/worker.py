"""A real Celery worker process on Redis, on the pytest database, and what sending to it needs."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from config.queues import all_queues, task_routes
from tests.support.servers import ROOT

BROKER = os.environ.get("ARTIFACT_TEST_BROKER_URL", "redis://127.0.0.1:6379/11")


class Worker:
    """`celery -A config.celery_app worker` in its own process group, on our queue."""

    def __init__(self, env, log):
        self.env = env
        self.log = log
        self.process = None

    def start(self, queues=None, **extra_env):
        env = {**self.env, **{k: str(v) for k, v in extra_env.items()}}
        name = f"artifacts-{uuid.uuid4().hex[:6]}@%h"
        self.log.write_text("")
        # Every workload's queue (config/queues.py) unless told: one worker does all the work in
        # tests.
        queues = queues or ",".join(all_queues(env["CELERY_TASK_DEFAULT_QUEUE"]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker",
             "-Q", queues, "-n", name, "-c", "1", "-P", "prefork",
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


# What a test changes in the Celery app to send to its own worker (and puts back after).
SENDING_CONF = ("task_always_eager", "broker_url", "task_default_queue", "task_routes")


def sending_to(queue: str) -> dict:
    """The app configuration that sends every task to a run's own queues: its default queue and
    its workload queues (config/queues.py), which its Worker consumes."""
    return {"task_default_queue": queue, "task_routes": task_routes(queue)}


def forget_connections(app):
    # The broker URL and default queue are read when the first connection and router are made:
    # drop the cached ones so the new configuration applies.
    for cached in ("amqp", "_pool"):
        app.__dict__.pop(cached, None)
    app._pool = None


def purge_queue(queue):
    import redis

    client = redis.Redis.from_url(BROKER)
    client.delete(*all_queues(queue))


def wait_for_status(artifact, statuses, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        artifact.refresh_from_db()
        if artifact.status in statuses:
            return artifact
        time.sleep(0.2)
    raise AssertionError(f"artifact stayed {artifact.status}: {artifact.failure_reason}")


class Beat:
    """`celery -A config.celery_app beat` in its own process group: it sends the schedule's
    tasks on its own (config.settings.test's TEST_BEAT_ONLY and TEST_BEAT_SECONDS pick and
    shorten the entries)."""

    def __init__(self, env, workdir):
        self.env = env
        self.log = workdir / "beat.log"
        self.schedule = workdir / "celerybeat-schedule"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config.celery_app", "beat",
             "-s", str(self.schedule), "--pidfile=", "-l", "INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        return self

    def sent(self, task_name):
        """How many times beat has sent `task_name` so far (its log says so)."""
        return (
            self.log.read_text(errors="replace").count(f"Sending due task {task_name}")
            if (self.log.exists())
            else 0
        )

    def __exit__(self, *exc):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
