"""Nobody joins a cohort without consent: invitations wait for their answer, and a join code
admits only the people of the organization that shares it."""

import datetime

import pytest

from community import selectors, services
from community.models import CohortMembership
from tests.support.cast import Cast

pytestmark = pytest.mark.django_db
Status = CohortMembership.Status


def _cohort(cast: Cast, **kwargs):
    return services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Checking for Understanding, spring",
        starts_on=datetime.date(2027, 1, 10),
        ends_on=datetime.date(2027, 5, 30),
        **kwargs,
    )


def test_only_an_admin_of_the_organization_starts_a_cohort(cast: Cast) -> None:
    with pytest.raises(services.CommunityError, match="organization you administer"):
        services.cohort_create(
            by=cast.other_admin,
            organization=cast.district,
            name="Not mine",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 2, 1),
        )
    with pytest.raises(services.CommunityError, match="end on or after"):
        services.cohort_create(
            by=cast.district_admin,
            organization=cast.district,
            name="Backwards",
            starts_on=datetime.date(2027, 2, 1),
            ends_on=datetime.date(2027, 1, 1),
        )
    assert _cohort(cast).join_code


def test_an_invitation_makes_no_member_until_accepted(cast: Cast) -> None:
    cohort = _cohort(cast)
    invitation = services.cohort_invite(cohort=cohort, person=cast.educator, by=cast.district_admin)
    assert selectors.cohort_visible_to(cast.educator, cohort.public_id) is None
    with pytest.raises(services.CommunityError, match="Only the person invited"):
        services.cohort_invitation_respond(membership=invitation, by=cast.colleague, accept=True)
    services.cohort_invitation_respond(membership=invitation, by=cast.educator, accept=True)
    assert selectors.cohort_visible_to(cast.educator, cohort.public_id) == cohort
    with pytest.raises(services.CommunityError, match="already been answered"):
        services.cohort_invitation_respond(membership=invitation, by=cast.educator, accept=False)


def test_a_declined_invitation_leaves_the_person_outside(cast: Cast) -> None:
    cohort = _cohort(cast)
    invitation = services.cohort_invite(cohort=cohort, person=cast.educator, by=cast.district_admin)
    services.cohort_invitation_respond(membership=invitation, by=cast.educator, accept=False)
    assert list(selectors.cohorts_for_user(cast.educator)) == []


def test_a_join_code_admits_only_people_of_the_organization(cast: Cast) -> None:
    cohort = _cohort(cast)
    with pytest.raises(services.CommunityError, match="for people of North District"):
        services.cohort_join_by_code(user=cast.other_educator, code=cohort.join_code)
    with pytest.raises(services.CommunityError, match="does not match"):
        services.cohort_join_by_code(user=cast.educator, code="NOPE1234")
    membership = services.cohort_join_by_code(user=cast.colleague, code=cohort.join_code.lower())
    assert membership.status == Status.ACTIVE
    assert list(selectors.cohorts_for_user(cast.colleague)) == [cohort]


def test_a_new_code_retires_the_old_one(cast: Cast) -> None:
    cohort = _cohort(cast)
    old = cohort.join_code
    services.cohort_new_join_code(cohort=cohort)
    with pytest.raises(services.CommunityError, match="does not match"):
        services.cohort_join_by_code(user=cast.educator, code=old)


def test_leaving_and_removal(cast: Cast) -> None:
    cohort = _cohort(cast)
    membership = services.cohort_join_by_code(user=cast.educator, code=cohort.join_code)
    with pytest.raises(services.CommunityError, match="cannot remove"):
        services.cohort_leave(membership=membership, by=cast.colleague)
    services.cohort_leave(membership=membership, by=cast.district_admin)
    assert selectors.cohort_visible_to(cast.educator, cohort.public_id) is None
    with pytest.raises(services.CommunityError, match="removed you"):
        services.cohort_join_by_code(user=cast.educator, code=cohort.join_code)


def test_critical_friends_are_people_of_my_cohorts(cast: Cast) -> None:
    cohort = _cohort(cast)
    services.cohort_join_by_code(user=cast.educator, code=cohort.join_code)
    services.cohort_join_by_code(user=cast.colleague, code=cohort.join_code)
    invited = services.cohort_invite(
        cohort=cohort, person=cast.other_educator, by=cast.district_admin
    )
    assert invited.status == Status.INVITED
    assert list(selectors.people_sharing_a_cohort_with(cast.educator)) == [cast.colleague]
