"""The demo cohorts (demo/data/community.json): Riverside Unified's cohort on the Checking for
Understanding stack, its facilitator, Maria and James as members, milestones and an
announcement. Through community's services; idempotent: a cohort is found by its organization
and name, a milestone or an announcement by its title, and people already in stay as they are."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from community.models import Cohort, CohortMembership, Thread
from community.services import (
    announcement_post,
    cohort_create,
    cohort_invitation_respond,
    cohort_invite,
    milestone_create,
)
from credentials.models import MicroCredential, Stack
from organizations.models import Organization

from .files import DATA_DIR, read

COMMUNITY_FILE = DATA_DIR / "community.json"


def seed_demo_community(*, organizations: dict[str, Organization]) -> int:
    """The cohorts of community.json with what is missing of their people, milestones and
    announcements. Returns how many cohorts there are."""
    cohorts = read(COMMUNITY_FILE)["cohorts"]
    for entry in cohorts:
        cohort = _cohort(entry, organizations)
        for email in entry["facilitators"]:
            _join(cohort, email, CohortMembership.Role.FACILITATOR)
        for email in entry["members"]:
            _join(cohort, email, CohortMembership.Role.MEMBER)
        facilitator = User.objects.get(email=entry["facilitators"][0])
        for milestone in entry["milestones"]:
            _milestone(cohort, milestone, facilitator)
        for announcement in entry["announcements"]:
            _announcement(cohort, announcement)
    return len(cohorts)


def _cohort(entry: dict[str, Any], organizations: dict[str, Organization]) -> Cohort:
    organization = organizations[entry["organization"]]
    existing = Cohort.objects.filter(organization=organization, name=entry["name"]).first()
    if existing is not None:
        return existing  # kept as it is (its people may have changed it)
    today = timezone.localdate()
    return cohort_create(
        by=User.objects.get(email=entry["created_by"]),
        organization=organization,
        name=entry["name"],
        description=entry.get("description", ""),
        starts_on=today + timedelta(days=entry["starts_in_days"]),
        ends_on=today + timedelta(days=entry["ends_in_days"]),
        stack=Stack.objects.get(slug=entry["stack"]) if "stack" in entry else None,
        micro_credentials=MicroCredential.objects.filter(
            slug__in=entry.get("micro_credentials", [])
        ),
    )


def _join(cohort: Cohort, email: str, role: str) -> None:
    """Invited by the cohort's creator, then accepted: nobody joins without consent."""
    person = User.objects.get(email=email)
    existing = CohortMembership.objects.filter(cohort=cohort, user=person).first()
    if existing is not None and existing.status == CohortMembership.Status.ACTIVE:
        return
    by = cohort.created_by or person
    invitation = cohort_invite(cohort=cohort, person=person, by=by, role=role)
    cohort_invitation_respond(membership=invitation, by=person, accept=True)


def _milestone(cohort: Cohort, entry: dict[str, Any], by: User) -> None:
    if cohort.milestones.filter(title=entry["title"]).exists():
        return
    milestone_create(
        cohort=cohort,
        by=by,
        title=entry["title"],
        description=entry.get("description", ""),
        due_on=timezone.localdate() + timedelta(days=entry["due_in_days"]),
    )


def _announcement(cohort: Cohort, entry: dict[str, Any]) -> None:
    if Thread.objects.filter(cohort=cohort, is_announcement=True, title=entry["title"]).exists():
        return
    author = User.objects.get(email=entry["by"])
    announcement_post(cohort=cohort, by=author, title=entry["title"], body=entry["body"])
