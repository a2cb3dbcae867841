"""A cohort in real Chromium: a district admin starts one on a stack and invites a facilitator
and an educator; the facilitator accepts, sets a milestone and posts an announcement; the
educator accepts from the home page and finds the cohort, the milestone and the announcement.
Every new page is checked with axe-core (no serious or critical finding)."""

import re

import pytest
from django.core import mail

from community.models import Cohort
from organizations.models import Role
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.cast import make_member
from tests.support.credentials import make_stack, published_credential
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _axe(page, base, screenshot, step) -> None:
    screenshot(step)
    assert accessibility_violations(page, base) == [], step


def test_an_admin_starts_a_cohort_a_facilitator_leads_it_and_an_educator_joins(
    live_server, settings, page, screenshot, cast
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    credentials = [
        published_credential(cast.issuer, "formative-checks"),
        published_credential(cast.issuer, "exit-tickets", with_artifact=False),
    ]
    make_stack(cast.issuer, credentials)
    facilitator = make_member(
        Role.EDUCATOR, cast.school2, email="coach@test.org", display_name="Grace Coach"
    )
    csp = collect_csp_violations(page)

    # The district admin: Cohorts in the top bar, Start a cohort, invite two people.
    login(page, base, cast.district_admin.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    page.get_by_role("heading", level=1, name="My cohorts").wait_for()
    _axe(page, base, screenshot, "my-cohorts-admin")
    page.get_by_role("link", name="Start a cohort").click()
    page.get_by_role("heading", level=1, name="Start a cohort").wait_for()
    _axe(page, base, screenshot, "start")
    page.get_by_label("Name").fill("Checking together")
    page.get_by_role("button", name="Start the cohort").click()  # nothing chosen yet
    assert "Choose a stack or at least one micro-credential." in page.inner_text("main")
    page.get_by_label("Starts on").fill("2027-01-10")
    page.get_by_label("Ends on").fill("2027-05-30")
    page.get_by_label("Stack").select_option(label="Assessment stack")
    page.get_by_label("Description").fill("We meet on Tuesdays.")
    page.get_by_role("button", name="Start the cohort").click()
    page.get_by_role("heading", level=1, name="Checking together").wait_for()
    cohort = Cohort.objects.get(name="Checking together")
    assert cohort.join_code in page.inner_text("[data-testid=manage]")
    _axe(page, base, screenshot, "cohort-manager")
    for email, role in ((facilitator.email, "Facilitator"), (cast.educator.email, "Member")):
        page.get_by_label("Email of their account").fill(email)
        page.get_by_label("Invite as").select_option(label=role)
        page.get_by_role("button", name="Invite", exact=True).click()
        page.wait_for_url(f"{base}/cohorts/{cohort.public_id}/")
        assert f"Invited {email}" in page.inner_text("#messages")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [facilitator.email, cast.educator.email]
    )

    # The facilitator: accepts, sets a milestone (a bad date first), posts an announcement.
    page.context.clear_cookies()
    login(page, base, facilitator.email, PASSWORD)
    page.goto(base + "/cohorts/invitations/")
    page.get_by_role("heading", level=1, name="Cohort invitations").wait_for()
    _axe(page, base, screenshot, "invitations")
    page.get_by_role("button", name="Accept the invitation to Checking together").click()
    page.get_by_role("heading", level=1, name="Checking together").wait_for()
    assert "you facilitate" in page.inner_text("main")
    page.get_by_text("Set a milestone").click()
    page.get_by_label("Title").first.fill("Video recorded")
    page.get_by_label("Due on").fill("2031-03-03")
    page.get_by_role("button", name="Set the milestone").click()
    assert "near the cohort" in page.inner_text("main")
    page.get_by_label("Due on").fill("2027-03-03")
    page.get_by_role("button", name="Set the milestone").click()
    page.wait_for_url(f"{base}/cohorts/{cohort.public_id}/")
    assert "Video recorded" in page.inner_text("[data-testid=milestones]")
    page.get_by_text("Post an announcement").click()
    announcement = page.locator("form[action$='/announcements/']")
    announcement.get_by_label("Title").fill("Week one")
    announcement.get_by_label("Message").fill("Bring an exit ticket on Tuesday.")
    announcement.get_by_role("button", name="Post the announcement").click()
    page.wait_for_url(f"{base}/cohorts/{cohort.public_id}/")
    assert "Week one" in page.inner_text("[data-testid=announcements]")
    assert "Members' progress" in page.inner_text("main")
    _axe(page, base, screenshot, "cohort-facilitator")

    # The educator: the invitation on the home page; accept; the cohort on the home page.
    page.context.clear_cookies()
    login(page, base, cast.educator.email, PASSWORD)
    card = page.locator("[data-testid=home-cohorts]")
    assert "Checking together" in card.inner_text()
    _axe(page, base, screenshot, "home-invitation")
    card.get_by_role("button", name="Accept the invitation to Checking together").click()
    page.get_by_role("heading", level=1, name="Checking together").wait_for()
    main = page.inner_text("main")
    assert "Video recorded" in main and "Week one" in main and "Grace Coach" in main
    assert "Members' progress" not in main and cohort.join_code not in main
    _axe(page, base, screenshot, "cohort-member")
    page.goto(base + "/")
    card = page.locator("[data-testid=home-cohorts]")
    card.get_by_role("link", name="Checking together").wait_for()
    assert "Invitations waiting" not in card.inner_text()
    _axe(page, base, screenshot, "home-member")
    page.get_by_role("link", name=re.compile("Join with a code")).click()
    page.get_by_role("heading", level=1, name="Join a cohort").wait_for()
    _axe(page, base, screenshot, "join")
    assert csp == []
