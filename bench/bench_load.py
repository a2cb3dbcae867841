"""Load: locust's scenario mix against gunicorn vs a trivial view on the same server, same run.

The data: the demo catalog (27 micro-credentials), one district of 6 schools and 360 educators
with a history of submissions (the staff-progress generator of bench_dashboard), a draft with
written responses for every educator, a review queue of a few hundred, 20 reviewers each
holding a claim, 8 district admins. The server: gunicorn with the production settings
(config.settings.stack: DEBUG off, PostgreSQL with persistent connections, Redis cache and
broker, S3 storage on a moto server, manifest static files) and WORKERS sync workers. Locust
(FastHttpUser, no think time, its own process) runs USERS users: the trivial view (/healthz,
through the whole middleware stack), then the mix of educators (catalog search and browse,
credential page, workspace, draft autosave), reviewers (queue, scoring page, score autosave)
and admins (dashboard with filters and sort, staff progress API), weighted 7:2:1, then three
reference views that do a little more each of what every signed-in page does (REFERENCES).
Every request must answer 200: one failure fails the benchmark. Figures are the sustained
requests/s after all users are running (locust --reset-stats) and p95 latency.
"""

import csv
import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.bench_upload import process, s3, s3_endpoint, wait_for
from bench.run import Result
from bench.setup import bench_database, database_name, django_setup, scaled

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
SCHOOLS = scaled(6, 2)
EDUCATORS = scaled(360, 12)  # a district of a few hundred staff
HISTORY_PER_EDUCATOR = 4  # earlier submissions: passed, not yet, submitted (the queue), ...
REVIEWERS = scaled(20, 2)
ADMINS = scaled(8, 2)
# Three sync workers: two cores, shared with PostgreSQL and locust. A sync worker is busy for
# the whole request (CPU, then waiting on PostgreSQL); one more worker than cores keeps both
# cores busy while one worker waits, more only add context switches and memory.
WORKERS = scaled(3, 1, "BENCH_LOAD_WORKERS")
# Enough users to keep every worker busy (a request queued behind each one), no more: with no
# think time extra users only lengthen the queue, i.e. the latency, not the throughput.
USERS = scaled(6, 2, "BENCH_LOAD_USERS")
SECONDS = scaled(30, 4, "BENCH_LOAD_SECONDS")
WARM_UP_SECONDS = scaled(5, 3)
REDIS = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/9")
SCENARIO = ["EducatorUser", "ReviewerUser", "AdminUser"]
# What is left of the trivial view's throughput before any page content runs (bench/load_urls.py):
# the ceiling any mix of signed-in pages and writes can reach on this server.
REFERENCES = {
    "SignedInUser": "signed in, no page",
    "SignedInWriteUser": "signed in, one-row write (CSRF-checked POST)",
    "SignedInLayoutUser": "signed in, the site's layout around an empty page",
}
TARGET_RATIO = 0.40
TARGET_P95_MS = 300.0


