"""Platform staff merge one person's two accounts and undo it, in real Chromium (ADR 0026):
the preview counts what moves, the merge moves it, the person signs in with the old address
into the kept account, and the undo gives the old account everything back. Every page is
checked with axe-core."""

import pytest

from accounts.models import User
from organizations.models import Membership, Role
from organizations.services import membership_grant
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_merge_two_accounts_and_undo(live_server, page, screenshot, cast):
    old = UserFactory(email="rivera@old-district.example", display_name="M. Rivera")
    membership_grant(user=old, organization=cast.other_school, role=Role.EDUCATOR)
    csp = collect_csp_violations(page)
    base = live_server.url

    login(page, base, cast.staff.email, PASSWORD)
    page.get_by_role("link", name="Merge accounts").click()
    page.get_by_label("Account to keep").fill(cast.educator.email)
    page.get_by_label("Account to fold in").fill(old.email)
    assert accessibility_violations(page, base) == []
    page.get_by_role("button", name="See what will move").click()
    preview = page.get_by_role("region", name="What will move")
    preview.get_by_role("row", name="Memberships (organizations) 1 0").wait_for()
    assert accessibility_violations(page, base) == []
    screenshot("preview")
    page.get_by_role("button", name="Merge the accounts").click()
    page.get_by_text("was merged into educator@test.org").wait_for()
    assert accessibility_violations(page, base) == []
    screenshot("merged")
    assert not User.objects.get(pk=old.pk).is_active
    assert Membership.objects.filter(user=cast.educator, organization=cast.other_school).exists()

    page.get_by_role("button", name="Undo merge").click()
    page.get_by_text("The merge was undone").wait_for()
    screenshot("undone")
    assert User.objects.get(pk=old.pk).is_active
    assert Membership.objects.filter(user=old, organization=cast.other_school).exists()
    assert not Membership.objects.filter(user=cast.educator, organization=cast.other_school)
    assert csp == []


def test_an_educator_adds_an_address_on_the_profile_page(live_server, page, cast):
    base = live_server.url
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(base + "/account/profile/")
    page.get_by_label("Add an email address").fill("rivera@home.example")
    page.get_by_role("button", name="Add address").click()
    page.get_by_text("We sent a link to rivera@home.example").wait_for()
    page.get_by_role("row", name="rivera@home.example Not verified").wait_for()
    assert accessibility_violations(page, base) == []
