"""A team of two (ADR 0032): the lead invites a colleague, who accepts in their own session;
both write their own reflection (the lead the shared answers); the lead submits for both; the
reviewer scores the shared criterion once and the other per member; both earn a badge. Axe
finds nothing serious on the new pages."""

import re
from decimal import Decimal

import pytest

from badges.models import Badge
from reviews import services as review_services
from submissions.models import Submission
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.factories import PASSWORD
from tests.support.reviews import levels, set_policy
from tests.support.teams import team_credential

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _write(page, title: str, text: str) -> None:
    """Type into a requirement's answer and wait until the autosave confirms it."""
    block = page.locator(".requirement", has=page.get_by_role("heading", name=re.compile(title)))
    block.locator("textarea").fill(text)
    block.locator("[data-save-state]").get_by_text(re.compile("^Saved")).wait_for()


def test_a_team_of_two_passes_and_both_earn_a_badge(live_server, settings, browser, page, cast):
    settings.SITE_URL = live_server.url
    base = live_server.url
    credential = team_credential(cast.issuer)
    version = credential.published_version
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    set_policy(cast.issuer, second_review_rate=Decimal("0"))
    csp = collect_csp_violations(page)

    # The lead starts a team attempt from the micro-credential's page.
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(f"{base}/catalog/{credential.slug}/")
    page.get_by_label(re.compile("attempt it as a team")).fill(cast.colleague.email)
    assert accessibility_violations(page, base) == []
    page.get_by_role("button", name="Start a team attempt").click()
    page.get_by_role("heading", name="Your team").wait_for()
    panel = page.locator("[data-team-members]")
    assert "invited" in panel.inner_text()
    assert accessibility_violations(page, base) == []
    _write(page, "Team plan", "We plan exit tickets together.")
    _write(page, "Summary", "What we learned as a team.")
    _write(page, "Reflection", "I now sort exit tickets into three piles.")
    lead = Submission.objects.get(educator=cast.educator)

    # The colleague accepts in their own session and writes their own reflection; the
    # team's shared answer is there, on their page.
    colleague_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    colleague_context.set_default_timeout(15_000)
    colleague = colleague_context.new_page()
    login(colleague, base, cast.colleague.email, PASSWORD)
    colleague.goto(base + "/submissions/team-invitations/")
    colleague.get_by_role("heading", name=version.title).wait_for()
    assert accessibility_violations(colleague, base) == []
    colleague.get_by_role("button", name="Accept and join").click()
    colleague.get_by_text("You joined the team.").wait_for()
    assert "We plan exit tickets together." in colleague.content()
    assert accessibility_violations(colleague, base) == []
    _write(colleague, "Reflection", "My students now write one question each.")
    colleague_context.close()

    # The lead submits for both (after the confirmation step).
    page.reload()
    assert "accepted" in page.locator("[data-team-members]").inner_text()
    page.get_by_role("button", name="Submit for the team").click()
    page.get_by_role("button", name="Yes, submit for review").click()
    page.get_by_text("Your team's attempt is submitted.").wait_for()
    statuses = set(Submission.objects.filter(team=lead.team).values_list("status", flat=True))
    assert statuses == {"submitted"}

    # The reviewer claims the team (one row), scores the shared criterion once and each
    # member's reflection, and sends the decisions.
    page.get_by_role("navigation", name="Main").locator("#account-menu").click()
    page.get_by_role("button", name="Sign out").click()
    login(page, base, cast.reviewer.email, PASSWORD)
    page.goto(base + "/reviews/")
    assert page.locator(f'tr[data-submission="{lead.public_id}"]').count() == 1
    page.locator(f'tr[data-submission="{lead.public_id}"]').get_by_role(
        "button", name=re.compile("^Claim")
    ).first.click()
    page.get_by_role("heading", name="Shared by the team").wait_for()
    assert accessibility_violations(page, base) == []
    by_title = levels(version)
    page.locator(f"#level-{by_title['Team plan'][1].public_id}").check()
    member = Submission.objects.get(educator=cast.colleague)
    for submission in (lead, member):
        page.locator(
            f"#level-{by_title['Own reflection'][1].public_id}-{submission.public_id}"
        ).check()
    page.get_by_label("Overall feedback to every member").fill("A strong team plan.")
    page.get_by_role("button", name="Send the decisions").click()
    page.get_by_text(re.compile("Decisions sent")).wait_for()

    assert set(Badge.objects.values_list("submission__educator", flat=True)) == {
        cast.educator.pk,
        cast.colleague.pk,
    }
    assert csp == []
