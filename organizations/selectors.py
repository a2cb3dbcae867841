"""Reads about organizations and roles. Roles are computed once per user object."""

import importlib
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.models import User
from credentials.models import MicroCredentialVersion
from submissions.models import Submission

from .models import Assignment, Membership, Organization, Role

_CACHE_ATTR = "_active_memberships_cache"


def user_memberships(user: User) -> list[Membership]:
    """The user's active memberships with their organizations (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related("organization")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def user_roles(user: User) -> set[str]:
    """The set of role values the user holds anywhere."""
    return {m.role for m in user_memberships(user)}


def user_has_role(user: User, role: str) -> bool:
    return role in user_roles(user)


def organizations_with_role(user: User, role: str) -> list[Organization]:
    return [m.organization for m in user_memberships(user) if m.role == role]


def organization_subtree_q(organizations: Iterable[Organization], prefix: str = "") -> Q:
    """A Q matching the given organizations and every organization under them."""
    query = Q(pk__in=[])
    for org in organizations:
        query |= Q(**{f"{prefix}path__startswith": org.path})
    return query


def organizations_administered_by(user: User) -> QuerySet[Organization]:
    """Organizations a district admin oversees: their own and everything below them."""
    if user.is_authenticated and user.is_staff:
        return Organization.objects.exclude(kind=Organization.Kind.ISSUER)
    roots = organizations_with_role(user, Role.DISTRICT_ADMIN)
    if not roots:
        return Organization.objects.none()
    return Organization.objects.filter(organization_subtree_q(roots))


def user_administers(user: User, organization: Organization) -> bool:
    """True when `organization` is one of the admin's organizations or lies under one."""
    if user.is_authenticated and user.is_staff:
        return True
    return any(
        organization.path.startswith(root.path)
        for root in organizations_with_role(user, Role.DISTRICT_ADMIN)
    )


def user_administers_user(admin: User, person: User) -> bool:
    """True when `person` is an active member of an organization the admin oversees."""
    roots = organizations_with_role(admin, Role.DISTRICT_ADMIN)
    if not roots:
        return bool(admin.is_authenticated and admin.is_staff)
    return Membership.objects.filter(
        organization_subtree_q(roots, prefix="organization__"),
        user=person,
        is_active=True,
    ).exists()


def educator_home_organization(user: User) -> Organization | None:
    """The school (or district) where the user works as an educator, if any."""
    for membership in user_memberships(user):
        if membership.role == Role.EDUCATOR:
            return membership.organization
    return None


# --------------------------------------------------------------------------------------------
# Staff progress: one row per educator, aggregated in SQL (a fixed number of queries)
# --------------------------------------------------------------------------------------------

SORTS = {
    "name": ("display_name", "email"),
    "email": ("email",),
    "school": ("school_name", "display_name"),
    "in_progress": ("in_progress",),
    "submitted": ("submitted",),
    "not_yet": ("not_yet",),
    "earned": ("earned",),
    "pd_hours": ("pd_hours",),
    "last_activity": ("last_activity_at",),
}
STATUS_FILTERS = {
    "in_progress": "In progress",
    "submitted": "Submitted or in review",
    "not_yet": "Not yet",
    "earned": "Earned",
    "not_started": "Not started",
}


