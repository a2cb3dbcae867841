"""Reads about organizations and roles. Roles are computed once per user object."""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import Membership, MembershipInvitation, Organization, Role

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
# The staff under an organization (the admin pages of rosters, integrations and reporting)
# --------------------------------------------------------------------------------------------


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


def schools_under(root: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(
            path__startswith=root.path, kind=Organization.Kind.SCHOOL
        ).order_by("name")
    )


def educator_administered_by(admin: User, public_id: UUID) -> User | None:
    """A current staff member of one of the admin's organizations, or None."""
    person = User.objects.filter(public_id=public_id).first()
    if person is None or person.pk == admin.pk:
        return person
    if not user_administers_user(admin, person):
        return None
    return person


def invitations_waiting_under(root: Organization) -> QuerySet[MembershipInvitation]:
    """Invitations to `root` and the organizations under it still waiting for an answer: the
    admin sees these people as "invited" and nothing else about them."""
    return (
        MembershipInvitation.objects.filter(
            organization__path__startswith=root.path,
            status=MembershipInvitation.Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("user", "organization")
        .order_by("-created_at")
    )
