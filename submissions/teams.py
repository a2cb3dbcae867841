"""Team attempts (ADR 0032): starting one with invitations, answering them, leaving, withdrawing
and submitting the team. Every change locks the team's row first (then memberships, then
submissions in primary-key order), so concurrent answers and a submission serialize per team;
every change writes a `TeamEvent`.

Each accepted member has a Submission of their own (their workspace, their decision, their
badge); the lead's also holds the shared evidence. Nobody joins without accepting.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from common.tasks import enqueue_on_commit
from credentials.models import MicroCredential

from . import services
from .models import Submission, Team, TeamEvent, TeamMembership
from .team_notifications import team_email_send_task

Status = TeamMembership.Status


class TeamError(services.SubmissionError):
    """A team request that cannot be done; the message is for the person."""


@dataclass
class TeamInvalid(TeamError):
    """A team attempt refused at its start: one message per problem (an email, a size)."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(self.problems)


def normalized_emails(emails: list[str]) -> list[str]:
    """Trimmed, lower-cased, without repeats, in the order given."""
    seen: dict[str, None] = {}
    for email in emails:
        cleaned = email.strip().lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _event(
    team: Team,
    by: User | None,
    *,
    membership: TeamMembership | None = None,
    from_status: str = "",
    note: str = "",
) -> None:
    TeamEvent.objects.create(
        team=team,
        membership=membership,
        actor=by,
        from_status=from_status,
        to_status=membership.status if membership else "",
        note=note,
    )


def _move(membership: TeamMembership, to_status: str, by: User | None, note: str = "") -> None:
    """Move a locked membership along TRANSITIONS and write its event."""
    from_status = membership.status
    if to_status not in TeamMembership.TRANSITIONS[from_status]:
        raise TeamError(
            f"An invitation that is {membership.get_status_display().lower()} cannot become "
            f"{Status(to_status).label.lower()}."
        )
    membership.status = to_status
    membership.save(update_fields=["status", "updated_at"])
    _event(membership.team, by, membership=membership, from_status=from_status, note=note)


def _email(membership: TeamMembership, kind: str) -> None:
    enqueue_on_commit(team_email_send_task, membership.pk, kind)


def _invitees(
    *, lead: User, credential: MicroCredential, emails: list[str], max_size: int, min_size: int
) -> list[User]:
    """The people `emails` name, or TeamInvalid naming every problem."""
    problems: list[str] = []
    size = 1 + len(emails)
    if size < min_size:
        problems.append(f"Invite at least {min_size - 1} colleague(s): a team has {min_size}+.")
    if size > max_size:
        problems.append(f"A team has at most {max_size} members, you included.")
    users = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
    busy = set(
        Submission.objects.filter(
            credential=credential,
            educator__in=users.values(),
            status__in=Submission.OPEN_STATUSES,
        ).values_list("educator__email", flat=True)
    )
    for email in emails:
        if email == lead.email:
            problems.append("You lead the team: invite your colleagues, not yourself.")
        elif email not in users:
            problems.append(f"No one has an account with {email}: invite people who do.")
        elif email in busy:
            problems.append(f"{email} is already in an attempt at this micro-credential.")
    if problems:
        raise TeamInvalid(problems)
    return [users[email] for email in emails]


@transaction.atomic
def team_start(*, lead: User, credential: MicroCredential, emails: list[str]) -> Submission:
    """Start a team attempt led by `lead`, inviting the people `emails` name (they must
    accept). Returns the lead's submission. Raises TeamInvalid naming each problem."""
    credential = MicroCredential.objects.select_related("published_version").get(pk=credential.pk)
    version = credential.published_version
    if not credential.is_offered or version is None:
        raise TeamError("This micro-credential is not open for submissions.")
    if not version.teams_allowed:
        raise TeamInvalid(["This micro-credential does not take team attempts."])
    if Submission.objects.filter(
        educator=lead, credential=credential, status__in=Submission.OPEN_STATUSES
    ).exists():
        raise TeamInvalid(
            ["You already have an open attempt at this micro-credential: continue or withdraw it."]
        )
    emails = normalized_emails(emails)
    invitees = _invitees(
        lead=lead,
        credential=credential,
        emails=emails,
        max_size=version.team_max_size,
        min_size=version.team_min_size,
    )
    submission = services.submission_start(educator=lead, credential=credential)
    if submission.team_id is not None:
        return submission  # a double click: the first request started it
    team = Team.objects.create(credential=credential, version=submission.version, lead=lead)
    Submission.objects.filter(pk=submission.pk).update(team=team)
    submission.team = team
    lead_membership = TeamMembership.objects.create(
        team=team, user=lead, status=Status.ACCEPTED, submission=submission, invited_by=lead
    )
    _event(team, lead, membership=lead_membership, note="started the team")
    for user in invitees:
        membership = TeamMembership.objects.create(team=team, user=user, invited_by=lead)
        _event(team, lead, membership=membership, note="invited")
        _email(membership, "invited")
    return submission


