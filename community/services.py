"""Every change to cohorts and their people. Nobody joins a cohort without consent: an
invitation waits for its answer, and a join code admits only the people of the organization
that shares it (or the organizations under it)."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from common.tasks import enqueue_on_commit
from credentials.models import MicroCredential, Stack
from organizations.models import Membership, Organization

from .models import Cohort, CohortMembership, Milestone, Post, Thread, new_join_code
from .selectors import user_facilitates, user_manages_cohort
from .tasks import send_announcement_email, send_invitation_email

Status = CohortMembership.Status


class CommunityError(Exception):
    """A refused change, with a message written for the person who asked."""


def cohort_create(
    *,
    by: User,
    organization: Organization,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    micro_credentials: Iterable[MicroCredential] = (),
    stack: Stack | None = None,
    description: str = "",
    with_join_code: bool = True,
) -> Cohort:
    """A new cohort run by `organization`; `by` must manage cohorts there."""
    if ends_on < starts_on:
        raise CommunityError("The cohort must end on or after the day it starts.")
    cohort = Cohort(
        organization=organization,
        name=name.strip(),
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        stack=stack,
        created_by=by,
    )
    if not user_manages_cohort(by, cohort):
        raise CommunityError("You can start cohorts only for an organization you administer.")
    with transaction.atomic():
        cohort.save()
        cohort.micro_credentials.set(micro_credentials)
        if with_join_code:
            cohort_new_join_code(cohort=cohort)
    return cohort


def cohort_new_join_code(*, cohort: Cohort) -> str:
    """A fresh join code (the old one stops working at once)."""
    for _ in range(5):
        code = new_join_code()
        try:
            with transaction.atomic():
                Cohort.objects.filter(pk=cohort.pk).update(join_code=code)
        except IntegrityError:  # another cohort drew the same code: draw again
            continue
        cohort.join_code = code
        return code
    raise CommunityError("Could not draw a join code; try again.")


def cohort_invite(
    *, cohort: Cohort, person: User, by: User, role: str = CohortMembership.Role.MEMBER
) -> CohortMembership:
    """Invite a person (they join only when they accept). A person already active keeps their
    membership; inviting someone who declined or left asks them again."""
    with transaction.atomic():
        membership, created = CohortMembership.objects.select_for_update().get_or_create(
            cohort=cohort, user=person, defaults={"role": role, "invited_by": by}
        )
        if created:
            enqueue_on_commit(send_invitation_email, membership.pk)
            return membership
        if membership.status == Status.ACTIVE:
            if membership.role != role and role == CohortMembership.Role.FACILITATOR:
                raise CommunityError(
                    f"{person} is already a member; ask them to accept a new role."
                )
            return membership
        membership.status = Status.INVITED
        membership.role = role
        membership.invited_by = by
        membership.ended_at = None
        membership.invitation_email_sent_at = None  # a new invitation: a new email
        membership.save(
            update_fields=["status", "role", "invited_by", "ended_at", "invitation_email_sent_at"]
        )
        enqueue_on_commit(send_invitation_email, membership.pk)
        return membership


def cohort_update(
    *,
    cohort: Cohort,
    by: User,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    micro_credentials: Iterable[MicroCredential] = (),
    stack: Stack | None = None,
    description: str = "",
) -> Cohort:
    """Change a cohort's name, dates, description and what it learns; managers only."""
    if not user_manages_cohort(by, cohort):
        raise CommunityError("Only the administrators of the running organization edit a cohort.")
    if ends_on < starts_on:
        raise CommunityError("The cohort must end on or after the day it starts.")
    with transaction.atomic():
        cohort.name = name.strip()
        cohort.description = description
        cohort.starts_on = starts_on
        cohort.ends_on = ends_on
        cohort.stack = stack
        cohort.save(update_fields=["name", "description", "starts_on", "ends_on", "stack"])
        cohort.micro_credentials.set(micro_credentials)
    return cohort


def cohort_join_code_off(*, cohort: Cohort) -> None:
    """Turn joining by code off (invitations still work); a new code turns it back on."""
    Cohort.objects.filter(pk=cohort.pk).update(join_code="")
    cohort.join_code = ""


def cohort_invite_by_email(
    *, cohort: Cohort, email: str, by: User, role: str = CohortMembership.Role.MEMBER
) -> CohortMembership:
    """Invite the account that uses `email` (managers only); the person answers on their
    invitations page, and an email tells them so."""
    if not user_manages_cohort(by, cohort):
        raise CommunityError("Only the administrators of the running organization invite people.")
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise CommunityError(
            "No account uses this email: ask them to create one, then invite them."
        )
    return cohort_invite(cohort=cohort, person=person, by=by, role=role)


