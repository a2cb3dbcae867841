"""The dashboard's statistics: headline numbers, the per micro-credential funnel with its
median time to earn, the charts' series; and the earned micro-credentials the exports list."""

import math
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import User
from common.db import reads_alias
from credentials.models import MicroCredentialVersion
from organizations.models import Organization
from organizations.selectors import educator_in_scope
from reporting.models import UNDECIDED, OrganizationEarningHours, OrganizationOutcomes
from reporting.outcomes import EDUCATORS, month_key, month_of_key
from submissions.models import Submission

from .progress import ProgressFilters, first_earned

EARNED_EDUCATORS_PER_CHUNK = 500

# --------------------------------------------------------------------------------------------
# Per micro-credential funnel, median time to earn, and the charts' series
# --------------------------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5): the median of the expression."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class EpochSeconds(Func):
    """The number of seconds in an interval (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    output_field = FloatField()


def scoped_submissions(root: Organization, filters: ProgressFilters) -> QuerySet[Submission]:
    """Submissions of the current educators under `root` (or the chosen school)."""
    scope = filters.school or root
    return Submission.objects.filter(
        educator_in_scope(scope, "educator_id"), filters.submission_q()
    ).exclude(status=Submission.Status.WITHDRAWN)


def _time_to_earn() -> Any:
    return F("decided_at") - Coalesce(F("submitted_at"), F("created_at"))


@dataclass
class DashboardSummary:
    in_progress: int
    submitted: int
    earned: int
    pd_hours: Decimal
    by_month: list[tuple[date, int]]  # earned per calendar month
    by_focus_area: list[tuple[str, int]]  # earned per focus area, most first
    funnel: list[dict[str, Any]]  # per micro-credential, most started first


def dashboard_summary(
    root: Organization,
    filters: ProgressFilters,
    months: int = 12,
    funnel_size: int = 25,
    *,
    live: bool = False,
) -> DashboardSummary:
    """Headline numbers, both charts' series and the per micro-credential funnel, from one
    grouped pass over the scope's attempts, plus the funnel's median time to earn.

    Outcomes (earned, not yet, PD hours) count within the period; the monthly trend covers the
    period, or the last `months` months when there is none. The funnel counts attempts: started,
    submitted, decided "not yet", earned. Renewals (ADR 0018) count in the work under way and in
    PD hours, never in "earned", the charts or the funnel (first_earned).

    The grouped rows come from the organization's outcome cells (OrganizationOutcomes, ADR
    0040) when the period is whole months; otherwise (or `live`) from the attempts.
    """
    window = _trend_window(filters, months)
    if not live and outcomes_serve(filters):
        groups = _rollup_groups(root, filters, window)
    else:
        groups = _live_groups(root, filters, window)
    versions = {
        v["pk"]: v
        for v in MicroCredentialVersion.objects.filter(
            pk__in={g["version_id"] for g in groups}
        ).values("pk", "credential_id", "focus_area__name", "pd_hours",
                 "credential__published_version__title")
    }  # fmt: skip
    tally = _Tally()
    for group in groups:
        tally.add(group, dict(versions[group["version_id"]]))
    funnel = sorted(tally.funnel.values(), key=lambda row: (-row["started"], row["title"]))
    funnel = funnel[:funnel_size]
    credential_ids = [row["credential_id"] for row in funnel]
    if not live and connection.vendor == "postgresql" and not (filters.start or filters.end):
        medians = _median_days_from_histogram(root, filters, credential_ids)
    else:
        medians = median_days_to_earn(root, filters, credential_ids)
    for row in funnel:
        row["median_days"] = medians.get(row["credential_id"])
    status = Submission.Status
    return DashboardSummary(
        in_progress=tally.statuses.get(status.DRAFT, 0),
        submitted=tally.statuses.get(status.SUBMITTED, 0) + tally.statuses.get(status.IN_REVIEW, 0),
        earned=sum(tally.areas.values()),
        pd_hours=tally.pd_hours,
        by_month=_month_series(window, tally.months),
        by_focus_area=sorted(tally.areas.items(), key=lambda item: (-item[1], item[0])),
        funnel=funnel,
    )


def _live_groups(
    root: Organization, filters: ProgressFilters, window: ProgressFilters
) -> list[dict[str, Any]]:
    # Grouped by version, not joined to it: a version's focus area and PD hours are constants,
    # applied to the few grouped rows afterwards, so the pass reads one table.
    return list(
        scoped_submissions(root, filters)
        .order_by()
        .annotate(
            # Only earned attempts need their month: fewer groups to fold.
            month=Case(When(status=Submission.Status.PASSED, then=TruncMonth("decided_at"))),
            in_period=_flag(filters.decided_in_period()),
            in_window=_flag(window.decided_in_period()),
        )
        .values("version_id", "status", "is_renewal", "month", "in_period", "in_window")
        .annotate(count=Count("id"))
    )


def outcomes_serve(filters: ProgressFilters) -> bool:
    """Whether the outcome cells, which know a decision's month only, answer these filters
    exactly: a period (and so the trend's window) that starts on a month's first day and ends
    on a month's last day, or today or later (no decision is dated in the future: the services
    stamp it with the time of the decision)."""
    start, end = filters.start, filters.end
    if start is not None and start.day != 1:
        return False
    if end is None or end >= timezone.localdate():
        return True
    return (end + timedelta(days=1)).day == 1


def _rollup_groups(
    root: Organization, filters: ProgressFilters, window: ProgressFilters
) -> list[dict[str, Any]]:
    """`_live_groups` read from the cells of the scope's organization: the same rows."""
    cells = OrganizationOutcomes.objects.filter(
        organization_id=(filters.school or root).pk
    ).exclude(version_id=EDUCATORS)
    if filters.focus_area_id or filters.credential_id:
        versions = MicroCredentialVersion.objects.all()
        if filters.focus_area_id:
            versions = versions.filter(focus_area_id=filters.focus_area_id)
        if filters.credential_id:
            versions = versions.filter(credential_id=filters.credential_id)
        cells = cells.filter(version_id__in=versions.values("pk"))
    groups: dict[tuple[Any, ...], int] = {}
    for version_id, status, is_renewal, month, attempts in cells.values_list(
        "version_id", "status", "is_renewal", "decided_month", "attempts"
    ):
        decided = month != UNDECIDED
        key = (
            version_id,
            status,
            is_renewal,
            month_of_key(month) if decided and status == Submission.Status.PASSED else None,
            _month_within(filters, month) if decided else not (filters.start or filters.end),
            _month_within(window, month) if decided else False,
        )
        groups[key] = groups.get(key, 0) + attempts
    names = ("version_id", "status", "is_renewal", "month", "in_period", "in_window")
    return [{**dict(zip(names, key, strict=True)), "count": n} for key, n in groups.items()]


