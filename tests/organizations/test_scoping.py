"""Roles come from memberships; admins oversee their organization and everything under it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from organizations.navigation import nav_items_for
from organizations.selectors import (
    organizations_administered_by,
    user_administers,
    user_administers_user,
    user_roles,
)
from organizations.services import OrganizationError, membership_end, organization_create


@pytest.mark.django_db
def test_district_admin_oversees_own_district_and_its_schools_only(cast):
    admin = cast.district_admin
    assert user_administers(admin, cast.district)
    assert user_administers(admin, cast.school)
    assert not user_administers(admin, cast.other_district)
    assert not user_administers(admin, cast.other_school)
    assert not user_administers(admin, cast.state)
    assert set(organizations_administered_by(admin)) == {cast.district, cast.school, cast.school2}


@pytest.mark.django_db
def test_state_admin_oversees_every_district_under_the_state(cast):
    scope = set(organizations_administered_by(cast.state_admin))
    assert {cast.district, cast.other_district, cast.school, cast.other_school} <= scope
    assert cast.issuer not in scope


@pytest.mark.django_db
def test_admin_oversees_people_of_their_district_only(cast):
    assert user_administers_user(cast.district_admin, cast.educator)
    assert user_administers_user(cast.district_admin, cast.colleague)
    assert not user_administers_user(cast.district_admin, cast.other_educator)
    assert not user_administers_user(cast.educator, cast.colleague)
    assert not user_administers_user(cast.outsider, cast.educator)


@pytest.mark.django_db
def test_permissions_through_rules(cast):
    assert cast.district_admin.has_perm("organizations.view_staff_progress")
    assert cast.staff.has_perm("organizations.view_staff_progress")
    assert not cast.educator.has_perm("organizations.view_staff_progress")
    assert cast.district_admin.has_perm("organizations.administer_organization", cast.school)
    assert not cast.district_admin.has_perm(
        "organizations.administer_organization", cast.other_school
    )
    assert not cast.other_admin.has_perm("organizations.administer_organization", cast.school)


@pytest.mark.django_db
def test_ended_membership_removes_the_role(cast):
    membership = cast.educator.memberships.get()
    membership_end(membership=membership)
    cast.educator.refresh_from_db()
    assert user_roles(cast.educator) == set()


@pytest.mark.django_db
def test_hierarchy_is_enforced(cast):
    with pytest.raises(OrganizationError):
        organization_create(kind="school", name="Orphan", slug="orphan", parent=None)
    with pytest.raises(OrganizationError):
        organization_create(kind="district", name="Bad", slug="bad", parent=cast.school)


@pytest.mark.django_db
def test_navigation_fits_the_role(cast):
    labels = {
        user: {i["label"] for i in nav_items_for(user)}
        for user in (cast.educator, cast.staff, cast.outsider)
    }
    assert "Admin" in labels[cast.staff]
    assert "Admin" not in labels[cast.educator]
    assert "Admin" not in labels[cast.outsider]
    assert "Home" in labels[cast.outsider]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["educator", "reviewer", "district_admin", "author", "staff", "outsider"]
)
def test_everyone_signed_in_has_their_own_work_badges_and_transcript_in_the_top_bar(
    client, cast, who
):
    user = getattr(cast, who)
    labels = {i["label"]: i["url"] for i in nav_items_for(user)}
    assert {"My work", "My badges", "Transcript"} <= set(labels), labels
    client.force_login(user)
    body = client.get("/").content.decode()
    nav = body[body.index('id="main-nav"') : body.index("</nav>")]
    for label in ("My work", "My badges", "Transcript"):
        assert f'href="{labels[label]}"' in nav and label in nav
        assert client.get(labels[label]).status_code == 200, (who, label)


@pytest.mark.django_db
def test_verify_a_badge_is_in_the_visitors_top_bar_and_everyones_footer(client, cast):
    assert "Verify a badge" in {i["label"] for i in nav_items_for(AnonymousUser())}
    assert "Verify a badge" not in {i["label"] for i in nav_items_for(cast.educator)}
    client.force_login(cast.educator)
    body = client.get("/").content.decode()
    footer = body[body.index("<footer") :]
    assert f'href="{reverse("badges:verify")}"' in footer and "Verify a badge" in footer
