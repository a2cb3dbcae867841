"""Every write to organizations and memberships goes through these functions."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import Membership, Organization, Role

ALLOWED_PARENTS: dict[str, set[str | None]] = {
    Organization.Kind.STATE: {None},
    Organization.Kind.DISTRICT: {None, Organization.Kind.STATE},
    Organization.Kind.SCHOOL: {Organization.Kind.DISTRICT},
    Organization.Kind.ISSUER: {None},
}


class OrganizationError(Exception):
    """A request that would break the organization hierarchy."""


@transaction.atomic
def organization_create(
    *,
    kind: str,
    name: str,
    slug: str,
    parent: Organization | None = None,
    **fields: str,
) -> Organization:
    """Create an organization under `parent`, enforcing state > district > school."""
    parent_kind = parent.kind if parent else None
    if parent_kind not in ALLOWED_PARENTS[kind]:
        raise OrganizationError(f"A {kind} cannot be placed under a {parent_kind or 'nothing'}.")
    org = Organization.objects.create(kind=kind, name=name, slug=slug, parent=parent, **fields)
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    return org


def organization_get_or_create(
    *, kind: str, name: str, slug: str, parent: Organization | None = None, **fields: str
) -> Organization:
    """Idempotent create by slug (used by seeding and roster imports)."""
    existing = Organization.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return organization_create(kind=kind, name=name, slug=slug, parent=parent, **fields)


def membership_grant(*, user: User, organization: Organization, role: str) -> Membership:
    """Give `user` the role in `organization`; re-activates an ended membership."""
    if role not in Role.values:
        raise OrganizationError(f"Unknown role {role!r}.")
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.ended_at = None
        membership.save(update_fields=["is_active", "ended_at"])
    return membership


def membership_end(*, membership: Membership) -> Membership:
    """End a membership (someone left). The user's record and badges stay theirs."""
    if membership.is_active:
        membership.is_active = False
        membership.ended_at = timezone.now()
        membership.save(update_fields=["is_active", "ended_at"])
    return membership