@dataclass(frozen=True)
class ProgressFilters:
    """What the dashboard, its exports and the progress API narrow the educators by."""

    school: Organization | None = None
    focus_area_id: int | None = None
    credential_id: int | None = None
    status: str = ""
    start: date | None = None  # the period in which outcomes (earned, not yet) were decided
    end: date | None = None  # inclusive
    search: str = ""
    sort: str = "name"  # a key of SORTS, "-" first for descending

    def decided_in_period(self, prefix: str = "") -> Q:
        query = Q()
        if self.start:
            query &= Q(**{f"{prefix}decided_at__gte": _day_start(self.start)})
        if self.end:
            query &= Q(**{f"{prefix}decided_at__lt": _day_start(self.end + timedelta(days=1))})
        return query

    def submission_q(self, prefix: str = "") -> Q:
        query = Q()
        if self.focus_area_id:
            query &= Q(**{f"{prefix}version__focus_area_id": self.focus_area_id})
        if self.credential_id:
            query &= Q(**{f"{prefix}credential_id": self.credential_id})
        return query


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def dashboard_roots(user: User) -> list[Organization]:
    """The organizations whose dashboard this user may open (an admin of several picks one)."""
    if user.is_authenticated and user.is_staff:
        return list(
            Organization.objects.filter(
                kind__in=[Organization.Kind.STATE, Organization.Kind.DISTRICT]
            ).order_by("path")
        )
    roots = organizations_with_role(user, Role.DISTRICT_ADMIN)
    return sorted(roots, key=lambda org: org.path)


def educator_in_scope(root: Organization, user_ref: str = "pk") -> Exists:
    """EXISTS an active educator membership under `root` for the user at `user_ref`."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef(user_ref),
            is_active=True,
            role=Role.EDUCATOR,
            organization__path__startswith=root.path,
        )
    )


def educators_in(root: Organization) -> QuerySet[User]:
    """Every current educator of `root` and the organizations under it."""
    return User.objects.filter(educator_in_scope(root))


def first_earned(prefix: str = "") -> Q:
    """Passed attempts that earned their micro-credential for the first time ("earned").

    A renewal (ADR 0018) earns the same micro-credential again, so it adds its PD hours to the
    period it passes in, and shows as a renewal in transcripts and exports, but never makes one
    micro-credential count twice. `prefix` reaches submissions across a relation."""
    return Q(**{f"{prefix}status": Submission.Status.PASSED, f"{prefix}is_renewal": False})


def _status_q(status: str, filters: ProgressFilters) -> Q | None:
    """Educators with at least one attempt in the given state (an EXISTS, not a HAVING, so the
    count of matching educators needs no aggregation)."""
    states = {
        "in_progress": Q(status=Submission.Status.DRAFT),
        "submitted": Q(status__in=[Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW]),
        "not_yet": Q(status=Submission.Status.NOT_YET) & filters.decided_in_period(),
        "earned": first_earned() & filters.decided_in_period(),
    }
    if status not in states:
        return None
    attempts = Submission.objects.filter(
        states[status], filters.submission_q(), educator_id=OuterRef("pk")
    )
    return Q(Exists(attempts))


def staff_people(root: Organization, filters: ProgressFilters) -> QuerySet[User]:
    """The educators the filters select (scope, school, search, status), without numbers."""
    scope = filters.school or root
    people = User.objects.filter(educator_in_scope(scope))
    if filters.search:
        people = people.filter(
            Q(display_name__icontains=filters.search) | Q(email__icontains=filters.search)
        )
    if filters.status == "not_started":
        people = people.exclude(Exists(Submission.objects.filter(educator_id=OuterRef("pk"))))
    status = _status_q(filters.status, filters)
    return people.filter(status) if status is not None else people


def _school_name(scope: Organization) -> Subquery:
    school = Membership.objects.filter(
        user_id=OuterRef("pk"),
        is_active=True,
        role=Role.EDUCATOR,
        organization__path__startswith=scope.path,
    ).order_by("pk")
    return Subquery(school.values("organization__name")[:1])


NUMBERS = ("in_progress", "submitted", "not_yet", "earned", "pd_hours")


def _number(name: str, filters: ProgressFilters) -> Any:
    """One of the progress numbers as an aggregate: `COUNT(...) FILTER (WHERE ...)` (or a SUM)
    over the join to the educator's submissions."""
    subs = filters.submission_q("submissions__")
    outcome = subs & filters.decided_in_period("submissions__")
    status = Submission.Status
    if name == "pd_hours":
        return Coalesce(
            Sum("submissions__version__pd_hours", filter=outcome & Q(submissions__status="passed")),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=9, decimal_places=1),
        )
    condition = {
        "in_progress": subs & Q(submissions__status=status.DRAFT),
        "submitted": subs & Q(submissions__status__in=[status.SUBMITTED, status.IN_REVIEW]),
        "not_yet": outcome & Q(submissions__status=status.NOT_YET),
        "earned": outcome & first_earned("submissions__"),
    }[name]
    return Count("submissions", filter=condition)


