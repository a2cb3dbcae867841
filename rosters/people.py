"""What the database knows about the people a roster names: their accounts, their memberships
in the importing organization, and whether joining needs their consent.

An account that already exists joins an organization only after its owner accepts an
invitation, unless it already belongs to that organization, or this organization's own roster
import created it and it belongs to no other: joining lets the admins read the person's
progress, PD hours and transcript and send webhooks about them.
"""

from collections.abc import Iterable
from typing import TypeVar

from accounts.models import User
from accounts.selectors import users_by_verified_emails
from organizations.models import Membership, MembershipInvitation, Organization, Role

from .models import RosterImportRow

CHUNK = 5000
MANAGED_ROLES = (Role.EDUCATOR, Role.DISTRICT_ADMIN)

# The preview says the same for a new email and for an account that exists elsewhere: whether
# an email has an account outside the admin's organizations is not theirs to learn.
INVITE_REASON = "An invitation will be emailed."


Key = TypeVar("Key", int, str)


def _chunks(values: Iterable[Key]) -> list[list[Key]]:
    unique = sorted(set(values))
    return [unique[start : start + CHUNK] for start in range(0, len(unique), CHUNK)]


def existing_users(emails: Iterable[str]) -> dict[str, User]:
    """Accounts by lower-case email: the file may name a person by any address their account
    verified, or by its primary one (ADR 0026)."""
    return users_by_verified_emails(emails)


def memberships_in_scope(
    root: Organization, user_ids: Iterable[int]
) -> dict[int, list[Membership]]:
    """The users' current educator and admin memberships in `root` and under it."""
    found: dict[int, list[Membership]] = {}
    for chunk in _chunks(user_ids):
        memberships = Membership.objects.filter(
            user_id__in=chunk,
            is_active=True,
            role__in=MANAGED_ROLES,
            organization__path__startswith=root.path,
        ).select_related("organization")
        for membership in memberships:
            found.setdefault(membership.user_id, []).append(membership)
    return found


def accounts_needing_consent(root: Organization, user_ids: Iterable[int]) -> set[int]:
    """The accounts among `user_ids` that may join `root` (or anything under it) only by
    accepting an invitation: no current membership there, and either a membership elsewhere
    or an account that no roster import into `root` created (they signed up themselves, or
    another organization's import created it)."""
    needing: set[int] = set()
    for chunk in _chunks(user_ids):
        current = Membership.objects.filter(user_id__in=chunk, is_active=True)
        inside = set(
            current.filter(organization__path__startswith=root.path).values_list(
                "user_id", flat=True
            )
        )
        elsewhere = set(
            current.exclude(organization__path__startswith=root.path).values_list(
                "user_id", flat=True
            )
        )
        created_here = {
            int(user_id)
            for user_id in RosterImportRow.objects.filter(
                roster_import__organization__path__startswith=root.path,
                kind=RosterImportRow.Kind.USER,
                data__new_account=True,
                data__user_id__in=chunk,
            ).values_list("data__user_id", flat=True)
        }
        needing |= {
            pk for pk in chunk if pk not in inside and (pk in elsewhere or pk not in created_here)
        }
    return needing


def invitations_waiting(root: Organization, user_ids: Iterable[int]) -> dict[int, list[int]]:
    """The users' invitations to `root` or under it still waiting for an answer (by user)."""
    found: dict[int, list[int]] = {}
    for chunk in _chunks(user_ids):
        waiting = MembershipInvitation.objects.filter(
            user_id__in=chunk,
            organization__path__startswith=root.path,
            status=MembershipInvitation.Status.PENDING,
        ).values_list("user_id", "pk")
        for user_id, invitation_id in waiting:
            found.setdefault(user_id, []).append(invitation_id)
    return found


def invitations_waiting_for_others(root: Organization, present: set[int]) -> dict[str, list[int]]:
    """Waiting invitations to `root` or under it of people not in `present` (user ids: a full
    roster leaves them out, under every address of theirs, so the organization no longer wants
    them), by email."""
    found: dict[str, list[int]] = {}
    waiting = MembershipInvitation.objects.filter(
        organization__path__startswith=root.path, status=MembershipInvitation.Status.PENDING
    ).values_list("user_id", "user__email", "pk")
    for user_id, email, invitation_id in waiting.order_by("user__email", "pk"):
        if user_id not in present:
            found.setdefault(email.lower(), []).append(invitation_id)
    return found
