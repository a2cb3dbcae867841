"""Every write to organizations and memberships goes through these functions."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import Membership, MembershipInvitation, Organization, Role

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


# --------------------------------------------------------------------------------------------
# Membership invitations: an existing account joins only with its owner's consent
# --------------------------------------------------------------------------------------------

# How long an invitation (and the link in its email) can be answered.
MEMBERSHIP_INVITATION_DAYS = 14
_INVITATION_SALT = "organizations.membership-invitation"


class InvitationError(OrganizationError):
    """The invitation cannot be answered (already answered, expired, or not for this user)."""


def membership_invite(
    *, user: User, organization: Organization, role: str, by: User | None
) -> MembershipInvitation:
    """Invite `user` to hold `role` in `organization` once they accept. Inviting again while
    an invitation waits extends it (and the caller emails it again) instead of adding one."""
    if role not in Role.values:
        raise OrganizationError(f"Unknown role {role!r}.")
    expires_at = timezone.now() + timedelta(days=MEMBERSHIP_INVITATION_DAYS)
    with transaction.atomic():
        invitation = (
            MembershipInvitation.objects.select_for_update()
            .filter(
                user=user,
                organization=organization,
                role=role,
                status=MembershipInvitation.Status.PENDING,
            )
            .first()
        )
        if invitation is not None:
            invitation.expires_at = expires_at
            invitation.save(update_fields=["expires_at"])
            return invitation
        return MembershipInvitation.objects.create(
            user=user, organization=organization, role=role, invited_by=by, expires_at=expires_at
        )


def membership_invitation_token(invitation: MembershipInvitation) -> str:
    """The signed, expiring token of the link emailed to the invited person."""
    return signing.dumps(str(invitation.public_id), salt=_INVITATION_SALT)


def membership_invitation_for_token(token: str, *, user: User) -> MembershipInvitation | None:
    """The invitation the link names when it is valid, unexpired and addressed to `user`."""
    max_age = timedelta(days=MEMBERSHIP_INVITATION_DAYS)
    try:
        public_id = signing.loads(token, salt=_INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return (
        MembershipInvitation.objects.filter(public_id=public_id, user_id=user.pk)
        .select_related("organization", "invited_by")
        .first()
    )


def membership_invitation_accept(*, invitation: MembershipInvitation, by: User) -> Membership:
    """The invited person accepts: from now on they are a member (and their admins see them)."""
    with transaction.atomic():
        locked = _invitation_answerable(invitation, by)
        membership = membership_grant(
            user=locked.user, organization=locked.organization, role=locked.role
        )
        _invitation_close(locked, MembershipInvitation.Status.ACCEPTED)
    invitation.refresh_from_db()
    return membership


def membership_invitation_decline(
    *, invitation: MembershipInvitation, by: User
) -> MembershipInvitation:
    """The invited person declines: nothing about them is shared with the organization."""
    with transaction.atomic():
        locked = _invitation_answerable(invitation, by)
        _invitation_close(locked, MembershipInvitation.Status.DECLINED)
    invitation.refresh_from_db()
    return invitation


def membership_invitation_withdraw(*, invitation: MembershipInvitation) -> bool:
    """The organization no longer wants the person (a roster marks them inactive): a waiting
    invitation can no longer be accepted. False when it was already answered."""
    withdrawn = MembershipInvitation.objects.filter(
        pk=invitation.pk, status=MembershipInvitation.Status.PENDING
    ).update(status=MembershipInvitation.Status.WITHDRAWN, responded_at=timezone.now())
    return withdrawn == 1


def _invitation_answerable(invitation: MembershipInvitation, by: User) -> MembershipInvitation:
    locked = (
        MembershipInvitation.objects.select_for_update(of=("self",))
        .select_related("user", "organization")
        .get(pk=invitation.pk)
    )
    if locked.user_id != by.pk:
        raise InvitationError("This invitation is addressed to someone else.")
    if locked.status != MembershipInvitation.Status.PENDING:
        raise InvitationError(f"This invitation was already {locked.status}.")
    if locked.expires_at <= timezone.now():
        raise InvitationError("This invitation has expired; ask your district to invite you again.")
    return locked


def _invitation_close(invitation: MembershipInvitation, status: str) -> None:
    invitation.status = status
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
