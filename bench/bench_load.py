"""Load: CPU per request of the scenario mix, this tree vs a baseline commit, same run; and the
mix against gunicorn vs a trivial view on the same server.

The data: the demo catalog (27 micro-credentials), one district of 6 schools and 360 educators
with a history of submissions (bench/statedata.py), a draft with
written responses for every educator, a review queue of a few hundred, 20 reviewers each
holding a claim, 8 district admins. The server: gunicorn with the production settings
(config.settings.stack: DEBUG off, PostgreSQL with persistent connections, Redis cache and
broker, S3 storage on a moto server, manifest static files) and WORKERS sync workers. Locust
(FastHttpUser, no think time, its own process) runs USERS users: the mix of educators (catalog
search and browse, credential page, workspace, draft autosave), reviewers (queue, scoring page,
score autosave) and admins (dashboard with filters and sort, staff progress API), weighted
7:2:1. Every request must answer 200: one failure fails the benchmark.

CPU per request (issue 26): the baseline commit (BASELINE, cb77f29) is checked out in a git
worktree of its own, migrated and seeded with the same world by its own code, and served the
same way next to ours (bench/load_ab.py). The mix runs A, B, A, B (ROUNDS each); the CPU of
each side's gunicorn, of its database's PostgreSQL backends and of the run's redis-server, from
/proc, is divided by the requests served. Then every page of the mix runs alone on each side
(PAGE_SECONDS) for its own CPU per request. The smoke run (BENCH_SCALE=tiny) skips the
baseline side unless BENCH_LOAD_BASELINE=1.

On our side only, as before: the trivial view (/healthz, through the whole middleware stack)
and three reference views that do a little more each of what every signed-in page does
(REFERENCES), as sustained requests/s after all users are running (locust --reset-stats).
"""

import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path
from typing import Any

from bench.bench_upload import process, s3, s3_endpoint, wait_for
from bench.load_ab import (
    CpuMeter,
    Side,
    baseline_tree,
    collect_baseline_static,
    database_url,
    finish_seeding,
    private_redis,
    start_seeding,
)
from bench.run import Goal, Result
from bench.setup import database_name, django_setup, scaled, scratch_database, tiny

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
SCENARIO = ["EducatorUser", "ReviewerUser", "AdminUser"]
# Issue 26's baseline: the mix's CPU per request must be at most half of this commit's.
BASELINE = os.environ.get("BENCH_LOAD_BASELINE_COMMIT", "cb77f29")
WITH_BASELINE = os.environ.get("BENCH_LOAD_BASELINE", "0" if tiny() else "1") == "1"
ROUNDS = scaled(2, 1, "BENCH_LOAD_ROUNDS")
PAGE_SECONDS = scaled(15, 3, "BENCH_LOAD_PAGE_SECONDS")
# Every page of the mix, as "<locust user class>.<task>" (bench/locustfile.py, OnePageUser).
PAGES = [
    "EducatorUser.search", "EducatorUser.browse", "EducatorUser.credential",
    "EducatorUser.workspace", "EducatorUser.autosave", "ReviewerUser.queue",
    "ReviewerUser.review_page", "ReviewerUser.autosave", "AdminUser.dashboard",
    "AdminUser.dashboard_filtered", "AdminUser.progress_api",
]  # fmt: skip
# What is left of the trivial view's throughput before any page content runs (bench/load_urls.py):
# the ceiling any mix of signed-in pages and writes can reach on this server.
REFERENCES = {
    "SignedInUser": "signed in, no page",
    "SignedInWriteUser": "signed in, one-row write (CSRF-checked POST)",
    "SignedInLayoutUser": "signed in, the site's layout around an empty page",
}
TARGET_CPU_RATIO = 0.5
TARGET_RATIO = 0.40
TARGET_P95_MS = 300.0


