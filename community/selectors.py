"""Who sees which cohort. Only active members and facilitators see a cohort's page, people and
discussion; the admins of the organization that runs it manage it (its settings and people)."""

from uuid import UUID

from django.db.models import Q, QuerySet

from accounts.models import User
from organizations.models import Role
from organizations.selectors import organizations_with_role, user_administers

from .models import Cohort, CohortMembership


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
