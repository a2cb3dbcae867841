"""Badges: issuing 1,000 badges (sign + bake + store), per badge, and signing overhead.

Runs against its own PostgreSQL database (bench.setup.bench_database, created and dropped) and a
temporary local public storage. Issuing is `badges.services.badge_award`, sequential, one
transaction per badge, as the Celery task runs it; the email and stack-check tasks it enqueues
after commit are left out (they are separate tasks). Baselines are measured in the same run:
signing alone for the total, a plain one-row insert for the per-badge time, and a bare Ed25519
signature over the same canonical N-Quads for the signing figure (both in CPU time of this
process; issue 26's signing target is at most 10x).
"""

import os
import shutil
import statistics
import tempfile
import time
import timeit
from contextlib import ExitStack
from decimal import Decimal
from typing import Any

from bench.run import Goal, Result
from bench.setup import bench_database, database_name, django_setup, scaled

BADGES = scaled(1000, 3, "BENCH_BADGES")
SIGN_SAMPLES = scaled(200, 2)
BARE_SAMPLES = scaled(5000, 10)


def _catalog() -> Any:
    from credentials.models import Competency, FocusArea, MicroCredential
    from credentials.services import (
        credential_create,
        criterion_add,
        requirement_add,
        version_publish,
    )
    from organizations.models import Organization
    from organizations.services import organization_get_or_create

    suffix = str(time.time_ns())
    issuer = organization_get_or_create(
        kind=Organization.Kind.ISSUER, name="Bench Academy", slug=f"bench-academy-{suffix}"
    )
    area, _ = FocusArea.objects.get_or_create(slug="bench", defaults={"name": "Assessment"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area,
        name="Formative checks",
        defaults={"statement": "Checks for understanding."},
    )
    version = credential_create(
        issuer=issuer,
        slug=f"bench-{suffix}",
        title="Formative Assessment Practitioner",
        focus_area=area,
        competency=competency,
        key_method="Ask, notice, adjust.",
        pd_hours=Decimal("15"),
        by=None,
    )
    version.validity_years = 5
    version.save(update_fields=["validity_years"])
    parts = [
        requirement_add(
            version=version, part=part, title=f"Part {part}", prompt="Describe.", kind="text"
        )
        for part in (1, 2, 3)
    ]
    levels = [
        {"name": "Not yet", "description": "Missing", "passing": False},
        {"name": "Proficient", "description": "Shown", "passing": True},
    ]
    for title in ("Planning", "Evidence", "Reflection"):
        criterion_add(version=version, title=title, requirements=parts, levels=levels)
    version_publish(version=version, by=None)
    return MicroCredential.objects.get(slug=f"bench-{suffix}")


def _passed_submissions(credential: Any, count: int) -> list[Any]:
    """`count` educators with a passed submission each (bulk: this is data, not the subject)."""
    from django.utils import timezone

    from accounts.models import User
    from submissions.models import Submission

    stamp = time.time_ns()
    users = User.objects.bulk_create(
        User(email=f"bench{stamp}-{i}@example.org", display_name=f"Educator {i}")
        for i in range(count)
    )
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(
            educator=user,
            credential=credential,
            version_id=credential.published_version_id,
            status=Submission.Status.PASSED,
            submitted_at=now,
            decided_at=now,
        )
        for user in users
    )
    return list(Submission.objects.filter(credential=credential).order_by("pk"))


def _issue_all(submissions: list[Any]) -> list[float]:
    from badges import services

    durations = []
    for submission in submissions:
        started = time.perf_counter()
        services.badge_award(submission=submission)
        durations.append(time.perf_counter() - started)
    return durations