def _month_within(period: ProgressFilters, month: int) -> bool:
    """Whether a decision of this month falls in a whole-month period (outcomes_serve)."""
    if period.start is not None and month < month_key(period.start):
        return False
    return period.end is None or month <= month_key(period.end)


@dataclass
class _Tally:
    """Folds the grouped rows of `dashboard_summary` into its numbers."""

    statuses: dict[str, int] = field(default_factory=dict)
    months: dict[date, int] = field(default_factory=dict)
    areas: dict[str, int] = field(default_factory=dict)
    funnel: dict[int, dict[str, Any]] = field(default_factory=dict)
    pd_hours: Decimal = Decimal("0")

    def add(self, group: dict[str, Any], version: dict[str, Any]) -> None:
        status, count = group["status"], group["count"]
        self.statuses[status] = self.statuses.get(status, 0) + count
        if status == Submission.Status.PASSED and group["in_period"]:
            self.pd_hours += version["pd_hours"] * count
        if group["is_renewal"]:
            return  # work under way and PD hours only (first_earned)
        credential_id = version["credential_id"]
        row = self.funnel.setdefault(
            credential_id,
            {"credential_id": credential_id,
             "title": version["credential__published_version__title"] or "",
             "started": 0, "submitted": 0, "not_yet": 0, "earned": 0},
        )  # fmt: skip
        row["started"] += count
        if status != Submission.Status.DRAFT:
            row["submitted"] += count
        if status == Submission.Status.NOT_YET and group["in_period"]:
            row["not_yet"] += count
        if status != Submission.Status.PASSED:
            return
        if group["in_window"] and group["month"] is not None:
            month = _as_date(group["month"])
            self.months[month] = self.months.get(month, 0) + count
        if group["in_period"]:
            row["earned"] += count
            name = version["focus_area__name"]
            self.areas[name] = self.areas.get(name, 0) + count


