"""Staff progress at state scale: every dashboard view, sort, filter and export, 100,000 vs 1,000.

Issue 26's target "dashboard_state_scale": a state of 100,000 educators in 400 schools with
1,000,000 submissions and 300,000 badges, against the same platform with a state of 1,000
educators (4 schools). Each size is generated in a database of its own (bench/statedata.py,
set-based SQL) and measured the same way, through Django's test Client as the signed-in state
admin (or district admin): each page with every cache emptied first (the statistics computed,
as on the first visit after a change) and again at once (the statistics cached), medians of
several requests, and the queries of a computed request; each export's time to its first data
(a CSV's first row: its BOM and header go out before any query; an XLSX's first bytes), then
one export read to the end with the process's peak resident memory (printed). Every result is
the large figure over the small one: flat means a ratio near 1 (goal <= 1.5).

`BENCH_DASHBOARD_EDUCATORS` sets the large state's size (e.g. 20000 for a quicker run).
"""

import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from bench.run import Goal, Result
from bench.setup import bench_database, database_name, django_setup, empty_caches, scaled, tiny
from bench.statedata import StateSize, counts, generate_state

GOAL = Goal("dashboard_state_scale")
SMALL = StateSize(educators=scaled(1_000, 20), districts=2, schools=scaled(2, 1))
LARGE = StateSize(
    educators=scaled(100_000, 60, "BENCH_DASHBOARD_EDUCATORS"),
    districts=scaled(40, 2),
    schools=scaled(10, 2),
)
RUNS = {"small": scaled(5, 1), "large": scaled(3, 1)}  # the first of each is not warmed up
EXPORTS = ("progress.csv", "earned.csv", "progress.xlsx")


@dataclass
class Figures:
    """What one size measured: page -> (ms computed, ms cached, queries); export -> first
    byte, rows, peak RSS."""

    pages: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    exports: dict[str, tuple[float, int, float]] = field(default_factory=dict)


def run() -> list[Result]:
    django_setup()
    figures = {}
    # The smoke run measures one tiny state, against itself: it checks that everything runs.
    sizes = [("small", SMALL)] if tiny() else [("small", SMALL), ("large", LARGE)]
    for name, size in sizes:
        with bench_database(database_name(f"dashboard_{name}")):
            started = time.perf_counter()
            state, district = generate_state(size)
            rows = counts()
            print(f"  ({name}: generated {size.label}, {rows['submissions']:,} submissions and "
                  f"{rows['badges']:,} badges in {time.perf_counter() - started:.1f} s)",
                  flush=True)  # fmt: skip
            figures[name] = _measure(state, district, RUNS[name])
    return _results(figures["small"], figures.get("large", figures["small"]))


def _results(small: Figures, large: Figures) -> list[Result]:
    results = []
    for page, (large_ms, large_cached, large_queries) in large.pages.items():
        small_ms, small_cached, small_queries = small.pages[page]
        results += [
            Result(f"{page}, statistics computed", large_ms, small_ms, "ms", "<= 1.5x", GOAL),
            Result(f"{page}, statistics cached", large_cached, small_cached, "ms", "<= 1.5x",
                   GOAL),
            Result(f"{page}, queries", large_queries, small_queries, "queries", "constant", GOAL),
        ]  # fmt: skip
    for export, (large_first, large_rows, large_rss) in large.exports.items():
        small_first, small_rows, small_rss = small.exports[export]
        unit = "rows" if export.endswith(".csv") else "bytes"
        sizes = f"{large_rows:,} vs {small_rows:,} {unit}"
        results += [
            Result(f"export {export} first data ({sizes})", large_first, small_first, "ms",
                   "<= 1.5x", GOAL),
            Result(f"export {export} peak RSS of the process while streaming ({sizes})",
                   large_rss, small_rss, "MiB", "flat (printed)"),
        ]  # fmt: skip
    return results


# --------------------------------------------------------------------------------------------
# Measuring one size
# --------------------------------------------------------------------------------------------


