"""Assignments and recommendations as admins and educators see them: who was targeted, who
completed them, who is overdue."""

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from organizations.models import Membership, Organization, Role
from reporting.models import Assignment
from submissions.models import Submission


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
