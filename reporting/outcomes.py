"""The organization outcome rollup (OrganizationOutcomes, ADR 0040): for every organization, the
attempts of its current educators grouped as the dashboard's statistics group them (version,
status, renewal, month of decision), so the headline numbers, both charts and the funnel read
one organization's few thousand cells instead of every attempt of a state (issue 26).

An organization's cells cannot be recomputed per change (a state's are every attempt of the
state), so they are kept by differences, educator by educator: `EducatorOutcomes` holds what an
educator added and where; a refresh recomputes the educator's share from their submissions and
memberships, and adds (new - old) to the cells of the organizations concerned, inside the
transaction that changed them. The caller holds the educator's advisory lock (reporting.rollup),
so two changes of one educator apply their differences one after the other; cells are updated in
one sorted order, so two educators' refreshes never wait on each other in a circle.

Each educator counts once under an organization however many of its schools they teach at, as
the dashboard's scope (an EXISTS over memberships) counts them: the organizations an educator
adds to are the union of their memberships' paths.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from organizations.models import Membership, Role
from submissions.models import Submission

from .models import UNDECIDED, EducatorOutcomes, OrganizationEarningHours, OrganizationOutcomes

Cell = tuple[int, str, bool, int]  # version_id, status, is_renewal, decided_month
# Cells of version 0 count educators, not attempts: "staff" all of them, and
# "staff:<status>" those the table's status filter selects (over all their attempts, as
# reporting.selectors.progress.ROLLUP_STATUS), so the table's count is read, not counted.
EDUCATORS = 0
EDUCATOR_FLAGS = {
    "in_progress": Q(status=Submission.Status.DRAFT),
    "submitted": Q(status__in=[Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW]),
    "not_yet": Q(status=Submission.Status.NOT_YET),
    "earned": Q(status=Submission.Status.PASSED, is_renewal=False),
}


def educators_cell(status: str = "") -> Cell:
    return (EDUCATORS, f"staff:{status}" if status else "staff", False, UNDECIDED)


Hours = tuple[int, int]  # version_id, whole hours to earn
HOUR = timedelta(hours=1)
REBUILD_CHUNK = 5000


def month_key(value: date | datetime | None) -> int:
    """A decision's month as the rollup keys it (in the site's time zone, as TruncMonth)."""
    if value is None:
        return UNDECIDED
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.year * 12 + value.month - 1


def month_of_key(key: int) -> date:
    return date(key // 12, key % 12 + 1, 1)


def outcomes_refresh(*, educator_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute these educators' shares and apply the differences to the organizations' cells.
    Call it inside the transaction that changed them, holding their advisory locks."""
    ids = sorted({pk for pk in educator_ids if pk})
    if not ids:
        return
    with transaction.atomic(using=using):
        old = {
            row.educator_id: row
            for row in EducatorOutcomes.objects.using(using).filter(educator_id__in=ids)
        }
        organizations = _organizations(Membership.objects.using(using).filter(user_id__in=ids))
        attempts = Submission.objects.using(using).filter(educator_id__in=ids)
        cells, hours = _cells(ids, attempts), _earning_hours(attempts)
        difference: Counter[tuple[int, Cell]] = Counter()
        hours_difference: Counter[tuple[int, Hours]] = Counter()
        for pk in ids:
            before = old.get(pk)
            if before is not None:
                for organization in before.organizations:
                    for *cell, n in before.cells:
                        difference[(organization, _cell(cell))] -= n
                    for version_id, spent, n in before.earning_hours:
                        hours_difference[(organization, (version_id, spent))] -= n
            for organization in organizations.get(pk, set()):
                for cell, n in cells.get(pk, Counter()).items():
                    difference[(organization, cell)] += n
                for key, n in hours.get(pk, Counter()).items():
                    hours_difference[(organization, key)] += n
        _store_shares(ids, organizations, cells, hours, using)
        _apply(difference, UPSERT, OrganizationOutcomes, using)
        _apply(hours_difference, UPSERT_HOURS, OrganizationEarningHours, using)