def _measure(state: Any, district: Any, runs: int) -> Figures:
    from django.test import Client

    from organizations.models import Organization

    state_admin, district_admin = Client(), Client()
    state_admin.force_login(_admin("bench-state-admin@example.org", state))
    district_admin.force_login(_admin("bench-district-admin@example.org", district))
    school = Organization.objects.filter(path__startswith=district.path, kind="school").first()
    assert school is not None
    figures = Figures()
    for page, url in _state_pages(school.public_id).items():
        figures.pages[f"state dashboard, {page}"] = _page(state_admin, url, runs)
    for page, url in {
        "default": "",
        "sorted by PD hours, earned": "sort=-pd_hours&status=earned",
    }.items():
        figures.pages[f"district dashboard, {page}"] = _page(
            district_admin, f"/organizations/?{url}", runs
        )
    for export in EXPORTS:
        figures.exports[export] = _export(state_admin, f"/organizations/export/{export}", runs)
    return figures


def _state_pages(school: Any) -> dict[str, str]:
    from reporting.views import COLUMNS

    pages = {"default": ""}
    for key, _heading, numeric in COLUMNS:
        pages[f"sorted by {key}{' (descending)' if numeric else ''}"] = (
            f"sort={'-' if numeric else ''}{key}"
        )
    pages.update(
        {
            "sorted by name, page 3": "page=3",
            "filter status earned": "status=earned",
            "filter status not started": "status=not_started",
            "filter school": f"school={school}",
            "filter search": "q=Educator+0001",
            "filter focus area": f"focus_area={_a_focus_area()}",
            "filter last 12 months": "period=last_12_months",
            "sorted by PD hours, earned": "sort=-pd_hours&status=earned",
        }
    )
    if tiny():  # the smoke run (tests/bench/test_smoke.py) only checks that it all runs
        pages = {key: pages[key] for key in ("default", "sorted by pd_hours (descending)")}
    return {page: f"/organizations/?{query}" for page, query in pages.items()}


def _a_focus_area() -> str:
    from credentials.models import FocusArea

    area = FocusArea.objects.order_by("slug").first()
    return area.slug if area else ""


def _page(client: Any, url: str, runs: int) -> tuple[float, float, int]:
    """Median ms of `url` with every cache emptied first (the statistics computed), median ms
    with the statistics cached (the next visit before any change), and the queries of a
    computed request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    computed, cached = [], []
    queries = 0
    for n in range(runs):
        empty_caches()
        started = time.perf_counter()
        if n == 0:
            with CaptureQueriesContext(connection) as captured:
                _get(client, url)
            queries = len(captured)
        else:
            _get(client, url)
        computed.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        _get(client, url)
        cached.append((time.perf_counter() - started) * 1000)
    return statistics.median(computed), statistics.median(cached), queries


def _get(client: Any, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def _export(client: Any, url: str, runs: int) -> tuple[float, int, float]:
    """Median ms to the first data; then one export read to the end: its rows (CSV lines, or
    bytes for XLSX) and the peak resident memory of the process while it streamed (MiB)."""
    firsts = []
    for _ in range(runs):
        firsts.append(_first_data_ms(client, url))
    rows, peak = _read_through(client, url, csv=url.endswith(".csv"))
    return statistics.median(firsts), rows, peak


def _first_data_ms(client: Any, url: str) -> float:
    """Ms to the first bytes that hold data: a CSV's first row (its BOM and header go out before
    any query), an XLSX's first bytes (sent once its first rows are written)."""
    empty_caches()
    started = time.perf_counter()
    response = _get(client, url)
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        if chunk and (lines >= 2 or not url.endswith(".csv")):
            break
    elapsed = (time.perf_counter() - started) * 1000
    response.close()
    return elapsed


def _read_through(client: Any, url: str, *, csv: bool) -> tuple[int, float]:
    """Rows (or bytes) of the whole export, and the process's peak resident memory (MiB) while
    it streamed: the high-water mark is reset first (Linux: /proc/self/clear_refs)."""
    _reset_peak_rss()
    size = 0
    response = _get(client, url)
    for chunk in response.streaming_content:
        size += chunk.count(b"\n") if csv else len(chunk)
    response.close()
    return size - (1 if csv else 0), _status_mib("VmHWM")


def _reset_peak_rss() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:  # not Linux, or not allowed: the peak is then the process's so far
        pass


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _admin(email: str, organization: Any) -> Any:
    from accounts.services import user_create
    from organizations.models import Role
    from organizations.services import membership_grant

    user = user_create(email=email, display_name="Bench Admin", password="bench-pass-2026")
    membership_grant(user=user, organization=organization, role=Role.DISTRICT_ADMIN)
    return user
