"""Staff progress: dashboard time, district of 400 and state of 20,000; exports, time and memory.

The data is generated with bulk SQL (INSERT ... SELECT generate_series): a state of 50 districts
(5 schools each), 20,000 educators (400 per district) and 200,000 submissions spread over the 27
demo micro-credentials with a realistic mix of statuses and dates, then ANALYZEd. Server times
are medians over several requests through Django's test Client (middleware, view, queries,
template), each compared with a trivial page (`/healthz`) measured on the same server in the same
run. Exports are consumed to the end; their peak Python memory (tracemalloc) is measured for the
district and for the state, 50 times the rows: flat means the ratio stays near 1.
"""

import statistics
import time
import tracemalloc
from typing import Any

from bench.run import Result
from bench.setup import bench_database, database_name, django_setup, empty_caches, scaled

DISTRICTS = scaled(50, 2)
SCHOOLS_PER_DISTRICT = scaled(5, 2)
EDUCATORS = scaled(20_000, 20)
SUBMISSIONS_PER_EDUCATOR = scaled(10, 2)  # 200,000 submissions
WARM_UP = scaled(2, 1)


def run() -> list[Result]:
    django_setup()
    name = database_name("dashboard")
    with bench_database(name):
        started = time.perf_counter()
        district, state = _generate()
        generated_in = time.perf_counter() - started
        print(f"  (generated {EDUCATORS:,} educators and {_count():,} submissions "
              f"in {generated_in:.1f} s)", flush=True)  # fmt: skip
        return _measure(district, state)


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


def _measure(district: Any, state: Any) -> list[Result]:
    from django.test import Client

    district_admin, state_admin = Client(), Client()
    district_admin.force_login(_admin("bench-district-admin@example.org", district))
    state_admin.force_login(_admin("bench-state-admin@example.org", state))
    baseline = _median_ms(Client(), "/healthz", runs=30)
    # Cold: the statistics are computed for each request, as on the first visit of the day or
    # the first after any change to the staff's progress (reporting/progress_cache.py).
    district_ms = _median_ms(district_admin, "/organizations/", runs=15, cold=True)
    district_cached_ms = _median_ms(district_admin, "/organizations/", runs=15)
    state_ms = _median_ms(state_admin, "/organizations/", runs=7, cold=True)
    sorted_ms = _median_ms(
        state_admin, "/organizations/?sort=-pd_hours&status=earned", runs=5, cold=True
    )
    results = [
        Result("dashboard, district of 400 educators, statistics computed", district_ms,
               baseline, "ms", "under 150 ms"),
        Result("dashboard, district of 400 educators, statistics cached", district_cached_ms,
               baseline, "ms", "under 150 ms"),
        Result("dashboard, state of 20,000 educators, statistics computed", state_ms, baseline,
               "ms", "under 600 ms"),
        Result("dashboard, state, sorted by PD hours and filtered, statistics computed",
               sorted_ms, baseline, "ms", "under 600 ms"),
    ]  # fmt: skip
    # Memory at two sizes, both well past one fetch of rows (2,000): the first export is
    # narrowed by a filter (half the educators; one focus area), the second is the whole state.
    narrower = {"progress": "?q=Educator+0", "earned": f"?focus_area={_largest_focus_area()}"}
    for kind in ("progress", "earned"):
        url = f"/organizations/export/{kind}.csv"
        seconds, rows = _export_seconds(state_admin, url)
        _small_seconds, small_rows = _export_seconds(state_admin, url + narrower[kind])
        small_peak = _export_peak_kib(state_admin, url + narrower[kind])
        large_peak = _export_peak_kib(state_admin, url)
        results += [
            Result(f"export {kind} CSV, state ({rows:,} rows), time", seconds * 1000, baseline,
                   "ms", "streams; no timeout"),
            Result(f"export {kind} CSV peak memory, {rows:,} vs {small_rows:,} rows",
                   large_peak, small_peak, "KiB", "ratio near 1 (flat)"),
        ]  # fmt: skip
    seconds, rows = _export_seconds(state_admin, "/organizations/export/progress.xlsx")
    results.append(
        Result(f"export progress XLSX, state ({rows:,} bytes), time", seconds * 1000, baseline,
               "ms", "no timeout")
    )  # fmt: skip
    return results


def _largest_focus_area() -> str:
    from django.db.models import Count

    from credentials.models import MicroCredentialVersion

    top = (
        MicroCredentialVersion.objects.values("focus_area__slug")
        .annotate(n=Count("submissions"))
        .order_by("-n")
        .first()
    )
    return top["focus_area__slug"] if top else ""