def milestone_create(
    *,
    cohort: Cohort,
    by: User,
    title: str,
    due_on: datetime.date,
    description: str = "",
    micro_credential: MicroCredential | None = None,
) -> Milestone:
    """A dated milestone; the cohort's facilitators set them."""
    if not user_facilitates(by, cohort):
        raise CommunityError("Only the cohort's facilitators set milestones.")
    if not title.strip():
        raise CommunityError("Give the milestone a title.")
    return Milestone.objects.create(
        cohort=cohort,
        title=title.strip(),
        description=description,
        due_on=due_on,
        micro_credential=micro_credential,
        created_by=by,
    )


def announcement_post(*, cohort: Cohort, by: User, title: str, body: str) -> Thread:
    """A facilitator's announcement: a thread marked as one, its first post, and an email to
    every active member (after the commit, at most once)."""
    if not user_facilitates(by, cohort):
        raise CommunityError("Only the cohort's facilitators send announcements.")
    if not title.strip() or not body.strip():
        raise CommunityError("An announcement needs a title and a message.")
    with transaction.atomic():
        thread = Thread.objects.create(
            cohort=cohort, title=title.strip(), author=by, is_announcement=True
        )
        Post.objects.create(thread=thread, author=by, body=body.strip())
        enqueue_on_commit(send_announcement_email, thread.pk)
    return thread


def cohort_invitation_respond(
    *, membership: CohortMembership, by: User, accept: bool
) -> CohortMembership:
    """The invited person accepts or declines; nobody else may answer for them."""
    if membership.user_id != by.pk:
        raise CommunityError("Only the person invited can answer this invitation.")
    now = timezone.now()
    new_status = Status.ACTIVE if accept else Status.DECLINED
    changes = (
        {"status": new_status, "joined_at": now}
        if accept
        else {"status": new_status, "ended_at": now}
    )
    touched = CohortMembership.objects.filter(pk=membership.pk, status=Status.INVITED).update(
        **changes
    )
    if touched != 1:
        raise CommunityError("This invitation has already been answered or withdrawn.")
    membership.refresh_from_db()
    return membership


def cohort_join_by_code(*, user: User, code: str) -> CohortMembership:
    """Join as a member with the code the organization shared. The person must belong to the
    organization running the cohort or one under it: a code that leaks admits nobody else."""
    code = (code or "").strip().upper()
    cohort = (
        Cohort.objects.filter(join_code=code, archived_at__isnull=True)
        .exclude(join_code="")
        .first()
        if code
        else None
    )
    if cohort is None:
        raise CommunityError(
            "That join code does not match a cohort. Check it with whoever shared it."
        )
    belongs = Membership.objects.filter(
        user=user, is_active=True, organization__path__startswith=cohort.organization.path
    ).exists()
    if not belongs:
        raise CommunityError(
            f"This code is for people of {cohort.organization.name}; "
            "ask the cohort's facilitator for an invitation."
        )
    now = timezone.now()
    with transaction.atomic():
        membership, created = CohortMembership.objects.select_for_update().get_or_create(
            cohort=cohort,
            user=user,
            defaults={"status": Status.ACTIVE, "joined_at": now},
        )
        if not created and membership.status != Status.ACTIVE:
            if membership.status == Status.REMOVED:
                raise CommunityError(
                    "A facilitator removed you from this cohort; ask them to invite you again."
                )
            membership.status = Status.ACTIVE
            membership.joined_at = now
            membership.ended_at = None
            membership.save(update_fields=["status", "joined_at", "ended_at"])
    return membership


def cohort_leave(*, membership: CohortMembership, by: User) -> CohortMembership:
    """A member leaves (by themselves), or a manager or facilitator removes them."""
    cohort = membership.cohort
    if by.pk == membership.user_id:
        new_status = Status.LEFT
    elif (
        user_manages_cohort(by, cohort)
        or CohortMembership.objects.filter(
            cohort=cohort, user=by, status=Status.ACTIVE, role=CohortMembership.Role.FACILITATOR
        ).exists()
    ):
        new_status = Status.REMOVED
    else:
        raise CommunityError("You cannot remove people from this cohort.")
    CohortMembership.objects.filter(pk=membership.pk).exclude(
        status__in=[Status.LEFT, Status.REMOVED]
    ).update(status=new_status, ended_at=timezone.now())
    membership.refresh_from_db()
    return membership