def median_days_to_earn(
    root: Organization, filters: ProgressFilters, credential_ids: list[int]
) -> dict[int, float]:
    """Median days from submission (or start) to earning, per micro-credential: PostgreSQL's
    PERCENTILE_CONT over the earned attempts only; other databases compute it in Python."""
    passed = scoped_submissions(root, filters).filter(
        filters.decided_in_period(),
        first_earned(),
        credential_id__in=credential_ids,
        decided_at__isnull=False,
    )
    if connection.vendor == "postgresql":
        rows = (
            passed.order_by()
            .values("credential_id")
            .annotate(seconds=Median(EpochSeconds(_time_to_earn())))
        )
        alias = reads_alias()  # the replica, inside the dashboard's replica_reads()
        with transaction.atomic(using=alias):
            # The percentile sorts every earned attempt of a state: let it sort in memory.
            with connections[alias].cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '32MB'")
            found = list(rows)
        return {r["credential_id"]: r["seconds"] / 86400 for r in found if r["seconds"] is not None}
    spans: dict[int, list[float]] = {}
    for credential_id, decided, submitted, created in passed.values_list(
        "credential_id", "decided_at", "submitted_at", "created_at"
    ):
        span = decided - (submitted or created) if decided else timedelta(0)
        spans.setdefault(credential_id, []).append(span.total_seconds())
    return {key: statistics.median(values) / 86400 for key, values in spans.items()}


def _median_days_from_histogram(
    root: Organization, filters: ProgressFilters, credential_ids: list[int]
) -> dict[int, float]:
    """`median_days_to_earn` (over all time), exactly, reading only the attempts of the day or
    two that hold the middle: the scope's histogram of whole hours to earn
    (OrganizationEarningHours) says which hours and at which rank, and an index on the time to
    earn reads them in order (ADR 0040). PERCENTILE_CONT's interpolation, in the same floats."""
    versions = MicroCredentialVersion.objects.filter(credential_id__in=credential_ids)
    if filters.focus_area_id:
        versions = versions.filter(focus_area_id=filters.focus_area_id)
    if filters.credential_id:
        versions = versions.filter(credential_id=filters.credential_id)
    credential_of = dict(versions.values_list("pk", "credential_id"))
    histograms: dict[int, Counter[int]] = {}
    for version_id, hours, attempts in OrganizationEarningHours.objects.filter(
        organization_id=(filters.school or root).pk, version_id__in=list(credential_of)
    ).values_list("version_id", "hours", "attempts"):
        histograms.setdefault(credential_of[version_id], Counter())[hours] += attempts
    reads = [
        _middle_attempts(root, filters, credential_id, histogram)
        for credential_id, histogram in sorted(histograms.items())
        if sum(histogram.values())
    ]
    if not reads:
        return {}
    middles: dict[int, list[float]] = {}
    for credential_id, seconds in reads[0].union(*reads[1:], all=True):
        middles.setdefault(credential_id, []).append(seconds)
    medians = {}
    for credential_id, histogram in histograms.items():
        values = sorted(middles.get(credential_id, []))
        if not values:
            continue
        position = 0.5 * (sum(histogram.values()) - 1)
        low, high = values[0], values[-1]
        seconds = (
            low if len(values) == 1 else low + (position - math.floor(position)) * (high - low)
        )
        medians[credential_id] = seconds / 86400
    return medians