def _with_numbers(people: QuerySet[User], filters: ProgressFilters) -> QuerySet[User]:
    """All the progress numbers, from one join to submissions (and their version)."""
    return people.annotate(**{name: _number(name, filters) for name in NUMBERS})


def staff_progress(root: Organization, filters: ProgressFilters) -> QuerySet[User]:
    """Every selected educator with their school, counts and PD hours, sorted (exports).

    One grouped query whatever the number of educators.
    """
    people = _with_numbers(staff_people(root, filters), filters)
    people = people.annotate(school_name=_school_name(filters.school or root))
    return people.order_by(*_ordering(filters.sort), "pk")


def staff_progress_ids(root: Organization, filters: ProgressFilters) -> Any:
    """The selected educators' ids in the chosen order; numbers are aggregated for everyone only
    when the order needs them."""
    people = staff_people(root, filters)
    key = filters.sort.lstrip("-")
    if key in NUMBERS:
        people = people.annotate(**{key: _number(key, filters)})  # only what the order needs
    elif key == "school":
        people = people.annotate(school_name=_school_name(filters.school or root))
    return people.order_by(*_ordering(filters.sort), "pk").values_list("pk", flat=True)


def staff_progress_for(
    root: Organization, filters: ProgressFilters, ids: Iterable[int]
) -> list[User]:
    """These educators (a page of them) with their numbers and school, in the order given."""
    ids = list(ids)
    rows = _with_numbers(User.objects.filter(pk__in=ids), filters).annotate(
        school_name=_school_name(filters.school or root)
    )
    by_id: dict[int, User] = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


class CountedPaginator(Paginator):
    """Counts a cheaper queryset than the one it pages through (the same rows, without the
    aggregation the order may need)."""

    counted: QuerySet[User] | None = None

    @cached_property
    def count(self) -> int:
        return self.counted.count() if self.counted is not None else super().count


def staff_progress_page(
    root: Organization, filters: ProgressFilters, number: Any, per_page: int
) -> Page:
    """One page of `staff_progress` in three queries (count, the page's ids, their rows), so a
    state of any size stays fast: numbers are computed for the page's educators only."""
    paginator = CountedPaginator(staff_progress_ids(root, filters), per_page)
    paginator.counted = staff_people(root, filters)
    page = paginator.get_page(number)
    rows: Any = staff_progress_for(root, filters, page.object_list)
    page.object_list = rows
    return page