def run() -> list[Result]:
    django_setup()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-load-")))
        sides = _sides(stack, work)
        meters = _start_servers(stack, work, sides)
        ours = sides[0]
        for side in sides:
            _locust(side, work / f"warm-up-{side.label}", SCENARIO, WARM_UP_SECONDS)
        trivial = _locust(ours, work / "trivial", ["TrivialUser"], SECONDS, reset=True)
        references = {
            label: _locust(ours, work / user, [user], SECONDS, reset=True)
            for user, label in REFERENCES.items()
        }
        # A, B, A, B: the machine's other load drifts; alternating spreads it over both sides.
        mixes: dict[str, list[dict]] = {side.label: [] for side in sides}
        for round_number in range(ROUNDS):
            for side in sides:
                prefix = work / f"mix-{side.label}-{round_number}"
                mixes[side.label].append(
                    _locust(side, prefix, SCENARIO, SECONDS, meter=meters[side.label])
                )
        pages: dict[str, dict[str, dict]] = {side.label: {} for side in sides}
        for page in PAGES:
            for side in sides:
                prefix = work / f"page-{side.label}-{page}"
                pages[side.label][page] = _locust(
                    side, prefix, ["OnePageUser"], PAGE_SECONDS, meter=meters[side.label],
                    page=page,
                )  # fmt: skip
    _print_endpoints("trivial view", trivial)
    _print_endpoints("scenario mix (ours, first round)", mixes[ours.label][0])
    return [
        *(
            Result(f"reference: {label} vs trivial view", result["rps"], trivial["rps"], "req/s")
            for label, result in references.items()
        ),
        Result(f"throughput, mix vs trivial view ({USERS} users, {WORKERS} workers, 0 errors)",
               mixes[ours.label][0]["rps"], trivial["rps"], "req/s",
               f"ratio >= {TARGET_RATIO:.2f}"),
        Result(f"p95 latency of the mix vs the {TARGET_P95_MS:.0f} ms target "
               f"(trivial view: {trivial['p95']:.0f} ms)", mixes[ours.label][0]["p95"],
               TARGET_P95_MS, "ms", "ratio < 1"),
        *_cpu_results(sides, mixes, pages),
    ]  # fmt: skip


def _sides(stack: ExitStack, work: Path) -> list[Side]:
    """This tree and (unless skipped) the baseline commit's, each with its own database and
    Redis database, seeded at the same sizes by its own code (bench/load_seed.py)."""
    redis, pid = private_redis(stack, work)
    sides = [Side("ours", ROOT, database_name("load"), f"{redis}/0", pid, work / "ours.json")]
    if WITH_BASELINE:
        tree = stack.enter_context(baseline_tree(BASELINE))
        database = database_name("load_baseline")
        sides.append(Side(BASELINE, tree, database, f"{redis}/1", pid, work / "baseline.json"))
    else:
        print(f"  (smoke run: the baseline side ({BASELINE}) is skipped, so no CPU ratio; "
              "BENCH_LOAD_BASELINE=1 builds it)", flush=True)  # fmt: skip
    for side in sides:
        stack.enter_context(scratch_database(side.database))
    sizes = {"SCHOOLS": SCHOOLS, "EDUCATORS": EDUCATORS, "REVIEWERS": REVIEWERS,
             "ADMINS": ADMINS, "HISTORY_PER_EDUCATOR": HISTORY_PER_EDUCATOR}  # fmt: skip
    secret = secrets.token_urlsafe(50)
    started = time.perf_counter()
    seeding = [
        (side, start_seeding(side, sizes, secret, work / f"seed-{side.label}.log"))
        for side in sides
    ]
    endpoint = s3_endpoint(stack, work)
    for side in sides:
        side.env = _server_env(endpoint, side, secret)
    _collect_static(sides)
    for side, child in seeding:
        finish_seeding(side, child, work / f"seed-{side.label}.log")
        print(f"  ({side.label}: generated {EDUCATORS} educators, "
              f"{side.world['submissions']:,} submissions, {side.world['queue']} waiting for "
              f"review; {time.perf_counter() - started:.1f} s)", flush=True)  # fmt: skip
    return sides


def _start_servers(stack: ExitStack, work: Path, sides: list[Side]) -> dict[str, CpuMeter]:
    """Both sides' gunicorns, each with its CPU meter."""
    for side in sides:
        _start_gunicorn(stack, side, work)
    return {
        side.label: CpuMeter(side.gunicorn_pid, side.database, side.redis_pid) for side in sides
    }


