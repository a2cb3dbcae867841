"""Review queue: server time of the queue page and API with 10,000 vs 100 waiting submissions.

Twenty published micro-credentials of one issuer; 500 educators in schools of three districts;
the reviewer is designated for every micro-credential and works in one of the districts, so the
conflict-of-interest rule is part of every query (a third of the submissions are not theirs to
review). Submissions are bulk-inserted as "submitted" with spread-out submission times, then the
database is ANALYZEd as a live one would be. Each figure is the median server time over RUNS
requests through Django's test Client (middleware, the view, the queries, the template), after
warm-up requests; the baseline is the same request when 100 submissions were waiting.
"""

import statistics
import time
from datetime import timedelta
from typing import Any

from bench.run import Result
from bench.setup import bench_database, database_name, django_setup, scaled

SMALL = scaled(100, 8)
LARGE = scaled(10_000, 16)
CREDENTIALS = scaled(20, 4)
EDUCATORS = LARGE // CREDENTIALS  # each educator submits each micro-credential once at most
RUNS = scaled(30, 1)
WARM_UP = scaled(5, 1)
PAGE = "/reviews/"
API = "/api/v1/review-queue/"


def run() -> list[Result]:
    django_setup()
    name = database_name("reviews")
    with bench_database(name):
        world = _seed()
        _add_submissions(world, 0, SMALL)
        small = [_median_ms(world["reviewer"], url) for url in (PAGE, API)]
        started = time.perf_counter()
        _add_submissions(world, SMALL, LARGE)
        generated_in = time.perf_counter() - started
        large = [_median_ms(world["reviewer"], url) for url in (PAGE, API)]
    print(f"  (generated {LARGE - SMALL} submissions in {generated_in:.1f} s)", flush=True)
    names = ["review queue page", "review queue API"]
    return [
        Result(f"{label} ({LARGE} vs {SMALL} waiting)", at_large, at_small, "ms", "under 2x")
        for label, at_large, at_small in zip(names, large, small, strict=True)
    ]


def _seed() -> dict[str, Any]:
    from accounts.models import User
    from accounts.services import user_create
    from organizations.models import Membership, Organization, Role
    from organizations.services import membership_grant, organization_create
    from reviews.services import reviewer_designate_for_all
    from tests.support.credentials import published_credential

    kind = Organization.Kind
    issuer = organization_create(kind=kind.ISSUER, name="Bench Issuer", slug="bench-issuer")
    state = organization_create(kind=kind.STATE, name="Bench State", slug="bench-state")
    schools = []
    for d in range(3):
        district = organization_create(
            kind=kind.DISTRICT, name=f"District {d}", slug=f"district-{d}", parent=state
        )
        for s in range(3):
            schools.append(
                organization_create(
                    kind=kind.SCHOOL,
                    name=f"School {d}-{s}",
                    slug=f"school-{d}-{s}",
                    parent=district,
                )
            )
    credentials = [
        published_credential(issuer, slug=f"bench-credential-{n}", with_artifact=False)
        for n in range(CREDENTIALS)
    ]
    educators = User.objects.bulk_create(
        [
            User(email=f"educator{n}@bench.example", display_name=f"Educator {n}", password="!")
            for n in range(EDUCATORS)
        ],
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=educator, organization=schools[n % len(schools)], role=Role.EDUCATOR)
            for n, educator in enumerate(educators)
        ],
        batch_size=1000,
    )
    reviewer = user_create(
        email="reviewer@bench.example", display_name="Bench Reviewer", password="bench-pass-2026"
    )
    membership_grant(user=reviewer, organization=schools[0], role=Role.EDUCATOR)
    reviewer_designate_for_all(reviewer=reviewer, issuer=issuer)
    return {"reviewer": reviewer, "credentials": credentials, "educators": educators}


def _add_submissions(world: dict[str, Any], start: int, stop: int) -> None:
    """Submissions number start..stop-1 as "submitted", oldest first by number, then ANALYZE."""
    from django.db import connection
    from django.utils import timezone

    from submissions.models import Submission

    now = timezone.now()
    credentials, educators = world["credentials"], world["educators"]
    rows = []
    for number in range(start, stop):
        credential = credentials[number // EDUCATORS]
        rows.append(
            Submission(
                educator=educators[number % EDUCATORS],
                credential=credential,
                version_id=credential.published_version_id,
                status=Submission.Status.SUBMITTED,
                submitted_at=now - timedelta(minutes=LARGE - number),
            )
        )
    Submission.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _median_ms(reviewer: Any, url: str) -> float:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    # One persistent connection, as a production worker keeps: the figure is the request's own
    # work, not a TCP and authentication handshake per request that would dilute the ratio.
    max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = None
    try:
        for _ in range(WARM_UP):
            response = client.get(url)
            assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = max_age
        connection.close()
    return statistics.median(timings)
