"""A district's history of submissions in one set-based INSERT (the load benchmark's world).

Educators are the accounts named `bench-educator-<n>@...`; each gets `%s` earlier submissions on
the published micro-credentials at positions (n * 7 + k) mod their count, with a fixed mix of
statuses (passed, not yet, drafts, submitted, in review, withdrawn) and dates spread over two
years. Moved here from the old bench_dashboard (which now generates a whole state with
bench/statedata.py); bench_load seeds with it.
"""

from typing import Any

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


def execute(sql: str, params: list[Any] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
