"""Shared benchmark plumbing: Django set up for a script, and a throwaway PostgreSQL database.

    from bench.setup import bench_database, django_setup

    django_setup()
    with bench_database("bench_microcred_catalog"):
        ...  # the default connection now points at a fresh, migrated database

A benchmark never touches the developer's database: `bench_database` creates its own on the
server DATABASE_URL points at, named for this run (`database_name`), drops it afterwards (also
when the benchmark fails) and gives the connection back as it found it, so the next benchmark
of the same process starts where the first one did.

Migrating takes seconds; a run migrates once: `bench.run` migrates a template database first
(`template_database`, named in BENCH_TEMPLATE_DATABASE) and every `bench_database` of the run
is a copy of it (CREATE DATABASE ... TEMPLATE), migrated only when no template is named.

`BENCH_SCALE=tiny` runs every benchmark once at a tiny scale (`scaled`): a smoke run that
`make test` uses so that a broken `make bench` fails CI; its figures mean nothing.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

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
    template = os.environ.get("BENCH_TEMPLATE_DATABASE", "")
    if template and (not _SAFE_NAME.match(template) or template in (name, original)):
        raise ValueError(f"Refusing to use {template!r} as the template database.")
    _recreate(name, template=template)
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        _forget_cached_rows()
        if not template:
            call_command("migrate", verbosity=0, interactive=False)
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        _forget_cached_rows()
        _drop(name)


@contextmanager
def template_database() -> Iterator[str]:
    """A migrated database that every `bench_database` of this process (and of the processes it
    starts, through BENCH_TEMPLATE_DATABASE) copies instead of migrating; dropped at the end.
    Nested use (a template already named) reuses that one."""
    if os.environ.get("BENCH_TEMPLATE_DATABASE"):
        yield os.environ["BENCH_TEMPLATE_DATABASE"]
        return
    name = database_name("template")
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    original = connection.settings_dict["NAME"]
    _recreate(name)
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        _forget_cached_rows()
        call_command("migrate", verbosity=0, interactive=False)
    finally:
        connection.close()  # a template must have no connection when it is copied
        connection.settings_dict["NAME"] = original
        _forget_cached_rows()
    os.environ["BENCH_TEMPLATE_DATABASE"] = name
    try:
        yield name
    finally:
        del os.environ["BENCH_TEMPLATE_DATABASE"]
        _drop(name)


def bench_credential(
    *, slug: str, accepted_types: list[str], max_size_mb: int | None
) -> tuple[Any, Any]:
    """A published micro-credential of its own issuer, focus area and competency (all named
    after `slug`): two text parts around one upload part taking `accepted_types` up to
    `max_size_mb` (None: the platform's default), and one criterion over the three. Returns it
    and its upload requirement."""
    from credentials.models import Competency, FocusArea
    from credentials.services import (
        credential_create,
        criterion_add,
        requirement_add,
        version_publish,
    )
    from organizations.models import Organization
    from organizations.services import organization_create

    name = slug.replace("-", " ").title()
    issuer = organization_create(
        kind=Organization.Kind.ISSUER, name=f"{name} Issuer", slug=f"{slug}-issuer", parent=None
    )
    area = FocusArea.objects.create(slug=slug, name=name)
    competency = Competency.objects.create(focus_area=area, name=name, statement="x")
    version = credential_create(
        issuer=issuer, slug=slug, title=name, focus_area=area, competency=competency,
        key_method="x", pd_hours=Decimal("1"), by=None,
    )  # fmt: skip
    texts = [
        requirement_add(version=version, part=part, title=f"T{part}", prompt="x", kind="text")
        for part in (1, 3)
    ]
    upload = requirement_add(
        version=version, part=2, title="Evidence", prompt="x", kind="artifact",
        accepted_types=accepted_types, max_size_mb=max_size_mb,
    )  # fmt: skip
    levels = [{"name": n, "description": "x", "passing": n == "Yes"} for n in ("No", "Yes")]
    criterion_add(version=version, title="All", requirements=[*texts, upload], levels=levels)
    version_publish(version=version, by=None)
    version.credential.refresh_from_db()
    return version.credential, upload


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


def _recreate(name: str, template: str = "") -> None:
    from django.db import connection

    # A run that was killed may have left the database behind: start clean.
    _drop(name)
    copy = f" TEMPLATE {connection.ops.quote_name(template)}" if template else ""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}{copy}")


def _drop(name: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")