def outcomes_rebuild(*, chunk: int = REBUILD_CHUNK, using: str = DEFAULT_DB_ALIAS) -> int:
    """Recompute every educator's share and every organization's cells from scratch (after a
    bulk load, or to repair); how many cells were written."""
    totals: Counter[tuple[int, Cell]] = Counter()
    hours_totals: Counter[tuple[int, Hours]] = Counter()
    with transaction.atomic(using=using):
        EducatorOutcomes.objects.using(using).all().delete()
        OrganizationOutcomes.objects.using(using).all().delete()
        OrganizationEarningHours.objects.using(using).all().delete()
        for ids in _educator_chunks(chunk, using):
            organizations = _organizations(Membership.objects.using(using).filter(user_id__in=ids))
            attempts = Submission.objects.using(using).filter(educator_id__in=ids)
            cells, hours = _cells(ids, attempts), _earning_hours(attempts)
            _store_shares(ids, organizations, cells, hours, using)
            for pk, places in organizations.items():
                for organization in places:
                    for cell, n in cells.get(pk, Counter()).items():
                        totals[(organization, cell)] += n
                    for key, n in hours.get(pk, Counter()).items():
                        hours_totals[(organization, key)] += n
        OrganizationOutcomes.objects.using(using).bulk_create(
            (_row(key, n) for key, n in totals.items() if n), batch_size=5000
        )
        OrganizationEarningHours.objects.using(using).bulk_create(
            (
                OrganizationEarningHours(
                    organization_id=org, version_id=version_id, hours=spent, attempts=n
                )
                for (org, (version_id, spent)), n in hours_totals.items()
                if n
            ),
            batch_size=5000,
        )
    return len(totals)


def _educator_chunks(chunk: int, using: str) -> Iterator[list[int]]:
    """Every educator with an attempt or an educator membership, `chunk` at a time."""
    with_attempts = set(
        Submission.objects.using(using).order_by().values_list("educator_id", flat=True).distinct()
    )
    members = set(
        Membership.objects.using(using)
        .filter(role=Role.EDUCATOR, is_active=True)
        .values_list("user_id", flat=True)
    )
    ids = sorted(with_attempts | members)
    for start in range(0, len(ids), chunk):
        yield ids[start : start + chunk]


def _organizations(memberships: QuerySet[Membership]) -> dict[int, set[int]]:
    """Per educator: every organization their active educator memberships put them under."""
    found: dict[int, set[int]] = {}
    rows = memberships.filter(role=Role.EDUCATOR, is_active=True).values_list(
        "user_id", "organization__path"
    )
    for user_id, path in rows:
        found.setdefault(user_id, set()).update(int(pk) for pk in path.strip("/").split("/") if pk)
    return found


def _cells(ids: list[int], submissions: QuerySet[Submission]) -> dict[int, Counter[Cell]]:
    """Per educator: their attempts (withdrawn ones left out) grouped by cell, and their
    educator cells."""
    rows = (
        submissions.exclude(status=Submission.Status.WITHDRAWN)
        .order_by()
        .annotate(month=TruncMonth("decided_at"))
        .values("educator_id", "version_id", "status", "is_renewal", "month")
        .annotate(attempts=Count("id"))
    )
    found: dict[int, Counter[Cell]] = {}
    for row in rows:
        cell = (row["version_id"], row["status"], row["is_renewal"], month_key(row["month"]))
        found.setdefault(row["educator_id"], Counter())[cell] += row["attempts"]
    flags = (
        submissions.order_by()
        .values("educator_id")
        .annotate(
            attempts=Count("id"),
            **{name: Count("id", filter=q) for name, q in EDUCATOR_FLAGS.items()},
        )
    )
    selected = {row["educator_id"]: row for row in flags}
    for pk in ids:
        mine = found.setdefault(pk, Counter())
        mine[educators_cell()] += 1
        numbers = selected.get(pk)
        if numbers is None:
            mine[educators_cell("not_started")] += 1  # no attempt at all, withdrawn ones too
            continue
        for name in EDUCATOR_FLAGS:
            if numbers[name]:
                mine[educators_cell(name)] += 1
    return found