def _signing_figures(credential: Any) -> tuple[float, float]:
    """(seconds per eddsa-rdfc-2022 signature, seconds per bare Ed25519 over its N-Quads)."""
    from django.utils import timezone

    from badges import documents
    from badges.keys import signing_key_for
    from badges.models import Badge
    from badges.ob3.signing import canonical_document, sign_credential

    badge = Badge.objects.filter(credential=credential).first()
    assert badge is not None
    unsigned = documents.ob3_credential(badge)
    signing = signing_key_for(issuer=badge.issuer)
    created = timezone.now()

    def sign() -> None:
        sign_credential(
            unsigned,
            private_key=signing.private_key,
            verification_method=signing.verification_method,
            created=created,
        )

    sign()  # warm the context cache, as a worker is after its first badge
    # CPU time of this process on both sides: on a shared machine, wall time also counts the
    # time other processes held the CPU.
    per_sign = timeit.timeit(sign, number=SIGN_SAMPLES, timer=time.process_time) / SIGN_SAMPLES
    canonical = canonical_document(unsigned).encode("utf-8")
    per_bare = (
        timeit.timeit(
            lambda: signing.private_key.sign(canonical),
            number=BARE_SAMPLES,
            timer=time.process_time,
        )
        / BARE_SAMPLES
    )
    return per_sign, per_bare


def _row_insert_seconds(samples: int = scaled(200, 2)) -> float:
    """A plain insert-and-commit of one audit row: the floor of any per-badge write."""
    from badges.models import BadgeEvent

    started = time.perf_counter()
    for _ in range(samples):
        BadgeEvent.objects.create(action=BadgeEvent.Action.ISSUED, note="bench baseline")
    return (time.perf_counter() - started) / samples


def run() -> list[Result]:
    django_setup()
    from django.test.utils import override_settings

    from badges import images, tasks

    media = tempfile.mkdtemp(prefix="bench-badges-")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.path.join(media, "private")},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.path.join(media, "public")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with ExitStack() as stack:
            # Its own database, dropped after; the connection is given back as it was found.
            stack.enter_context(bench_database(database_name("badges")))
            stack.enter_context(
                override_settings(STORAGES=storages, SITE_URL="https://badges.example.org")
            )
            # The email and stack-check tasks enqueued after each commit are not issuing.
            for task in (tasks.badge_send_email_task, tasks.stack_badges_award_task):
                original = task.delay
                task.delay = lambda *args, **kwargs: None  # type: ignore[method-assign]
                stack.callback(setattr, task, "delay", original)
            images._class_cache.clear()
            credential = _catalog()
            submissions = _passed_submissions(credential, BADGES + 1)
            # Warm-up, not timed: the first badge loads the URLconf and creates the issuer's
            # key and status list, once per worker process.
            _issue_all(submissions[:1])
            started = time.perf_counter()
            durations = _issue_all(submissions[1:])
            total = time.perf_counter() - started
            per_sign, per_bare = _signing_figures(credential)
            per_insert = _row_insert_seconds()
    finally:
        shutil.rmtree(media, ignore_errors=True)

    per_badge_ms = statistics.mean(durations) * 1000
    p95_ms = sorted(durations)[int(len(durations) * 0.95) - 1] * 1000
    return [
        Result(
            f"issue {len(durations):,} badges (sign + bake + store), total",
            measured=total,
            baseline=per_sign * len(durations),
            unit="s",
            target="baseline: signing the same credentials alone",
        ),
        Result(
            f"badges issued per second ({len(durations):,}, one worker process, sequential)",
            measured=len(durations) / total,
            baseline=1 / per_sign,
            unit="badges/s",
            target="baseline: signatures per second alone",
        ),
        Result(
            "per-badge issue time (mean)",
            measured=per_badge_ms,
            baseline=per_insert * 1000,
            unit="ms",
            target="< 1000 ms (seconds, not minutes); baseline: a plain row insert+commit",
        ),
        Result(
            "per-badge issue time (p95)",
            measured=p95_ms,
            baseline=statistics.median(durations) * 1000,
            unit="ms",
            target="baseline: the median",
        ),
        Result(
            "eddsa-rdfc-2022 signing vs bare Ed25519 of the same canonical bytes",
            measured=per_sign * 1e6,
            baseline=per_bare * 1e6,
            unit="µs",
            target="<= 10x; the ratio is the cost of RDF canonicalization",
            goal=Goal("signing"),
        ),
    ]
