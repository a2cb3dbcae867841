"""Team attempts through the real services (ADR 0032): a team-enabled micro-credential, a team
formed (invited and accepted), its evidence written, submitted."""

from decimal import Decimal

from credentials.models import Competency, FocusArea, MicroCredentialVersion
from credentials.services import (
    credential_create,
    criterion_add,
    requirement_add,
    version_publish,
    version_update,
)
from submissions import services, teams
from submissions.models import Submission, TeamMembership
from tests.support.credentials import LEVELS


def team_credential(issuer, slug="team-checks", *, max_size=3):
    """Teams of 2 to `max_size`: a shared plan (part 1) and a shared summary (part 2), scored by
    the shared criterion "Team plan"; each member's own reflection (part 3), scored by the
    individual criterion "Own reflection"."""
    area, _ = FocusArea.objects.get_or_create(slug="cfu", defaults={"name": "Checking"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Checks", defaults={"statement": "Checks often."}
    )
    version = credential_create(
        issuer=issuer,
        slug=slug,
        title=f"Team {slug}",
        focus_area=area,
        competency=competency,
        key_method="Plan together, reflect alone.",
        pd_hours=Decimal("10"),
        by=None,
    )
    version_update(version=version, by=None, teams_allowed=True, team_max_size=max_size)
    plan = requirement_add(
        version=version, part=1, title="Team plan", prompt="Plan.", kind="text", shared=True
    )
    summary = requirement_add(
        version=version, part=2, title="Summary", prompt="Sum up.", kind="text", shared=True
    )
    reflection = requirement_add(
        version=version, part=3, title="Reflection", prompt="Reflect.", kind="text"
    )
    criterion_add(version=version, title="Team plan", requirements=[plan, summary], levels=LEVELS)
    criterion_add(version=version, title="Own reflection", requirements=[reflection], levels=LEVELS)
    version_publish(version=version, by=None)
    return MicroCredentialVersion.objects.get(pk=version.pk).credential


def invitation(team_submission, user) -> TeamMembership:
    return TeamMembership.objects.get(team=team_submission.team, user=user)


def formed_team(lead, credential, members) -> tuple[Submission, list[Submission]]:
    """A team led by `lead` whose `members` all accepted: the lead's submission, and every
    member's (the lead's first)."""
    lead_submission = teams.team_start(
        lead=lead, credential=credential, emails=[m.email for m in members]
    )
    own = [lead_submission]
    for member in members:
        own.append(
            teams.membership_accept(membership=invitation(lead_submission, member), by=member)
        )
    return lead_submission, own


def write(submission, title, text, by):
    requirement = submission.version.requirements.get(title=title)
    return services.response_save(submission=submission, requirement=requirement, text=text, by=by)


def complete_team(lead_submission, submissions):
    """The shared answers (by the lead) and everyone's reflection written."""
    write(lead_submission, "Team plan", "We plan exit tickets together.", lead_submission.educator)
    write(lead_submission, "Summary", "What we learned as a team.", lead_submission.educator)
    for submission in submissions:
        write(submission, "Reflection", "What I changed in my class.", submission.educator)


def submitted_team(lead, credential, members) -> list[Submission]:
    """A complete team attempt, submitted by its lead: every member's submission, lead first."""
    lead_submission, own = formed_team(lead, credential, members)
    complete_team(lead_submission, own)
    teams.team_submit(team=lead_submission.team, by=lead)
    return [Submission.objects.get(pk=s.pk) for s in own]