def _cpu_results(
    sides: list[Side], mixes: dict[str, list[dict]], pages: dict[str, dict[str, dict]]
) -> list[Result]:
    """Print each side's mix rounds and pages; the CPU per request of ours vs the baseline's."""
    for side in sides:
        for number, mix in enumerate(mixes[side.label], 1):
            print(f"  mix, {side.label}, round {number}: {mix['requests']:,} requests, "
                  f"{mix['rps']:.1f} req/s, p50 {mix['p50']:.0f} ms, p95 {mix['p95']:.0f} ms, "
                  f"CPU {_cpu_text(mix)}", flush=True)  # fmt: skip
    labels = [side.label for side in sides]
    print(f"  CPU ms per request, each page alone ({PAGE_SECONDS} s, {USERS} users): "
          + " | ".join(labels), flush=True)  # fmt: skip
    for page in PAGES:
        figures = " | ".join(f"{_cpu_ms(pages[label][page]):7.2f}" for label in labels)
        rates = " | ".join(f"{pages[label][page]['rps']:6.1f} req/s" for label in labels)
        print(f"    {_page_name(pages[labels[0]][page]):48} {figures}   ({rates})", flush=True)
    if len(sides) < 2:
        ours = _total_cpu_ms(mixes[labels[0]])
        print(f"  CPU per request of the mix (ours only): {ours:.2f} ms", flush=True)
        return []
    baseline = labels[1]
    return [
        *(
            Result(f"CPU per request, {_page_name(pages[labels[0]][page])} alone, ours vs "
                   f"{baseline}", _cpu_ms(pages[labels[0]][page]),
                   _cpu_ms(pages[baseline][page]), "ms")
            for page in PAGES
        ),
        Result(f"CPU per request of the mix (gunicorn + PostgreSQL + Redis, {ROUNDS} rounds "
               f"A/B), ours vs {baseline}", _total_cpu_ms(mixes[labels[0]]),
               _total_cpu_ms(mixes[baseline]), "ms", f"ratio <= {TARGET_CPU_RATIO:.2f}",
               goal=Goal("cpu_per_request")),
    ]  # fmt: skip


def _cpu_ms(result: dict) -> float:
    return 1000 * sum(result["cpu"].values()) / result["requests"]


def _total_cpu_ms(results: list[dict]) -> float:
    spent = sum(sum(result["cpu"].values()) for result in results)
    return 1000 * spent / sum(result["requests"] for result in results)


def _cpu_text(result: dict) -> str:
    parts = ", ".join(
        f"{group} {1000 * seconds / result['requests']:.2f}"
        for group, seconds in result["cpu"].items()
    )
    return f"{_cpu_ms(result):.2f} ms per request ({parts})"


def _page_name(result: dict) -> str:
    """The page a one-page run requested most (its users' first page may be another)."""
    rows = result["endpoints"]
    return max(rows, key=lambda name: int(rows[name]["requests"]))


# --------------------------------------------------------------------------------------------
# Running locust
# --------------------------------------------------------------------------------------------


def _locust(
    side: Side,
    prefix: Path,
    classes: list[str],
    seconds: int,
    *,
    reset: bool = False,
    meter: CpuMeter | None = None,
    page: str = "",
) -> dict:
    """One headless locust run against `side`; its figures, or an error if any request failed.

    With a `meter`, the side's server CPU over the run (`cpu`, seconds by group) for every
    request the run sent: no --reset-stats then, so the requests counted are the ones the CPU
    was spent on (the users all start in the first second).
    """
    args = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--host", side.base_url,
            "--json-file", str(prefix), "--only-summary", "--stop-timeout", "5",
            "--loglevel", "WARNING", *(["--reset-stats"] if reset else []), *classes]  # fmt: skip
    env = {**os.environ, "LOAD_BENCH_DATA": str(side.identities), "LOAD_BENCH_PAGE": page}
    load = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    window: AbstractContextManager[dict[str, float]] = nullcontext({})
    if meter is not None:
        window = meter.window()
    with window as cpu:
        finished = subprocess.run(
            args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120
        )
    wall = time.perf_counter() - started
    locust_cpu = (_children_cpu() - cpu_before) / wall
    # The final stats (the CSV files are written every few seconds: they can miss the last ones).
    entries = json.loads(Path(f"{prefix}.json").read_text())
    total = _figures(entries)
    if total["failures"] or not total["requests"]:
        raise RuntimeError(
            f"load benchmark {' '.join(classes)}: {total['failures']} failed requests of "
            f"{total['requests']}\n{finished.stdout[-3000:]}{finished.stderr[-3000:]}"
        )
    result = {
        **total,
        "endpoints": {
            entry["name"]: {**_figures([entry]), "method": entry["method"]} for entry in entries
        },
        "locust_cpu": locust_cpu,
        "load": load,
        "cpu": cpu,
    }
    if not prefix.name.startswith("warm-up"):
        spent = f"; server CPU {_cpu_text(result)}" if meter else ""
        print(f"  ({side.label}, {page or ' + '.join(classes)}: {result['requests']:,} "
              f"requests, 0 failed, {result['rps']:.1f} req/s, p50 {result['p50']:.0f} ms, "
              f"p95 {result['p95']:.0f} ms; locust used {locust_cpu:.0%} of a core; "
              f"load average before {load:.2f}{spent})", flush=True)  # fmt: skip
    return result


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _figures(entries: list[dict]) -> dict[str, Any]:
    """Requests, failures, req/s and p50/p95 (ms) of locust stats entries, merged."""
    times: Counter[int] = Counter()
    for entry in entries:
        times.update({int(ms): count for ms, count in entry["response_times"].items()})
    requests = sum(entry["num_requests"] for entry in entries)
    started = min((entry["start_time"] for entry in entries), default=0)
    last = max((entry["last_request_timestamp"] or 0 for entry in entries), default=0)
    return {
        "requests": requests,
        "failures": sum(entry["num_failures"] for entry in entries),
        "rps": requests / (last - started) if last > started else 0.0,
        "p50": _percentile(times, 0.5),
        "p95": _percentile(times, 0.95),
    }