def whole_hours(decided: datetime, submitted: datetime | None, created: datetime) -> int:
    """A first earning's time to earn in whole hours (floor), as the median's refinement
    selects them: from submission (or start) to the decision."""
    return (decided - (submitted or created)) // HOUR


def _earning_hours(submissions: QuerySet[Submission]) -> dict[int, Counter[Hours]]:
    """Per educator: their first earnings by version and whole hours to earn."""
    rows = submissions.filter(
        status=Submission.Status.PASSED, is_renewal=False, decided_at__isnull=False
    ).values_list("educator_id", "version_id", "decided_at", "submitted_at", "created_at")
    found: dict[int, Counter[Hours]] = {}
    for educator_id, version_id, decided, submitted, created in rows:
        assert decided is not None  # filtered above
        key = (version_id, whole_hours(decided, submitted, created))
        found.setdefault(educator_id, Counter())[key] += 1
    return found


def _cell(values: list[Any]) -> Cell:
    version_id, status, is_renewal, month = values
    return (int(version_id), str(status), bool(is_renewal), int(month))


def _store_shares(
    ids: list[int],
    organizations: dict[int, set[int]],
    cells: dict[int, Counter[Cell]],
    hours: dict[int, Counter[Hours]],
    using: str,
) -> None:
    EducatorOutcomes.objects.using(using).filter(educator_id__in=ids).delete()
    shares = [
        EducatorOutcomes(
            educator_id=pk,
            organizations=sorted(organizations.get(pk, set())),
            cells=[[*cell, n] for cell, n in sorted(cells.get(pk, Counter()).items())],
            earning_hours=[[*key, n] for key, n in sorted(hours.get(pk, Counter()).items())],
        )
        for pk in ids
        if organizations.get(pk) and cells.get(pk)
    ]
    EducatorOutcomes.objects.using(using).bulk_create(shares)


def _row(key: tuple[int, Cell], attempts: int) -> OrganizationOutcomes:
    organization, (version_id, status, is_renewal, month) = key
    return OrganizationOutcomes(
        organization_id=organization,
        version_id=version_id,
        status=status,
        is_renewal=is_renewal,
        decided_month=month,
        attempts=attempts,
    )


UPSERT = """
INSERT INTO reporting_organizationoutcomes
    (organization_id, version_id, status, is_renewal, decided_month, attempts)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (organization_id, version_id, status, is_renewal, decided_month)
DO UPDATE SET attempts = reporting_organizationoutcomes.attempts + EXCLUDED.attempts
"""


def _apply(
    difference: Counter[tuple[int, Any]],
    upsert: str,
    model: type[OrganizationOutcomes] | type[OrganizationEarningHours],
    using: str,
) -> None:
    """Add the differences to the rows (`upsert` adds one), in one order (no two refreshes
    wait in a circle); rows that fall to zero are removed."""
    changes = sorted((key, delta) for key, delta in difference.items() if delta)
    if not changes:
        return
    with connections[using].cursor() as cursor:
        cursor.executemany(upsert, [(org, *key, delta) for (org, key), delta in changes])
    organizations = {org for (org, _key), _delta in changes}
    model.objects.using(using).filter(organization_id__in=organizations, attempts=0).delete()


UPSERT_HOURS = """
INSERT INTO reporting_organizationearninghours (organization_id, version_id, hours, attempts)
VALUES (%s, %s, %s, %s)
ON CONFLICT (organization_id, version_id, hours)
DO UPDATE SET attempts = reporting_organizationearninghours.attempts + EXCLUDED.attempts
"""
