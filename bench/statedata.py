"""A state's staff, their submissions and badges, generated with set-based SQL (issue 26).

    from bench.statedata import StateSize, generate_state

    state, district = generate_state(StateSize(educators=100_000, districts=40, schools=10))

Organizations go through `organization_create` (their paths are the service's business); the
people, memberships, submissions and badges are each one `INSERT ... SELECT generate_series`,
so 100,000 educators with 1,000,000 submissions and 300,000 badges load in about a minute.
Every row satisfies the models' constraints by construction: educator i attempts ten distinct
micro-credentials once each (attempt 1, so no two open attempts of one micro-credential), and a
badge is issued for three passed attempts in four (one per submission, kind micro_credential).
The database must be a throwaway one (bench.setup.bench_database): the load skips the
per-row foreign-key triggers.
"""

import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

EMAIL = "bench-educator-{}@example.org"


@dataclass(frozen=True)
class StateSize:
    """A state: `districts` districts of `schools` schools each, educators spread evenly."""

    educators: int
    districts: int
    schools: int  # per district
    submissions_per_educator: int = 10

    @property
    def label(self) -> str:
        return f"{self.educators:,} educators in {self.districts * self.schools} schools"


def generate_state(size: StateSize) -> tuple[Any, Any]:
    """Create the catalog, a state and its staff; return (state, its first district)."""
    from demo.catalog import seed_demo_catalog
    from organizations.models import Organization
    from organizations.services import organization_create
    from reporting.rollup import progress_rollup_rebuild

    started = time.perf_counter()
    kind = Organization.Kind
    issuer = organization_create(kind=kind.ISSUER, name="Bench Issuer", slug="bench-issuer")
    seed_demo_catalog(issuer=issuer, author=None)
    state = organization_create(kind=kind.STATE, name="Bench State", slug="bench-state")
    districts, schools = [], []
    for d in range(size.districts):
        district = organization_create(
            kind=kind.DISTRICT, name=f"District {d:03d}", slug=f"bench-d{d}", parent=state
        )
        districts.append(district)
        for s in range(size.schools):
            school = organization_create(
                kind=kind.SCHOOL, name=f"School {d:03d}-{s:02d}", slug=f"bench-d{d}-s{s}",
                parent=district,
            )  # fmt: skip
            schools.append(school.pk)
    timings = {"organizations": time.perf_counter() - started}
    per_school = max(1, size.educators // len(schools))
    with transaction.atomic():
        # Rows valid by construction in a throwaway database: skip the deferred FK triggers.
        execute("SET LOCAL session_replication_role = replica")
        _timed(timings, "people", PEOPLE_SQL, [size.educators])
        _timed(
            timings, "memberships", MEMBERSHIPS_SQL, {"schools": schools, "per_school": per_school}
        )
        _timed(timings, "submissions", SUBMISSIONS_SQL, [size.submissions_per_educator])
        _timed(timings, "badges", BADGES_SQL)
    _timed(timings, "analyze", "ANALYZE")
    # The rows were loaded without their save(): the per-educator rollup (reporting.rollup) is
    # rebuilt as after any bulk load.
    moment = time.perf_counter()
    progress_rollup_rebuild()
    timings["rollup"] = time.perf_counter() - moment
    _timed(timings, "analyze again", "ANALYZE")
    print("  (seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()) + ")", flush=True)
    return state, districts[0]


def _timed(timings: dict[str, float], name: str, sql: str, params: Any = None) -> None:
    moment = time.perf_counter()
    execute(sql, params)
    timings[name] = time.perf_counter() - moment


def counts() -> dict[str, int]:
    """How many educators, submissions and badges the database holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM organizations_membership WHERE role = 'educator'),"
            " (SELECT count(*) FROM submissions_submission),"
            " (SELECT count(*) FROM badges_badge)"
        )
        educators, submissions, badges = cursor.fetchone()
    return {"educators": educators, "submissions": submissions, "badges": badges}


def execute(sql: str, params: list[Any] | dict[str, Any] | None = None) -> None:
    """One statement on the default connection (bench_load seeds its district with it too)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


# Educator g: "Educator 00042", active within the last 120 days.
PEOPLE_SQL = """
INSERT INTO accounts_user (password, is_superuser, public_id, email, display_name, is_active,
                           is_staff, date_joined, last_activity_at)
SELECT '!', false, gen_random_uuid(), 'bench-educator-' || g || '@example.org',
       'Educator ' || lpad(g::text, 6, '0'), true, false, now(),
       now() - ((g * 7) %% 120) * interval '1 day'
FROM generate_series(0, %s - 1) AS g
"""

# Educator n teaches at school n // per_school (the last school takes any remainder).
MEMBERSHIPS_SQL = """
INSERT INTO organizations_membership (public_id, user_id, organization_id, role, is_active,
                                      created_at)
SELECT gen_random_uuid(), u.id, schools[least(n / %(per_school)s, cardinality(schools) - 1) + 1],
       'educator', true, now()
FROM (SELECT id, substring(email from 'bench-educator-([0-9]+)@')::int AS n
      FROM accounts_user WHERE email LIKE 'bench-educator-%%') AS u,
     (SELECT %(schools)s::bigint[] AS schools) AS s
"""

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
                                    status, is_renewal, created_at, updated_at, submitted_at,
                                    decided_at)
SELECT gen_random_uuid(), educator_id, credential_id, version_id, 1, status, false, created_at,
       created_at,
       CASE WHEN status IN ('draft', 'withdrawn') THEN NULL ELSE created_at + to_submit END,
       CASE WHEN status IN ('passed', 'not_yet') THEN created_at + to_submit + to_decide END
FROM planned
"""

# A badge for three passed attempts in four (the rest still in the issuing queue); one in fifty
# of them revoked.
BADGES_SQL = """
INSERT INTO badges_badge (public_id, kind, educator_id, issuer_id, submission_id, credential_id,
                          version_id, stack_sequence, title, recipient_identity, recipient_salt,
                          issued_at, revoked_at, revocation_reason, is_public, evidence_summary,
                          evidence_published, credential_json, image_png, image_svg,
                          created_at, updated_at)
SELECT gen_random_uuid(), 'micro_credential', s.educator_id, c.issuer_id, s.id, s.credential_id,
       s.version_id, 1, v.title, 'sha256$' || md5(s.id::text) || md5(s.educator_id::text),
       md5(s.id::text), s.decided_at,
       CASE WHEN s.id %% 50 = 0 THEN s.decided_at + interval '30 days' END,
       CASE WHEN s.id %% 50 = 0 THEN 'Bench revocation' ELSE '' END,
       true, '', false, '{}'::jsonb, '', '', s.decided_at, s.decided_at
FROM submissions_submission s
JOIN credentials_microcredential c ON c.id = s.credential_id
JOIN credentials_microcredentialversion v ON v.id = s.version_id
WHERE s.status = 'passed' AND s.id %% 4 <> 0
"""
