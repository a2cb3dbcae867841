"""Staff progress: one row per educator of an organization, with their school, counts and PD
hours, filtered and sorted in SQL (the dashboard's table, its exports, the progress API)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.models import User
from organizations.models import Membership, Organization, Role
from organizations.selectors import educator_in_scope
from submissions.models import Submission

from ..models import EducatorProgress, OrganizationOutcomes
from ..outcomes import educators_cell

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


def _school_name(scope: Organization, user_ref: str = "pk") -> Subquery:
    school = Membership.objects.filter(
        user_id=OuterRef(user_ref),
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


def with_numbers(people: QuerySet[User], filters: ProgressFilters) -> QuerySet[User]:
    """All the progress numbers, from one join to submissions (and their version)."""
    return people.annotate(**{name: _number(name, filters) for name in NUMBERS})


# --------------------------------------------------------------------------------------------
# The rollup (reporting.rollup, ADR 0038): numbers over all attempts, read through an index
# --------------------------------------------------------------------------------------------

# The sorts an index of the rollup serves; the others (school, last activity) read the accounts.
ROLLUP_SORTS = {"name", "email", *NUMBERS}
ROLLUP_STATUS = {
    "in_progress": Q(in_progress__gt=0),
    "submitted": Q(submitted__gt=0),
    "not_yet": Q(not_yet__gt=0),
    "earned": Q(earned__gt=0),
    "not_started": Q(attempts=0),
}


def rollup_serves(filters: ProgressFilters) -> bool:
    """Whether the rollup's numbers are the ones these filters ask for: numbers over all
    attempts (no focus area, micro-credential or period), in an order one of its indexes has."""
    narrowed = filters.focus_area_id or filters.credential_id or filters.start or filters.end
    return not narrowed and filters.sort.lstrip("-") in ROLLUP_SORTS


def _rollup_people(root: Organization, filters: ProgressFilters) -> QuerySet[EducatorProgress]:
    """`staff_people` read from the rollup: the same educators (scope, school, search,
    status), one row each with their numbers (every account has a row)."""
    scope = filters.school or root
    people = EducatorProgress.objects.filter(educator_in_scope(scope, "educator_id"))
    if filters.search:
        people = people.filter(
            Q(display_name__icontains=filters.search) | Q(email__icontains=filters.search)
        )
    if filters.status in ROLLUP_STATUS:
        people = people.filter(ROLLUP_STATUS[filters.status])
    return people


def _rollup_ordering(sort: str) -> list[Any]:
    """The rollup's columns, the way its indexes hold them (never null: no NULLS LAST), then
    the educator ascending among equals, as the other orders do."""
    key = sort.lstrip("-")
    fields = ("display_name", "email") if key == "name" else (key,)
    if sort.startswith("-"):
        return [*(F(name).desc() for name in fields), F("educator_id").asc()]
    return [*(F(name).asc() for name in fields), F("educator_id").asc()]


# --------------------------------------------------------------------------------------------
# The table, its pages and the exports
# --------------------------------------------------------------------------------------------


def staff_progress(root: Organization, filters: ProgressFilters) -> QuerySet[Any]:
    """Every selected educator with their school, counts and PD hours, sorted (exports): each
    row has the account's `pk`, name, email and last activity, and the numbers.

    Read from the rollup when it serves the filters (rows stream in index order from the first
    one); otherwise one grouped query whatever the number of educators.
    """
    if rollup_serves(filters):
        return (
            _rollup_people(root, filters)
            .annotate(
                school_name=_school_name(filters.school or root, "educator_id"),
                last_activity_at=Subquery(
                    User.objects.filter(pk=OuterRef("educator_id")).values("last_activity_at")
                ),
            )
            .order_by(*_rollup_ordering(filters.sort))
        )
    people = with_numbers(staff_people(root, filters), filters)
    people = people.annotate(school_name=_school_name(filters.school or root))
    return people.order_by(*_ordering(filters.sort), "pk")


def staff_progress_ids(root: Organization, filters: ProgressFilters) -> Any:
    """The selected educators' ids in the chosen order: through the rollup's index when it
    serves the filters, else numbers are aggregated for everyone only when the order needs them."""
    if rollup_serves(filters):
        ordered = _rollup_people(root, filters).order_by(*_rollup_ordering(filters.sort))
        return ordered.values_list("educator_id", flat=True)
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
    rows = with_numbers(User.objects.filter(pk__in=ids), filters).annotate(
        school_name=_school_name(filters.school or root)
    )
    by_id: dict[int, User] = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


class CountedPaginator(Paginator):
    """Counts a cheaper queryset than the one it pages through (the same rows, without the
    aggregation the order may need), or takes a number read elsewhere."""

    counted: QuerySet[Any] | None = None
    known_count: int | None = None

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return self.counted.count() if self.counted is not None else super().count


def educators_counted(root: Organization, filters: ProgressFilters) -> int | None:
    """How many educators `staff_people` selects, read from the organization's educator cells
    (reporting.outcomes, ADR 0040) when no search narrows them and the status filter is one
    over all attempts; None when it must be counted."""
    narrowed = filters.focus_area_id or filters.credential_id or filters.start or filters.end
    if filters.search or (filters.status and filters.status not in ROLLUP_STATUS):
        return None
    if filters.status not in ("", "not_started") and narrowed:
        return None
    cell = educators_cell(filters.status)
    found = OrganizationOutcomes.objects.filter(
        organization_id=(filters.school or root).pk,
        version_id=cell[0],
        status=cell[1],
        is_renewal=cell[2],
        decided_month=cell[3],
    ).values_list("attempts", flat=True)
    return next(iter(found), 0)


def staff_progress_page(
    root: Organization, filters: ProgressFilters, number: Any, per_page: int
) -> Page:
    """One page of `staff_progress` in three queries (count, the page's ids, their rows), so a
    state of any size stays fast: numbers are computed for the page's educators only."""
    paginator = CountedPaginator(staff_progress_ids(root, filters), per_page)
    serves = rollup_serves(filters)
    paginator.counted = _rollup_people(root, filters) if serves else staff_people(root, filters)
    paginator.known_count = educators_counted(root, filters)
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