def run() -> list[Result]:
    django_setup()
    name = database_name("load")
    with ExitStack() as stack:
        stack.enter_context(bench_database(name))  # left last: the processes stop first
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-load-")))
        started = time.perf_counter()
        world = _seed()
        print(f"  (generated {EDUCATORS} educators, {world['submissions']:,} submissions, "
              f"{world['queue']} waiting for review in {time.perf_counter() - started:.1f} s)",
              flush=True)  # fmt: skip
        secret = secrets.token_urlsafe(50)
        env = _server_env(stack, work, name, secret)
        base = _start_gunicorn(stack, env, work)
        data = work / "identities.json"
        data.write_text(json.dumps(_identities(world, secret)))
        _locust(base, data, work / "warm-up", SCENARIO, WARM_UP_SECONDS)
        trivial = _locust(base, data, work / "trivial", ["TrivialUser"], SECONDS)
        mix = _locust(base, data, work / "mix", SCENARIO, SECONDS)
        references = {
            label: _locust(base, data, work / user, [user], SECONDS)
            for user, label in REFERENCES.items()
        }
    _print_endpoints("trivial view", trivial)
    _print_endpoints("scenario mix", mix)
    return [
        *(
            Result(f"reference: {label} vs trivial view", result["rps"], trivial["rps"], "req/s")
            for label, result in references.items()
        ),
        Result(f"throughput, mix vs trivial view ({USERS} users, {WORKERS} workers, 0 errors)",
               mix["rps"], trivial["rps"], "req/s", f"ratio >= {TARGET_RATIO:.2f}"),
        Result(f"p95 latency of the mix vs the {TARGET_P95_MS:.0f} ms target "
               f"(trivial view: {trivial['p95']:.0f} ms)", mix["p95"], TARGET_P95_MS, "ms",
               "ratio < 1"),
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Running locust
# --------------------------------------------------------------------------------------------


def _locust(base: str, data: Path, prefix: Path, classes: list[str], seconds: int) -> dict:
    """One headless locust run; its figures, or an error if any request failed."""
    args = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--host", base,
            "--csv", str(prefix), "--reset-stats", "--only-summary", "--stop-timeout", "5",
            "--loglevel", "WARNING", *classes]  # fmt: skip
    load = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    finished = subprocess.run(
        args, cwd=ROOT, env={**os.environ, "LOAD_BENCH_DATA": str(data)},
        capture_output=True, text=True, timeout=seconds + 120,
    )  # fmt: skip
    wall = time.perf_counter() - started
    locust_cpu = (_children_cpu() - cpu_before) / wall
    with open(f"{prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    total = rows.pop("Aggregated")
    failures = int(total["Failure Count"])
    if failures or not int(total["Request Count"]):
        details = Path(f"{prefix}_failures.csv")
        raise RuntimeError(
            f"load benchmark {' '.join(classes)}: {failures} failed requests of "
            f"{total['Request Count']}\n"
            + (details.read_text() if details.exists() else "")
            + finished.stderr[-3000:]
        )
    result = {
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "requests": int(total["Request Count"]),
        "endpoints": rows,
        "locust_cpu": locust_cpu,
        "load": load,
    }
    if prefix.name != "warm-up":
        print(f"  ({' + '.join(classes)}: {result['requests']:,} requests, 0 failed, "
              f"{result['rps']:.1f} req/s, p50 {result['p50']:.0f} ms, "
              f"p95 {result['p95']:.0f} ms; locust used {locust_cpu:.0%} of a core; "
              f"load average before {load:.2f})", flush=True)  # fmt: skip
    return result


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _print_endpoints(title: str, result: dict) -> None:
    print(f"  {title}, per endpoint: requests, req/s, p50, p95 (ms)", flush=True)
    for name, row in sorted(result["endpoints"].items()):
        print(f"    {row['Type']:4} {name:48} {int(row['Request Count']):6} "
              f"{float(row['Requests/s']):7.1f} {row['50%']:>5} {row['95%']:>5}",
              flush=True)  # fmt: skip


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


def _server_env(stack: ExitStack, work: Path, database: str, secret: str) -> dict[str, str]:
    """Production settings for gunicorn: the bench database, Redis db REDIS, S3 on moto."""
    endpoint = s3_endpoint(stack, work)
    tag = uuid.uuid4().hex[:8]
    buckets = {"S3_BUCKET": f"bench-evidence-{tag}", "S3_PUBLIC_BUCKET": f"bench-public-{tag}"}
    client = s3(endpoint)
    for bucket in buckets.values():
        client.create_bucket(Bucket=bucket)
    url = urlsplit(os.environ["DATABASE_URL"])
    inherited = ("DJANGO_", "DATABASE_", "CELERY_", "CACHE_", "S3_", "TEST_")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(inherited)},
        # config.settings.stack with the reference views' URLs (bench/load_urls.py)
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": urlunsplit(url._replace(path=f"/{database}")),
        "CELERY_BROKER_URL": REDIS,
        "CACHE_URL": REDIS,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **buckets,
    }
    if _static_outdated():
        # Manifest static files, as in production: the pages' {% static %} needs the manifest.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    return env