def _percentile(times: Counter[int], fraction: float) -> float:
    needed, seen = fraction * sum(times.values()), 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= needed:
            return float(ms)
    return 0.0


def _print_endpoints(title: str, result: dict) -> None:
    print(f"  {title}, per endpoint: requests, req/s, p50, p95 (ms)", flush=True)
    for name, row in sorted(result["endpoints"].items()):
        print(f"    {row['method']:4} {name:48} {row['requests']:6} "
              f"{row['rps']:7.1f} {row['p50']:5.0f} {row['p95']:5.0f}",
              flush=True)  # fmt: skip


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


def _server_env(endpoint: str, side: Side, secret: str) -> dict[str, str]:
    """Production settings for gunicorn: the side's database and Redis database, S3 on moto."""
    tag = uuid.uuid4().hex[:8]
    buckets = {"S3_BUCKET": f"bench-evidence-{tag}", "S3_PUBLIC_BUCKET": f"bench-public-{tag}"}
    client = s3(endpoint)
    for bucket in buckets.values():
        client.create_bucket(Bucket=bucket)
    inherited = ("DJANGO_", "DATABASE_", "CELERY_", "CACHE_", "S3_", "TEST_")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(inherited)},
        # config.settings.stack with the reference views' URLs (bench/load_urls.py)
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(side.database),
        "CELERY_BROKER_URL": side.redis_url,
        "CACHE_URL": side.redis_url,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **buckets,
    }


def _collect_static(sides: list[Side]) -> None:
    """Manifest static files, as in production: the pages' {% static %} needs the manifest."""
    if _static_outdated():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=sides[0].env, check=True,
        )  # fmt: skip
    for side in sides[1:]:
        collect_baseline_static(side.tree, side.label, side.env)


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


def _start_gunicorn(stack: ExitStack, side: Side, work: Path) -> None:
    """The side's gunicorn, from its own tree (same settings module name, same workers)."""
    from bench.bench_upload import free_port

    port = free_port()
    side.base_url = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
            "-w", str(WORKERS), "--timeout", "60",
            "--access-logfile", str(work / f"access-{side.label}.log")]  # fmt: skip
    ready = lambda: _answers(side.base_url + "/healthz")  # noqa: E731
    log = work / f"web-{side.label}.log"
    side.gunicorn_pid = stack.enter_context(
        process(args, side.env, log, ready, cwd=side.tree, start_seconds=120)
    ).pid
    status, body = _get(side.base_url + "/readyz")
    if status != 200:
        raise RuntimeError(f"{side.label}: /readyz answered {status}: {body}")


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
    """Educators 0..N-1 named as bench/statedata.py's SQL expects, spread evenly over the
    schools."""
    from bench.statedata import execute

    execute(
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
    execute(
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
    """HISTORY_PER_EDUCATOR earlier submissions each, with bench/statedata.py's mix of statuses;
    "in review" ones (no claim behind them) are moved back to the queue. The rows skip their
    save(), so the admins' progress rollup (reporting.rollup) is rebuilt after them."""
    from django.db import transaction

    from bench.statedata import SUBMISSIONS_SQL, execute
    from reporting.rollup import progress_rollup_rebuild

    with transaction.atomic():
        # Rows satisfy every constraint by construction: skip per-row foreign-key triggers.
        execute("SET LOCAL session_replication_role = replica")
        execute(SUBMISSIONS_SQL, [HISTORY_PER_EDUCATOR])
        execute("UPDATE submissions_submission SET status = 'submitted' "
                "WHERE status = 'in_review'")  # fmt: skip
    progress_rollup_rebuild()


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
        # The history used positions (n * 7 + k) for k < HISTORY_PER_EDUCATOR (bench/statedata.py).
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