def _ordering(sort: str) -> list[Any]:
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["name"])
    if descending:
        return [F(name).desc(nulls_last=True) for name in fields]
    return [F(name).asc(nulls_last=True) for name in fields]


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
    root: Organization, filters: ProgressFilters, months: int = 12, funnel_size: int = 25
) -> DashboardSummary:
    """Headline numbers, both charts' series and the per micro-credential funnel, from one
    grouped pass over the scope's attempts, plus the funnel's median time to earn.

    Outcomes (earned, not yet, PD hours) count within the period; the monthly trend covers the
    period, or the last `months` months when there is none. The funnel counts attempts: started,
    submitted, decided "not yet", earned. Renewals (ADR 0018) count in the work under way and in
    PD hours, never in "earned", the charts or the funnel (first_earned).
    """
    window = _trend_window(filters, months)
    # Grouped by version, not joined to it: a version's focus area and PD hours are constants,
    # applied to the few grouped rows afterwards, so the pass reads one table.
    groups = list(
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
    medians = median_days_to_earn(root, filters, [row["credential_id"] for row in funnel])
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
        with transaction.atomic():
            # The percentile sorts every earned attempt of a state: let it sort in memory.
            with connection.cursor() as cursor:
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


def schools_under(root: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(
            path__startswith=root.path, kind=Organization.Kind.SCHOOL
        ).order_by("name")
    )


# --------------------------------------------------------------------------------------------
# Exports: earned micro-credentials of everyone in scope
# --------------------------------------------------------------------------------------------


def earned_in_scope(root: Organization, filters: ProgressFilters) -> QuerySet[Submission]:
    """Every earned micro-credential of the current educators under `root`, oldest first."""
    return (
        scoped_submissions(root, filters)
        .filter(filters.decided_in_period(), status=Submission.Status.PASSED)
        .order_by("educator__email", "decided_at", "pk")
    )


# --------------------------------------------------------------------------------------------
# Transcripts
# --------------------------------------------------------------------------------------------


@dataclass
class TranscriptEntry:
    submission_id: int
    title: str
    focus_area: str
    issuer: str
    earned_on: date | None
    pd_hours: Decimal
    ceus: Decimal | None
    verification_url: str = ""
    renewal: bool = False  # earned again to renew an expiring badge (its PD hours count)


@dataclass
class Transcript:
    educator: User
    entries: list[TranscriptEntry]
    organizations: list[Organization]

    @property
    def earned(self) -> int:
        """Micro-credentials earned, each once (renewals are entries of their own)."""
        return sum(1 for e in self.entries if not e.renewal)

    @property
    def renewals(self) -> int:
        return sum(1 for e in self.entries if e.renewal)

    @property
    def total_label(self) -> str:
        """ "Total: 3 micro-credentials" (", 1 renewal" when there are renewals)."""
        label = f"Total: {self.earned} micro-credential{'s' * (self.earned != 1)}"
        if self.renewals:
            label += f", {self.renewals} renewal{'s' * (self.renewals != 1)}"
        return label

    @property
    def total_pd_hours(self) -> Decimal:
        return sum((e.pd_hours for e in self.entries), Decimal("0"))

    @property
    def total_ceus(self) -> Decimal:
        return sum((e.ceus or Decimal("0") for e in self.entries), Decimal("0"))


def transcript_for(educator: User) -> Transcript:
    """The educator's earned micro-credentials (passed submissions; decided_at is the date
    earned), with verification links where the badges app provides them."""
    earned = (
        Submission.objects.filter(educator=educator, status=Submission.Status.PASSED)
        .select_related("version__focus_area", "credential__issuer")
        .order_by("decided_at", "pk")
    )
    entries = [
        TranscriptEntry(
            submission_id=s.pk,
            title=s.version.title,
            focus_area=s.version.focus_area.name,
            issuer=s.credential.issuer.name,
            earned_on=timezone.localtime(s.decided_at).date() if s.decided_at else None,
            pd_hours=s.version.pd_hours,
            ceus=s.version.ceus,
            renewal=s.is_renewal,
        )
        for s in earned
    ]
    links = verification_links([e.submission_id for e in entries])
    for entry in entries:
        entry.verification_url = links.get(entry.submission_id, "")
    organizations = [
        m.organization
        for m in Membership.objects.filter(
            user=educator, is_active=True, role=Role.EDUCATOR
        ).select_related("organization__parent")
    ]
    return Transcript(educator=educator, entries=entries, organizations=organizations)


def verification_links(submission_ids: list[int]) -> dict[int, str]:
    """Public verification URLs of the badges for these submissions, when badges exist."""
    if not submission_ids:
        return {}
    # The badges app is written separately; until it provides this function the column stays
    # empty (a `from ... import` of a missing name is an ImportError too).
    try:
        module = importlib.import_module("badges.selectors")
        lookup = module.verification_urls_for_submissions
    except (ImportError, AttributeError):
        return {}
    return dict(lookup(submission_ids))


def educator_administered_by(admin: User, public_id: UUID) -> User | None:
    """A current staff member of one of the admin's organizations, or None."""
    person = User.objects.filter(public_id=public_id).first()
    if person is None or person.pk == admin.pk:
        return person
    if not user_administers_user(admin, person):
        return None
    return person


# --------------------------------------------------------------------------------------------
# Assignments
# --------------------------------------------------------------------------------------------


def _passed_credentials(educator_ids: Iterable[int]) -> set[tuple[int, int]]:
    return set(
        Submission.objects.filter(
            educator_id__in=list(educator_ids), status=Submission.Status.PASSED
        ).values_list("educator_id", "credential_id")
    )


def _is_complete(assignment: Assignment, educator_id: int, passed: set[tuple[int, int]]) -> bool:
    if assignment.credential_id:
        return (educator_id, assignment.credential_id) in passed
    assert assignment.stack is not None
    items = [item.credential_id for item in assignment.stack.items.all()]
    return bool(items) and all((educator_id, c) in passed for c in items)


def _assignment_queryset() -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(cancelled_at=None)
        .select_related(
            "credential__published_version", "stack", "school", "educator", "organization"
        )
        .prefetch_related("stack__items")
    )