def _static_outdated() -> bool:
    """Whether collectstatic must run: no manifest, or a source file newer than it (collecting
    and compressing every file takes a minute or two on this machine; `make stack` does it too)."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected_at = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected_at:
                return True
    return False


def _start_gunicorn(stack: ExitStack, env: dict[str, str], work: Path) -> str:
    from bench.bench_upload import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
            "-w", str(WORKERS), "--timeout", "60",
            "--access-logfile", str(work / "access.log")]  # fmt: skip
    stack.enter_context(process(args, env, work / "web.log", lambda: _answers(base + "/healthz")))
    status, body = _get(base + "/readyz")
    if status != 200:
        raise RuntimeError(f"/readyz answered {status}: {body}")
    return base


def _answers(url: str) -> bool:
    try:
        wait_for(url, timeout=0.5)
        return True
    except TimeoutError:
        return False


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# --------------------------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------------------------


def _seed() -> dict[str, Any]:
    from django.db import connection

    from submissions.models import Submission

    issuer, district, schools = _organizations()
    _insert_educators(schools)
    _insert_history()
    educators = _drafts()
    reviewers = _reviewers(issuer)
    admins = _admins(district)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queue = Submission.objects.filter(status=Submission.Status.SUBMITTED).count()
    return {
        "district": district,
        "schools": schools,
        "educators": educators,
        "reviewers": reviewers,
        "admins": admins,
        "submissions": Submission.objects.count(),
        "queue": queue,
    }


def _organizations() -> tuple[Any, Any, list[Any]]:
    from demo.catalog import seed_demo_catalog
    from organizations.models import Organization
    from organizations.services import organization_create

    kind = Organization.Kind
    issuer = organization_create(kind=kind.ISSUER, name="Bench Issuer", slug="bench-issuer")
    seed_demo_catalog(issuer=issuer, author=None)
    state = organization_create(kind=kind.STATE, name="Bench State", slug="bench-state")
    district = organization_create(
        kind=kind.DISTRICT, name="Bench District", slug="bench-district", parent=state
    )
    schools = [
        organization_create(
            kind=kind.SCHOOL, name=f"School {s}", slug=f"bench-school-{s}", parent=district
        )
        for s in range(SCHOOLS)
    ]
    return issuer, district, schools


def _insert_educators(schools: list[Any]) -> None:
    """Educators 0..N-1 named as bench_dashboard's SQL expects, spread evenly over the schools."""
    from bench.bench_dashboard import _execute

    _execute(
        """
        INSERT INTO accounts_user (password, is_superuser, public_id, email, display_name,
                                   is_active, is_staff, date_joined, last_activity_at)
        SELECT '!', false, gen_random_uuid(), 'bench-educator-' || g || '@example.org',
               'Educator ' || lpad(g::text, 3, '0'), true, false, now(),
               now() - ((g * 7) %% 120) * interval '1 day'
        FROM generate_series(0, %s - 1) AS g
        """,
        [EDUCATORS],
    )
    _execute(
        """
        INSERT INTO organizations_membership (public_id, user_id, organization_id, role,
                                              is_active, created_at)
        SELECT gen_random_uuid(), u.id, (%s::bigint[])[u.n %% %s + 1], 'educator', true, now()
        FROM (SELECT id, substring(email from 'bench-educator-([0-9]+)@')::int AS n
              FROM accounts_user WHERE email LIKE 'bench-educator-%%') AS u
        """,
        [[school.pk for school in schools], len(schools)],
    )


def _insert_history() -> None:
    """HISTORY_PER_EDUCATOR earlier submissions each, with bench_dashboard's mix of statuses;
    "in review" ones (no claim behind them) are moved back to the queue."""
    from django.db import transaction

    from bench.bench_dashboard import SUBMISSIONS_SQL, _execute

    with transaction.atomic():
        # Rows satisfy every constraint by construction: skip per-row foreign-key triggers.
        _execute("SET LOCAL session_replication_role = replica")
        _execute(SUBMISSIONS_SQL, [HISTORY_PER_EDUCATOR])
        _execute("UPDATE submissions_submission SET status = 'submitted' "
                 "WHERE status = 'in_review'")  # fmt: skip


