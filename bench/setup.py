"""Shared benchmark plumbing: Django set up for a script, and a throwaway PostgreSQL database.

    from bench.setup import bench_database, django_setup

    django_setup()
    with bench_database("bench_microcred_catalog"):
        ...  # the default connection now points at a fresh, migrated database

A benchmark never touches the developer's database: `bench_database` creates its own on the
server DATABASE_URL points at, named for this run (`database_name`), drops it afterwards (also
when the benchmark fails) and gives the connection back as it found it, so the next benchmark
of the same process starts where the first one did.

`BENCH_SCALE=tiny` runs every benchmark once at a tiny scale (`scaled`): a smoke run that
`make test` uses so that a broken `make bench` fails CI; its figures mean nothing.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def tiny() -> bool:
    """Whether this is a smoke run (BENCH_SCALE=tiny)."""
    return os.environ.get("BENCH_SCALE", "").strip().lower() == "tiny"


def scaled(full: int, smoke: int, knob: str = "") -> int:
    """A benchmark's size: its own environment knob when set, else `smoke` in a tiny run."""
    if knob and os.environ.get(knob):
        return int(os.environ[knob])
    return smoke if tiny() else full


def database_name(benchmark: str) -> str:
    """`<BENCH_DATABASE_NAME>_<benchmark>_<pid>`: two runs on one server never share one."""
    base = os.environ.get("BENCH_DATABASE_NAME", "bench_microcred")
    return f"{base}_{benchmark}_{os.getpid()}"[:63]


def django_setup() -> None:
    """Configure Django for a script run outside manage.py (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


@contextmanager
def bench_database(name: str) -> Iterator[None]:
    """Create database `name`, point Django's default connection at it, migrate, yield, drop it.

    Refuses a name that is not a plain lowercase identifier or that is the configured database,
    so a typo cannot drop real data.
    """
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise RuntimeError("Benchmarks run on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    original = connection.settings_dict["NAME"]
    if not _SAFE_NAME.match(name) or name == original:
        raise ValueError(f"Refusing to use {name!r} as a throwaway benchmark database.")
    _recreate(name)
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        _forget_cached_rows()
        call_command("migrate", verbosity=0, interactive=False)
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        _forget_cached_rows()
        _drop(name)


@contextmanager
def scratch_database(name: str) -> Iterator[None]:
    """Create database `name` (empty: whoever uses it migrates it) and drop it afterwards, with
    the same refusals as `bench_database`; Django's connection stays where it was."""
    django_setup()
    from django.db import connection

    if not _SAFE_NAME.match(name) or name == connection.settings_dict["NAME"]:
        raise ValueError(f"Refusing to use {name!r} as a throwaway benchmark database.")
    _recreate(name)
    try:
        yield
    finally:
        _drop(name)


def empty_caches(*aliases: str) -> None:
    """Clear the named caches, or every cache when none is named: the next request computes
    what a cached page would have served."""
    from django.core.cache import caches

    for cache in [caches[alias] for alias in aliases] if aliases else caches.all():
        cache.clear()


def _forget_cached_rows() -> None:
    # Content types are cached per process by id; ids from another database would be wrong.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _recreate(name: str) -> None:
    from django.db import connection

    # A run that was killed may have left the database behind: start clean.
    _drop(name)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def _drop(name: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")
