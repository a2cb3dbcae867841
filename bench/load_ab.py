"""The two sides of bench_load's A/B run, and the CPU they spend, measured from /proc.

A side is one tree of the code (this one, or the baseline commit checked out in a git worktree
of its own), its own database migrated and seeded by that tree's code (bench/load_seed.py), its
own Redis database and its own gunicorn. Both sides run at once; locust loads one at a time, so
the idle one costs nothing measurable.

CPU per request counts what serving costs, not what measuring costs: the side's gunicorn master
and workers, the PostgreSQL backends connected to the side's database, and the benchmark's own
redis-server (utime + stime from /proc/<pid>/stat), over one locust run, divided by the requests
it sent. Locust is left out. The PostgreSQL server and the shared Redis serve other runs on this
machine, so only the backends of the side's database are counted (their process title names
it), and Redis is a private redis-server started for the run; PostgreSQL's own background
processes (WAL writer, checkpointer) are shared and left out.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_SCRIPT = Path(__file__).with_name("load_seed.py")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POLL_SECONDS = 0.25


@dataclass
class Side:
    """One server under test: `label` names it in the output (ours, or the baseline commit)."""

    label: str
    tree: Path
    database: str
    redis_url: str  # the side's own database of the run's redis-server
    redis_pid: int
    identities: Path  # what locust's users need (bench/load_seed.py writes it)
    env: dict[str, str] = field(default_factory=dict)  # gunicorn's
    base_url: str = ""
    gunicorn_pid: int = 0
    world: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# The baseline tree
# --------------------------------------------------------------------------------------------


@contextmanager
def baseline_tree(commit: str) -> Iterator[Path]:
    """`git worktree add --detach` of `commit` in a temporary directory, removed afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="bench-load-baseline-"))
    tree = parent / "tree"
    _git("worktree", "add", "--detach", str(tree), commit)
    try:
        yield tree
    finally:
        _git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(parent, ignore_errors=True)


def _git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True)


def collect_baseline_static(tree: Path, commit: str, env: dict[str, str]) -> None:
    """The baseline's manifest static files, collected once per commit into a cache outside the
    tree (collecting and compressing takes a minute or two) and linked in as its STATIC_ROOT."""
    resolved = subprocess.run(
        ["git", "rev-parse", commit], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    cache_home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    collected = cache_home / "microcred-bench" / f"staticfiles-{resolved}"
    (tree / "staticfiles").symlink_to(collected, target_is_directory=True)
    if (collected / "staticfiles.json").exists():
        return
    collected.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"],
        cwd=tree, env=env, check=True,
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# Seeding a side through its own code
# --------------------------------------------------------------------------------------------


def start_seeding(side: Side, sizes: dict[str, int], secret: str, log: Path) -> subprocess.Popen:
    """Migrate and seed `side.database` with `side.tree`'s code, in a child process."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))},
        "DATABASE_URL": database_url(side.database),
        "LOAD_SEED_SIZES": json.dumps(sizes),
        "LOAD_SEED_SECRET": secret,
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-c", SEED_SCRIPT.read_text(), str(side.identities)],
            cwd=side.tree, env=env, stdout=subprocess.PIPE, stderr=out,
        )  # fmt: skip


def finish_seeding(side: Side, child: subprocess.Popen, log: Path) -> None:
    stdout, _ = child.communicate(timeout=3600)
    if child.returncode:
        raise RuntimeError(f"seeding {side.label} failed:\n{log.read_text()[-4000:]}")
    side.world = json.loads(stdout.decode().strip().splitlines()[-1])


def database_url(database: str) -> str:
    """DATABASE_URL's server, database `database`."""
    from urllib.parse import urlsplit, urlunsplit

    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{database}"))


# --------------------------------------------------------------------------------------------
# Processes: gunicorn in a tree, a private redis-server
# --------------------------------------------------------------------------------------------


def private_redis(stack: ExitStack, work: Path) -> tuple[str, int]:
    """A redis-server of the run's own (no persistence): its URL without a database, its pid.
    Its CPU is then only this run's; a shared Redis also serves other runs on the machine."""
    import socket

    from bench.bench_upload import free_port, process

    port = free_port()

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("bench_load needs redis-server on PATH (its CPU is measured)")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--databases", "4"]  # fmt: skip
    child = stack.enter_context(process(args, dict(os.environ), work / "redis.log", answers,
                                        cwd=work, start_seconds=120))  # fmt: skip
    return f"redis://127.0.0.1:{port}", child.pid


# --------------------------------------------------------------------------------------------
# CPU from /proc
# --------------------------------------------------------------------------------------------


class CpuMeter:
    """CPU seconds of a side's server processes over a window, by group (web, postgres, redis).

    Polls /proc while the window is open, so a process that starts during it (a new backend)
    counts from its start, and one that ends during it counts up to its last poll.
    """

    def __init__(self, gunicorn_pid: int, database: str, redis_pid: int) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.database_title = f" {database} "
        self.redis_pid = redis_pid

    @contextmanager
    def window(self) -> Iterator[dict[str, float]]:
        """Yields a dict filled, when the window closes, with CPU seconds per group."""
        first = self._sample()
        last = dict(first)
        stop = threading.Event()

        def poll() -> None:
            while not stop.wait(POLL_SECONDS):
                last.update(self._sample())

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        spent: dict[str, float] = {"web": 0.0, "postgres": 0.0, "redis": 0.0}
        try:
            yield spent
        finally:
            stop.set()
            poller.join()
            last.update(self._sample())
            for pid, (group, ticks) in last.items():
                before = first.get(pid, (group, 0))[1]
                spent[group] += (ticks - before) / CLOCK_TICKS

    def _sample(self) -> dict[int, tuple[str, int]]:
        found = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
                group = self._group(int(entry.name), stat, entry.path)
            except (OSError, ValueError):
                continue  # ended meanwhile
            if group:
                fields = stat[stat.rindex(")") + 2 :].split()
                found[int(entry.name)] = (group, int(fields[11]) + int(fields[12]))
        return found

    def _group(self, pid: int, stat: str, path: str) -> str:
        if pid == self.redis_pid:
            return "redis"
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        if self.gunicorn_pid in (pid, ppid):
            return "web"
        if stat[stat.index("(") + 1 : stat.rindex(")")] == "postgres":
            title = Path(path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if self.database_title in title:
                return "postgres"
        return ""