def assignments_for_educator(educator: User) -> list[dict[str, Any]]:
    """What the educator's districts recommended or assigned to them, with whether it is done."""
    schools = Membership.objects.filter(user=educator, is_active=True, role=Role.EDUCATOR).values(
        "organization_id"
    )
    assignments = list(
        _assignment_queryset()
        .filter(Q(educator=educator) | Q(school_id__in=schools))
        .order_by(F("due_on").asc(nulls_last=True), "-created_at")
    )
    passed = _passed_credentials([educator.pk])
    today = timezone.localdate()
    rows = []
    for assignment in assignments:
        done = _is_complete(assignment, educator.pk, passed)
        overdue = bool(assignment.due_on and assignment.due_on < today and not done)
        rows.append({"assignment": assignment, "done": done, "overdue": overdue})
    return rows


def assignments_in(root: Organization) -> QuerySet[Assignment]:
    """The assignments in scope (not cancelled), newest first, ready for `assignment_rows`."""
    return (
        _assignment_queryset()
        .filter(organization__path__startswith=root.path)
        .order_by("-created_at", "-pk")
    )


def assignment_progress(root: Organization, limit: int = 20) -> list[dict[str, Any]]:
    """The latest assignments in scope: how many were targeted, completed, and who is overdue."""
    return assignment_rows(list(assignments_in(root)[:limit]))


def assignment_rows(assignments: list[Assignment]) -> list[dict[str, Any]]:
    """Each assignment with how many were targeted, completed, and who is overdue.

    Two queries whatever the number (besides the assignments and their prefetched stack
    items): the schools' educators and their passed micro-credentials.
    """
    school_ids = {a.school_id for a in assignments if a.school_id}
    members: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organization_id__in=school_ids, is_active=True, role=Role.EDUCATOR
    ).select_related("user"):
        members.setdefault(membership.organization_id, []).append(membership.user)
    targets = {
        a.pk: ([a.educator] if a.educator else members.get(a.school_id or 0, []))
        for a in assignments
    }
    passed = _passed_credentials({u.pk for people in targets.values() for u in people if u})
    today = timezone.localdate()
    rows = []
    for assignment in assignments:
        people = [u for u in targets[assignment.pk] if u is not None]
        done = [u for u in people if _is_complete(assignment, u.pk, passed)]
        overdue = []
        if assignment.due_on and assignment.due_on < today:
            overdue = [u for u in people if u not in done]
        rows.append(
            {
                "assignment": assignment,
                "targeted": len(people),
                "completed": len(done),
                "overdue": overdue,
            }
        )
    return rows
