"""Reads about organizations and roles. Roles are computed once per user object."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accounts.models import User

from .models import Membership, Organization, Role

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


def organization_district(organization: Organization | None) -> Organization | None:
    """The district an organization belongs to (itself when it is one)."""
    node = organization
    while node is not None and node.kind != Organization.Kind.DISTRICT:
        node = node.parent
    return node
