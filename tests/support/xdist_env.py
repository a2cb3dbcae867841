"""The suite runs on several pytest-xdist workers at once (scripts/test.sh, `-n`): each worker
gets Redis databases of its own, as it gets its own test database from pytest-django.

Loaded with `-p` (pyproject.toml's addopts), so it runs before pytest-django imports the
settings: the environment it sets is what config/settings/test.py, the test helpers and every
process a test starts (Celery workers, a stack) read. Without xdist, and on its first worker, the
databases are the defaults below; worker N takes each default minus N, so up to four workers
never share one (the defaults are four apart).
"""

import os

WORKERS_AT_MOST = 4
# What each Redis database is for, and its number on the first worker.
REDIS_DEFAULTS = {
    "CELERY_BROKER_URL": 15,  # the tests' broker and tasks (config/settings/test.py)
    "ARTIFACT_TEST_BROKER_URL": 11,  # the real Celery workers of tests/support/worker.py
    "JOURNEYS_REDIS_URL": 7,  # the journeys' stack (tests/support/stack.py), flushed per stack
    "STACK_TEST_REDIS_URL": 3,  # `make stack` in tests/config/test_stack.py
}


def worker_index(name: str | None = None) -> int:
    """0 for the first xdist worker (gw0) or a run without xdist, N for gwN."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "") if name is None else name
    return int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0


def redis_url_for(url: str, index: int) -> str:
    """`url` with its database number lowered by `index`."""
    base, _, number = url.rpartition("/")
    return f"{base}/{int(number) - index}"


def _set_up() -> None:
    index = worker_index()
    if index >= WORKERS_AT_MOST:
        raise RuntimeError(
            f"At most {WORKERS_AT_MOST} test workers: each needs Redis databases of its own "
            f"(tests/support/xdist_env.py); run with -n {WORKERS_AT_MOST} or fewer."
        )
    for name, number in REDIS_DEFAULTS.items():
        url = os.environ.get(name) or f"redis://127.0.0.1:6379/{number}"
        os.environ[name] = redis_url_for(url, index)


_set_up()