def _median_ms(client: Any, url: str, runs: int, *, cold: bool = False) -> float:
    """Median server time of `url`; `cold`: with every cache emptied before each request."""
    for _ in range(WARM_UP):
        _get(client, url)
    times = []
    for _ in range(runs):
        if cold:
            empty_caches()
        started = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _get(client: Any, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def _export_seconds(client: Any, url: str) -> tuple[float, int]:
    """Seconds to produce the whole export; rows for CSV (lines), bytes for XLSX."""
    started = time.perf_counter()
    response = _get(client, url)
    size = 0
    for chunk in response.streaming_content:
        size += chunk.count(b"\n") if ".csv" in url else len(chunk)
    response.close()
    return time.perf_counter() - started, size - (1 if ".csv" in url else 0)


def _export_peak_kib(client: Any, url: str) -> float:
    tracemalloc.start()
    try:
        response = _get(client, url)
        for _chunk in response.streaming_content:
            pass
        response.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024


# --------------------------------------------------------------------------------------------
# Generating the state
# --------------------------------------------------------------------------------------------


def _generate() -> tuple[Any, Any]:
    from demo.catalog import seed_demo_catalog
    from organizations.models import Organization
    from organizations.services import organization_create

    kind = Organization.Kind
    issuer = organization_create(kind=kind.ISSUER, name="Bench Issuer", slug="bench-issuer")
    seed_demo_catalog(issuer=issuer, author=None)
    state = organization_create(kind=kind.STATE, name="Bench State", slug="bench-state")
    schools: list[int] = []
    districts = []
    for d in range(DISTRICTS):
        district = organization_create(
            kind=kind.DISTRICT, name=f"District {d:02d}", slug=f"bench-d{d}", parent=state
        )
        districts.append(district)
        for s in range(SCHOOLS_PER_DISTRICT):
            school = organization_create(
                kind=kind.SCHOOL, name=f"School {d:02d}-{s}", slug=f"bench-d{d}-s{s}",
                parent=district,
            )  # fmt: skip
            schools.append(school.pk)
    _insert_people(schools)
    _insert_submissions()
    return districts[0], state


def _execute(sql: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _insert_people(schools: list[int]) -> None:
    """Educators 0..N-1; educator i teaches at school i // 80 (400 per district)."""
    per_school = EDUCATORS // len(schools)
    _execute(
        """
        INSERT INTO accounts_user (password, is_superuser, public_id, email, display_name,
                                   is_active, is_staff, date_joined, last_activity_at)
        SELECT '!', false, gen_random_uuid(), 'bench-educator-' || g || '@example.org',
               'Educator ' || lpad(g::text, 5, '0'), true, false, now(),
               now() - ((g * 7) %% 120) * interval '1 day'
        FROM generate_series(0, %s - 1) AS g
        """,
        [EDUCATORS],
    )
    _execute(
        """
        INSERT INTO organizations_membership (public_id, user_id, organization_id, role,
                                              is_active, created_at)
        SELECT gen_random_uuid(), u.id, (%s::bigint[])[n / %s + 1], 'educator', true, now()
        FROM (SELECT id, substring(email from 'bench-educator-([0-9]+)@')::int AS n
              FROM accounts_user WHERE email LIKE 'bench-educator-%%') AS u
        """,
        [schools, per_school],
    )


# Status by (educator, k): 40% passed, 15% not yet, 20% draft, 10% submitted, 5% in review,
# 10% withdrawn. Dates over the last two years; decisions 1-30 days after submission.
SUBMISSIONS_SQL = """
WITH creds AS (
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, published_version_id AS version_id
    FROM credentials_microcredential WHERE status = 'published'
), total AS (SELECT count(*) AS c FROM creds),
people AS (
    SELECT id, substring(email from 'bench-educator-([0-9]+)@')::int AS i
    FROM accounts_user WHERE email LIKE 'bench-educator-%%'
),
planned AS (
    SELECT p.id AS educator_id, c.id AS credential_id, c.version_id,
           CASE
             WHEN r < 8 THEN 'passed' WHEN r < 11 THEN 'not_yet' WHEN r < 15 THEN 'draft'
             WHEN r < 17 THEN 'submitted' WHEN r < 18 THEN 'in_review' ELSE 'withdrawn'
           END AS status,
           now() - (((p.i * 13 + k * 101) %% 700) + 40) * interval '1 day' AS created_at,
           ((p.i + k * 3) %% 20 + 1) * interval '1 day' AS to_submit,
           ((p.i * 7 + k) %% 30 + 1) * interval '1 day' AS to_decide
    FROM people p
    CROSS JOIN generate_series(0, %s - 1) AS k
    CROSS JOIN LATERAL (SELECT (p.i * 31 + k * 17) %% 20 AS r) AS mix
    JOIN creds c ON c.n = (p.i * 7 + k) %% (SELECT c FROM total)
)
INSERT INTO submissions_submission (public_id, educator_id, credential_id, version_id, attempt,
                                    status, created_at, updated_at, submitted_at, decided_at)
SELECT gen_random_uuid(), educator_id, credential_id, version_id, 1, status, created_at,
       created_at,
       CASE WHEN status IN ('draft', 'withdrawn') THEN NULL ELSE created_at + to_submit END,
       CASE WHEN status IN ('passed', 'not_yet') THEN created_at + to_submit + to_decide END
FROM planned
"""


def _insert_submissions() -> None:
    from django.db import transaction

    with transaction.atomic():
        # A throwaway database loaded from rows that satisfy every constraint by construction:
        # skip the per-row deferred foreign-key triggers (the load takes seconds, not minutes).
        _execute("SET LOCAL session_replication_role = replica")
        _execute(SUBMISSIONS_SQL, [SUBMISSIONS_PER_EDUCATOR])
    _execute("ANALYZE")


def _count() -> int:
    from submissions.models import Submission

    return Submission.objects.count()


def _admin(email: str, organization: Any) -> Any:
    from accounts.services import user_create
    from organizations.models import Role
    from organizations.services import membership_grant

    user = user_create(email=email, display_name="Bench Admin", password="bench-pass-2026")
    membership_grant(user=user, organization=organization, role=Role.DISTRICT_ADMIN)
    return user