def _drafts() -> list[dict[str, Any]]:
    """A new draft for every educator, on a micro-credential their history does not use, with
    its written responses started (through the services, as the workspace saves them)."""
    from accounts.models import User
    from credentials.models import EvidenceRequirement, MicroCredential
    from submissions.services import response_save, submission_start

    credentials = list(
        MicroCredential.objects.filter(status=MicroCredential.Status.PUBLISHED).order_by("id")
    )
    texts: dict[int, list[Any]] = {}
    drafts = []
    for educator in User.objects.filter(email__startswith="bench-educator-"):
        number = int(educator.email.split("-")[2].split("@")[0])
        # The history used positions (n * 7 + k) for k < HISTORY_PER_EDUCATOR (bench_dashboard).
        credential = credentials[(number * 7 + 20) % len(credentials)]
        submission = submission_start(educator=educator, credential=credential)
        if submission.version_id not in texts:
            texts[submission.version_id] = list(
                EvidenceRequirement.objects.filter(
                    version_id=submission.version_id, kind=EvidenceRequirement.Kind.TEXT
                )
            )
        for requirement in texts[submission.version_id]:
            response_save(
                submission=submission, requirement=requirement, text="A first draft.", by=educator
            )
        drafts.append(
            {
                "user": educator,
                "submission": str(submission.public_id),
                "requirements": [str(r.public_id) for r in texts[submission.version_id]],
            }
        )
    return drafts


def _reviewers(issuer: Any) -> list[dict[str, Any]]:
    """Reviewers of every micro-credential, each holding a claim on a different submission."""
    from accounts.services import user_create
    from reviews.selectors import review_queue_for
    from reviews.services import review_claim, reviewer_designate_for_all

    # Claiming emails the reviewer (a task run in process here): its log lines are noise.
    logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
    reviewers = []
    for number in range(REVIEWERS):
        user = user_create(email=f"bench-reviewer-{number}@example.org", display_name="Reviewer")
        reviewer_designate_for_all(reviewer=user, issuer=issuer)
        submission = review_queue_for(user).first()
        review = review_claim(submission=submission, reviewer=user)
        criteria = [
            {"id": str(c.public_id), "levels": [str(level.public_id) for level in c.levels.all()]}
            for c in review.submission.version.criteria.prefetch_related("levels")
        ]
        reviewers.append({"user": user, "review": str(review.public_id), "criteria": criteria})
    return reviewers


def _admins(district: Any) -> list[dict[str, Any]]:
    from accounts.services import user_create
    from organizations.models import Role
    from organizations.services import membership_grant

    admins = []
    for number in range(ADMINS):
        user = user_create(email=f"bench-admin-{number}@example.org", display_name="Admin")
        membership_grant(user=user, organization=district, role=Role.DISTRICT_ADMIN)
        admins.append({"user": user, "org": str(district.public_id)})
    return admins


def _identities(world: dict[str, Any], secret: str) -> dict[str, Any]:
    """What locust's users need: a session each (signed with the server's SECRET_KEY, as a real
    login would leave it) and the ids of their pages."""
    from django.test import override_settings

    from credentials.models import FocusArea, MicroCredential

    schools = [str(school.public_id) for school in world["schools"]]
    with override_settings(SECRET_KEY=secret):
        roles = {
            role: [
                {**{k: v for k, v in row.items() if k != "user"}, "session": _session(row["user"])}
                for row in world[role]
            ]
            for role in ("educators", "reviewers", "admins")
        }
    for admin in roles["admins"]:
        admin["schools"] = schools
    titles = MicroCredential.objects.values_list("published_version__title", flat=True)
    return {
        **roles,
        "catalog": {
            "slugs": list(MicroCredential.objects.values_list("slug", flat=True)),
            "focus_areas": list(FocusArea.objects.values_list("slug", flat=True)),
            # A real word of each title: searches that find something, and some that find more.
            "words": sorted({max(title.split(), key=len).strip(",:").lower() for title in titles}),
        },
    }


def _session(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)
