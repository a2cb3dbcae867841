"""The cohort services the pages and the API call: who may set milestones and post
announcements, and the invitation email (once per invitation, none once answered)."""

import datetime

import pytest
from django.core import mail

from community import emails, services
from community.models import CohortMembership
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_facilitators_set_milestones_and_announce(cast, world) -> None:
    for someone in (cast.educator, cast.district_admin, cast.outsider):
        with pytest.raises(services.CommunityError, match="Only the cohort's facilitators"):
            services.milestone_create(
                cohort=world.cohort, by=someone, title="X", due_on=datetime.date(2027, 3, 1)
            )
        with pytest.raises(services.CommunityError, match="Only the cohort's facilitators"):
            services.announcement_post(cohort=world.cohort, by=someone, title="X", body="Y")
    with pytest.raises(services.CommunityError, match="title"):
        services.milestone_create(
            cohort=world.cohort, by=world.facilitator, title=" ", due_on=datetime.date(2027, 3, 1)
        )
    with pytest.raises(services.CommunityError, match="a title and a message"):
        services.announcement_post(cohort=world.cohort, by=world.facilitator, title="X", body=" ")


def test_an_invitation_is_emailed_once_and_again_after_a_decline(
    cast, world, django_capture_on_commit_callbacks
) -> None:
    person = UserFactory(email="twice@test.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.cohort_invite(
            cohort=world.cohort, person=person, by=cast.district_admin
        )
    assert [m.to for m in mail.outbox] == [["twice@test.org"]]
    assert emails.invitation_send_email(membership_id=invitation.pk) is False  # a redelivery
    services.cohort_invitation_respond(membership=invitation, by=person, accept=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.cohort_invite(cohort=world.cohort, person=person, by=cast.district_admin)
    assert len(mail.outbox) == 2


def test_no_invitation_email_once_it_was_answered(cast, world) -> None:
    invitation = CohortMembership.objects.get(user=cast.other_educator)
    CohortMembership.objects.filter(pk=invitation.pk).update(invitation_email_sent_at=None)
    services.cohort_invitation_respond(membership=invitation, by=cast.other_educator, accept=True)
    mail.outbox.clear()
    assert emails.invitation_send_email(membership_id=invitation.pk) is False
    assert mail.outbox == []


def test_only_managers_invite_by_email_and_only_existing_accounts(cast, world) -> None:
    with pytest.raises(services.CommunityError, match="Only the administrators"):
        services.cohort_invite_by_email(
            cohort=world.cohort, email=cast.outsider.email, by=world.facilitator
        )
    with pytest.raises(services.CommunityError, match="No account uses this email"):
        services.cohort_invite_by_email(
            cohort=world.cohort, email="ghost@test.org", by=cast.district_admin
        )
