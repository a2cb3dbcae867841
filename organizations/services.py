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


def organization_update(
    *, organization: Organization, name: str | None = None, external_id: str | None = None
) -> Organization:
    """Rename an organization or link it to its SIS identifier."""
    fields: list[str] = []
    if name is not None and name != organization.name:
        organization.name, fields = name, [*fields, "name"]
    if external_id is not None and external_id != organization.external_id:
        organization.external_id, fields = external_id, [*fields, "external_id"]
    if fields:
        organization.save(update_fields=fields)
    return organization


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


# --------------------------------------------------------------------------------------------
# Invitations (sent by roster imports, rosters/services.py)
# --------------------------------------------------------------------------------------------


def invitation_accept(*, user: User, password: str) -> User:
    """An invited person chose a password: their email is proven by the link they followed."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    return user