def _lock_membership(membership: TeamMembership) -> tuple[Team, TeamMembership]:
    team = Team.objects.select_for_update().get(pk=membership.team_id)
    locked = (
        TeamMembership.objects.select_for_update()
        .select_related("team", "user")
        .get(pk=membership.pk)
    )
    return team, locked


def _team_open(team: Team) -> bool:
    """Whether the team is still forming: the lead's attempt is a draft."""
    return Submission.objects.filter(
        team=team, educator_id=team.lead_id, status=Submission.Status.DRAFT
    ).exists()


@transaction.atomic
def membership_accept(*, membership: TeamMembership, by: User) -> Submission:
    """`by` accepts their invitation: their own draft joins the team. Safe against double
    clicks (the same draft) and against two invitations accepted at once (one wins)."""
    team, membership = _lock_membership(membership)
    if membership.user_id != by.pk:
        raise TeamError("This invitation is someone else's.")
    if membership.status == Status.ACCEPTED and membership.submission is not None:
        return membership.submission
    if membership.status != Status.INVITED:
        raise TeamError(f"This invitation is {membership.get_status_display().lower()}.")
    if not _team_open(team):
        raise TeamError("This team has already submitted or was withdrawn.")
    if team.credential.published_version_id != team.version_id:
        raise TeamError("This micro-credential has a new version: ask the lead to start again.")
    if Submission.objects.filter(
        educator=by, credential=team.credential, status__in=Submission.OPEN_STATUSES
    ).exists():
        raise TeamError(
            "You already have an open attempt at this micro-credential: withdraw it (or leave "
            "its team) first."
        )
    submission = services.submission_start(educator=by, credential=team.credential)
    if submission.team_id is not None and submission.team_id != team.pk:
        # Another invitation was accepted at the same moment and won.
        raise TeamError("You joined another team for this micro-credential a moment ago.")
    Submission.objects.filter(pk=submission.pk).update(team=team)
    submission.team = team
    membership.submission = submission
    membership.save(update_fields=["submission", "updated_at"])
    _move(membership, Status.ACCEPTED, by, note="accepted")
    _email(membership, "answered")
    return submission


@transaction.atomic
def membership_decline(*, membership: TeamMembership, by: User) -> TeamMembership:
    """`by` declines their invitation (the lead is told)."""
    _team, membership = _lock_membership(membership)
    if membership.user_id != by.pk:
        raise TeamError("This invitation is someone else's.")
    if membership.status == Status.DECLINED:
        return membership
    _move(membership, Status.DECLINED, by, note="declined")
    _email(membership, "answered")
    return membership


@transaction.atomic
def membership_leave(*, membership: TeamMembership, by: User) -> TeamMembership:
    """An accepted member (not the lead) leaves before the team submits; their own draft is
    withdrawn (the work is kept for a later attempt of their own). The lead is told."""
    team, membership = _lock_membership(membership)
    if membership.user_id != by.pk:
        raise TeamError("This membership is someone else's.")
    if membership.user_id == team.lead_id:
        raise TeamError("The lead cannot leave: withdraw the team attempt instead.")
    if membership.status == Status.LEFT:
        return membership
    if membership.status != Status.ACCEPTED or membership.submission is None:
        raise TeamError("Only a member who accepted can leave the team.")
    submission = services.locked(membership.submission)
    if submission.status != Submission.Status.DRAFT:
        raise TeamError("The team has submitted: members can no longer leave.")
    services.withdraw_locked(submission=submission, by=by, note="left the team")
    _move(membership, Status.LEFT, by, note="left")
    _email(membership, "answered")
    return membership


def _locked_submissions(team: Team) -> list[Submission]:
    """The accepted members' submissions, locked in primary-key order (no deadlocks)."""
    ids = TeamMembership.objects.filter(team=team, status=Status.ACCEPTED).values("submission")
    return list(
        Submission.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("educator", "version", "team")
        .order_by("pk")
    )


