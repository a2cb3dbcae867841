"""The fixed cast every permission test speaks of: who is who, in which organization."""

from dataclasses import dataclass

from accounts.models import User
from organizations.models import Organization, Role
from organizations.services import membership_grant
from tests.support.factories import UserFactory, make_org


@dataclass
class Cast:
    state: Organization
    district: Organization
    other_district: Organization
    school: Organization
    school2: Organization
    other_school: Organization
    issuer: Organization
    educator: User
    colleague: User  # same district, another school
    other_educator: User  # another district
    reviewer: User
    district_admin: User
    other_admin: User
    state_admin: User
    author: User
    staff: User
    outsider: User  # an account with no membership at all


def make_member(role: str, org: Organization, **kwargs) -> User:
    user = UserFactory(**kwargs)
    membership_grant(user=user, organization=org, role=role)
    return user


def make_cast() -> Cast:
    """The cast itself (the `cast` fixture; fixtures of a wider scope call it, see tests/api)."""
    kind = Organization.Kind
    state = make_org(kind.STATE, "Test State")
    district = make_org(kind.DISTRICT, "North District", state)
    other_district = make_org(kind.DISTRICT, "South District", state)
    school = make_org(kind.SCHOOL, "Oak School", district)
    school2 = make_org(kind.SCHOOL, "Pine School", district)
    other_school = make_org(kind.SCHOOL, "Elm School", other_district)
    issuer = make_org(kind.ISSUER, "Test Issuer")
    return Cast(
        state=state,
        district=district,
        other_district=other_district,
        school=school,
        school2=school2,
        other_school=other_school,
        issuer=issuer,
        educator=make_member(Role.EDUCATOR, school, email="educator@test.org"),
        colleague=make_member(Role.EDUCATOR, school2, email="colleague@test.org"),
        other_educator=make_member(Role.EDUCATOR, other_school, email="other@test.org"),
        reviewer=make_member(Role.REVIEWER, issuer, email="reviewer@test.org"),
        district_admin=make_member(Role.DISTRICT_ADMIN, district, email="admin@test.org"),
        other_admin=make_member(Role.DISTRICT_ADMIN, other_district, email="admin2@test.org"),
        state_admin=make_member(Role.DISTRICT_ADMIN, state, email="stateadmin@test.org"),
        author=make_member(Role.AUTHOR, issuer, email="author@test.org"),
        staff=UserFactory(email="staff@test.org", is_staff=True),
        outsider=UserFactory(email="outsider@test.org"),
    )
