"""Every benchmark runs once at a tiny scale (BENCH_SCALE=tiny, bench/setup.py): a smoke run of
what `make bench` runs, so that a broken benchmark fails `make test`. No figure is asserted,
only that each benchmark finishes and prints its ratios, and leaves no database behind. The runs
copy one migrated template database (BENCH_TEMPLATE_DATABASE, as `make bench` does within its
one process) instead of migrating each their own."""

import os
import pkgutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = sorted(
    m.name for m in pkgutil.iter_modules([str(ROOT / "bench")]) if m.name.startswith("bench_")
)


SERVER_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="module")
def template():
    """One migrated database for every smoke run of this module; dropped at the end."""
    name = f"bench_smoke_template_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        url = urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
            },
            check=True,
            timeout=600,
        )
        yield name
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _bench(*names: str, template: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """`python -m bench.run NAMES` as scripts/bench.sh runs it, tiny, on databases of its own
    copied from `template`."""
    prefix = f"bench_smoke_{uuid.uuid4().hex[:8]}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("BENCH_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "BENCH_SCALE": "tiny",
        "BENCH_DATABASE_NAME": prefix,
        "BENCH_TEMPLATE_DATABASE": template,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return done, prefix


def _databases_named(prefix: str) -> list[str]:
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"]
        ).fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize("name", BENCHMARKS)
def test_each_benchmark_runs_at_a_tiny_scale(name, template):
    done, prefix = _bench(name, template=template)

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert f"== {name}:" in done.stdout and "ratio" in done.stdout, done.stdout[-2000:]
    assert _databases_named(prefix) == []


def test_two_benchmarks_in_one_process_each_start_where_the_first_did(template):
    """bench_badges dropped its database and left the connection pointing at it: the next
    benchmark of the run (catalog) then failed to connect."""
    done, prefix = _bench("bench_badges", "bench_catalog", template=template)

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "== bench_badges:" in done.stdout and "== bench_catalog:" in done.stdout
    assert _databases_named(prefix) == []