def _cancel_pending(team: Team, by: User, note: str) -> None:
    pending = TeamMembership.objects.select_for_update().filter(team=team, status=Status.INVITED)
    for membership in pending.select_related("team"):
        _move(membership, Status.CANCELLED, by, note=note)
        _email(membership, "cancelled")


def team_problems(team: Team, submissions: list[Submission]) -> dict[str, str]:
    """What keeps the team from submitting: the lead's gaps (shared and own) by requirement
    id; each member's by `<requirement id>:<member's submission id>`, named."""
    problems: dict[str, str] = {}
    for submission in submissions:
        own = services.submission_problems(submission)
        if submission.educator_id == team.lead_id:
            problems.update(own)
            continue
        name = submission.educator.get_full_name() or submission.educator.email
        for key, message in own.items():
            problems[f"{key}:{submission.public_id}"] = f"{name}: {message}"
    return problems


@transaction.atomic
def team_submit(*, team: Team, by: User) -> Submission:
    """The lead sends every accepted member's attempt for review at once (one transition each,
    all or none), when the shared evidence and every member's own is complete. Invitations
    still open are cancelled (their people are told). Returns the lead's submission."""
    team = Team.objects.select_for_update().select_related("version").get(pk=team.pk)
    if by.pk != team.lead_id:
        raise TeamError("Only the team's lead submits, for the whole team.")
    submissions = _locked_submissions(team)
    lead = next(s for s in submissions if s.educator_id == team.lead_id)
    if lead.status in (Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW):
        return lead  # a double click: already done
    if lead.status != Submission.Status.DRAFT:
        raise services.IllegalTransition("Only a draft can be submitted.")
    if len(submissions) < team.version.team_min_size:
        raise TeamError(
            f"A team submits with at least {team.version.team_min_size} members who accepted "
            "(you included). Invite someone, or wait for an answer."
        )
    problems = team_problems(team, submissions)
    if problems:
        raise services.SubmissionIncomplete(problems)
    _cancel_pending(team, by, note="still open when the team submitted")
    for submission in submissions:
        services.send_for_review(submission=submission, by=by)
    _event(team, by, note="submitted")
    return lead


@transaction.atomic
def team_withdraw(*, team: Team, by: User) -> Submission:
    """The lead withdraws the team attempt before a reviewer claims it: every member's attempt
    is withdrawn (work kept), open invitations cancelled. Returns the lead's submission."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    if by.pk != team.lead_id:
        raise TeamError("Only the team's lead withdraws the team; you can leave it.")
    submissions = _locked_submissions(team)
    lead = next(s for s in submissions if s.educator_id == team.lead_id)
    if lead.status == Submission.Status.WITHDRAWN:
        return lead
    for submission in submissions:
        services.withdraw_locked(submission=submission, by=by, note="the team was withdrawn")
    _cancel_pending(team, by, note="the team was withdrawn")
    _event(team, by, note="withdrawn")
    return lead


def invitations_for(user: User) -> QuerySet[TeamMembership]:
    """The invitations `user` has not answered, with what a list shows."""
    return (
        TeamMembership.objects.filter(user=user, status=Status.INVITED)
        .select_related("team__lead", "team__version", "team__credential")
        .order_by("-created_at")
    )


def team_of(submission: Submission) -> Team | None:
    return submission.team


def members(team: Team) -> list[TeamMembership]:
    """Everyone invited to the team, in invitation order, with their user and submission."""
    return list(
        TeamMembership.objects.filter(team=team)
        .select_related("user", "submission")
        .order_by("created_at", "id")
    )


def accepted_submissions(team: Team) -> list[Submission]:
    """The accepted members' submissions (unlocked: for pages), the lead's included."""
    return list(
        Submission.objects.filter(membership__team=team, membership__status=Status.ACCEPTED)
        .select_related("educator", "version", "team")
        .order_by("pk")
    )


def may_edit_shared(user: User, submission: Submission) -> bool:
    """Whether `user` may write the team's shared evidence on `submission`: it is the lead's
    draft, and `user` an accepted member of its team (ADR 0032)."""
    team = submission.team
    return (
        team is not None
        and submission.educator_id == team.lead_id
        and submission.is_editable
        and TeamMembership.objects.filter(
            team=team, user_id=user.pk, status=Status.ACCEPTED
        ).exists()
    )


def lead_submission(team: Team) -> Submission:
    """The lead's submission: where the shared evidence lives."""
    return Submission.objects.get(team=team, educator_id=team.lead_id)
