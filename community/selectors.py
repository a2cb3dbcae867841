"""Who sees which cohort. Only active members and facilitators see a cohort's page, people and
discussion; the admins of the organization that runs it manage it (its settings and people)."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from credentials.models import MicroCredential, StackItem
from organizations.models import Organization, Role
from organizations.selectors import (
    organizations_administered_by,
    organizations_with_role,
    user_administers,
)
from submissions.selectors import credential_statuses_for_users

from .models import Cohort, CohortMembership, Milestone, Post, Thread


def active_membership(user: User, cohort: Cohort) -> CohortMembership | None:
    if not user.is_authenticated:
        return None
    return CohortMembership.objects.filter(
        cohort=cohort, user=user, status=CohortMembership.Status.ACTIVE
    ).first()


def user_manages_cohort(user: User, cohort: Cohort) -> bool:
    """Admins of the running organization (or above it), its issuer staff, platform staff."""
    if not user.is_authenticated:
        return False
    if user_administers(user, cohort.organization):
        return True
    return any(
        org.pk == cohort.organization_id for org in organizations_with_role(user, Role.ISSUER_STAFF)
    )


def user_facilitates(user: User, cohort: Cohort) -> bool:
    membership = active_membership(user, cohort)
    return membership is not None and membership.role == CohortMembership.Role.FACILITATOR


def cohorts_for_user(user: User) -> QuerySet[Cohort]:
    """The cohorts the user is an active member or facilitator of, newest first."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        memberships__user=user, memberships__status=CohortMembership.Status.ACTIVE
    ).distinct()


def cohort_visible_to(user: User, public_id: UUID | str) -> Cohort | None:
    """The cohort when the user is in it (active) or manages it; None means answer 404."""
    cohort = (
        Cohort.objects.select_related("organization", "stack").filter(public_id=public_id).first()
    )
    if cohort is None:
        return None
    if active_membership(user, cohort) is not None or user_manages_cohort(user, cohort):
        return cohort
    return None


def people_sharing_a_cohort_with(user: User) -> QuerySet[User]:
    """Everyone active in one of the user's active cohorts (members and facilitators), but the
    user: the people a draft may be shared with."""
    if not user.is_authenticated:
        return User.objects.none()
    mine = CohortMembership.objects.filter(user=user, status=CohortMembership.Status.ACTIVE)
    return (
        User.objects.filter(
            Q(cohort_memberships__cohort__in=mine.values("cohort")),
            cohort_memberships__status=CohortMembership.Status.ACTIVE,
        )
        .exclude(pk=user.pk)
        .distinct()
    )


def pending_invitations(user: User) -> QuerySet[CohortMembership]:
    if not user.is_authenticated:
        return CohortMembership.objects.none()
    return CohortMembership.objects.filter(
        user=user, status=CohortMembership.Status.INVITED
    ).select_related("cohort", "cohort__organization", "invited_by")


def organizations_running_cohorts_for(user: User) -> list[Organization]:
    """Where the user may start cohorts: the states and districts they administer (with those
    under them) and the issuers they are staff of (an issuer also runs a union's cohorts,
    ADR 0028)."""
    if not user.is_authenticated:
        return []
    administered = organizations_administered_by(user).filter(
        kind__in=[Organization.Kind.STATE, Organization.Kind.DISTRICT]
    )
    return [*administered.order_by("name"), *organizations_with_role(user, Role.ISSUER_STAFF)]


def cohorts_managed_by(user: User) -> QuerySet[Cohort]:
    """The cohorts of the organizations the user may run cohorts for, newest first."""
    organizations = organizations_running_cohorts_for(user)
    if not organizations:
        return Cohort.objects.none()
    return Cohort.objects.filter(organization__in=organizations).select_related("organization")


def cohort_credentials(cohort: Cohort) -> list[MicroCredential]:
    """What the cohort learns: its stack's micro-credentials in order, then any chosen one by
    one, each once, with their published versions."""
    chosen: list[MicroCredential] = []
    if cohort.stack_id is not None:
        items = StackItem.objects.filter(stack_id=cohort.stack_id).select_related(
            "credential__published_version"
        )
        chosen += [item.credential for item in items.order_by("position", "pk")]
    chosen += list(cohort.micro_credentials.select_related("published_version").order_by("slug"))
    return list({credential.pk: credential for credential in chosen}.values())


def cohort_people(cohort: Cohort) -> QuerySet[CohortMembership]:
    """The cohort's memberships of every status, with their people."""
    return (
        CohortMembership.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by("role", "user__display_name", "user__email")
    )


def upcoming_milestones(cohort: Cohort) -> QuerySet[Milestone]:
    today = timezone.localdate()
    return cohort.milestones.filter(due_on__gte=today).select_related(
        "micro_credential__published_version"
    )


def recent_announcements(cohort: Cohort, limit: int = 5) -> list[Thread]:
    threads = (
        Thread.objects.filter(cohort=cohort, is_announcement=True, hidden_at__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("posts", queryset=Post.objects.order_by("created_at", "pk")))
        .order_by("-created_at")[:limit]
    )
    return list(threads)


def recent_threads(cohort: Cohort, limit: int = 5) -> list[Thread]:
    return list(
        Thread.objects.filter(cohort=cohort, is_announcement=False, hidden_at__isnull=True)
        .select_related("author")
        .order_by("-last_post_at")[:limit]
    )


# What a facilitator sees of a member's progress: statuses only, never evidence.
PROGRESS_LABELS = {
    "not_started": "Not started",
    "draft": "In progress",
    "submitted": "Submitted",
    "in_review": "Submitted",
    "not_yet": "Not yet",
    "passed": "Earned",
}


@dataclass(frozen=True)
class ProgressRow:
    membership: CohortMembership
    statuses: list[str]  # one label per micro-credential, in the cohort's order


def cohort_progress(
    cohort: Cohort, credentials: list[MicroCredential], members: list[CohortMembership]
) -> list[ProgressRow]:
    """Each active member's status per micro-credential, read in one query for the grid."""
    found = credential_statuses_for_users(
        [m.user_id for m in members], [credential.pk for credential in credentials]
    )
    return [
        ProgressRow(
            membership=member,
            statuses=[PROGRESS_LABELS[found[(member.user_id, c.pk)]] for c in credentials],
        )
        for member in members
    ]


def cohorts_in_or_managed_by(user: User) -> QuerySet[Cohort]:
    """The cohorts the user is active in and those they run (the API's list)."""
    return Cohort.objects.filter(
        Q(pk__in=cohorts_for_user(user).values("pk"))
        | Q(pk__in=cohorts_managed_by(user).values("pk"))
    )