def _middle_attempts(
    root: Organization, filters: ProgressFilters, credential_id: int, histogram: Counter[int]
) -> QuerySet[Any]:
    """The one or two earned attempts at the middle ranks of this credential's times to earn
    (ranks floor and ceil of (n - 1) / 2), read from the hours the histogram puts them in."""
    position = 0.5 * (sum(histogram.values()) - 1)
    low, high = math.floor(position), math.ceil(position)
    below, first_hour, last_hour, offset = 0, 0, 0, 0
    for hour in sorted(histogram):
        if below <= low < below + histogram[hour]:
            first_hour, offset = hour, low - below
        if below <= high < below + histogram[hour]:
            last_hour = hour
            break
        below += histogram[hour]
    spent = ExpressionWrapper(_time_to_earn(), output_field=DurationField())
    return (
        scoped_submissions(root, filters)
        .filter(first_earned(), credential_id=credential_id, decided_at__isnull=False)
        .annotate(spent=spent)
        .filter(spent__gte=timedelta(hours=first_hour), spent__lt=timedelta(hours=last_hour + 1))
        .annotate(
            for_credential=Value(credential_id),
            seconds=Cast(EpochSeconds(_time_to_earn()), FloatField()),
        )
        .order_by("spent")
        .values_list("for_credential", "seconds")[offset : offset + high - low + 1]
    )


def _flag(condition: Q) -> Any:
    """TRUE where the condition holds (always, for an empty condition)."""
    if not condition:
        return Value(True)
    return Case(When(condition, then=Value(True)), default=Value(False))


def _trend_window(filters: ProgressFilters, months: int) -> ProgressFilters:
    end = filters.end or timezone.localdate()
    start = filters.start or (end.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    return ProgressFilters(start=start, end=end)


def _month_series(window: ProgressFilters, counts: dict[date, int]) -> list[tuple[date, int]]:
    assert window.start is not None and window.end is not None
    series = []
    month = window.start.replace(day=1)
    while month <= window.end:
        series.append((month, counts.get(month, 0)))
        month = (month + timedelta(days=32)).replace(day=1)
    return series[-36:]


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --------------------------------------------------------------------------------------------
# Exports: earned micro-credentials of everyone in scope
# --------------------------------------------------------------------------------------------


def earned_in_scope(root: Organization, filters: ProgressFilters) -> QuerySet[Submission]:
    """Every earned micro-credential of the current educators under `root`, by educator's email,
    oldest first."""
    return (
        scoped_submissions(root, filters)
        .filter(filters.decided_in_period(), status=Submission.Status.PASSED)
        .order_by("educator__email", "decided_at", "pk")
    )


def earned_in_scope_by_educators(
    root: Organization, filters: ProgressFilters, educators: int = EARNED_EDUCATORS_PER_CHUNK
) -> Iterator[QuerySet[Submission]]:
    """`earned_in_scope` in the same order, one chunk of `educators` educators at a time.

    The educators are walked in the order of the accounts' unique email index, so the first
    chunk is ready at once whatever the size of the state, where ordering every earned attempt
    of a state by email had to sort them all before the first row (issue 26). Iterate inside a
    transaction: the walk is a server-side cursor.
    """
    scope = filters.school or root
    people = (
        User.objects.filter(educator_in_scope(scope))
        .order_by("email", "pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=educators)
    )
    while ids := list(islice(people, educators)):
        yield earned_in_scope(root, filters).filter(educator_id__in=ids)
