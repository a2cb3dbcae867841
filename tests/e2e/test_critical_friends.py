"""Critical friends in real Chromium: an educator shares a draft with a cohort colleague from
the workspace, the colleague reads it and comments on a requirement, and the educator sees the
comment beside their work. Every new page is checked with axe-core."""

import datetime
import re

import pytest

from community import services as community_services
from submissions import services as submission_services
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.credentials import published_credential
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_educator_shares_a_draft_and_gets_a_comment(
    live_server, settings, page, screenshot, cast
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    cohort = community_services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Exit tickets, together",
        starts_on=datetime.date(2027, 1, 10),
        ends_on=datetime.date(2027, 5, 30),
    )
    for person in (cast.educator, cast.colleague):
        community_services.cohort_join_by_code(user=person, code=cohort.join_code)
    credential = published_credential(cast.issuer)
    draft = submission_services.submission_start(educator=cast.educator, credential=credential)
    context = draft.version.requirements.get(title="Context")
    submission_services.response_save(
        submission=draft, requirement=context, text="Twenty-eight sixth graders.", by=cast.educator
    )
    csp = collect_csp_violations(page)
    colleague = cast.colleague.get_full_name() or cast.colleague.email

    # The educator shares the draft from the workspace's Critical friends panel.
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(f"{base}/submissions/{draft.public_id}/")
    panel = page.locator("#critical-friends")
    panel.get_by_label(colleague).check()
    panel.get_by_role("button", name="Share my draft").click()
    page.wait_for_url(re.compile(r"#critical-friends$"))
    assert f"Shared with {colleague}" in page.inner_text("#messages")
    assert colleague in page.inner_text("#critical-friends")
    screenshot("workspace-shared")
    assert accessibility_violations(page, base) == []

    # The colleague finds it under Drafts shared with me, reads it and comments on Context.
    page.context.clear_cookies()
    login(page, base, cast.colleague.email, PASSWORD)
    page.goto(base + "/friends/")
    screenshot("shared-with-me")
    assert accessibility_violations(page, base) == []
    page.get_by_role("link", name=credential.published_version.title).first.click()
    page.get_by_role("heading", level=1, name=credential.published_version.title).wait_for()
    assert "Twenty-eight sixth graders." in page.inner_text("main")
    assert page.locator("textarea[name=text]").count() == 0  # read-only
    assert accessibility_violations(page, base) == []
    page.get_by_text("Comment on “Context”", exact=True).click()
    page.get_by_label("Your comment on “Context”").fill("Say which exit ticket you used.")
    page.locator("#req-" + str(context.public_id)).get_by_role("button", name="Add comment").click()
    page.wait_for_url(re.compile(r"#comments$"))
    assert "Say which exit ticket you used." in page.inner_text("#comments")
    screenshot("draft-commented")

    # The educator sees the comment beside the work, under the requirement's title.
    page.context.clear_cookies()
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(f"{base}/submissions/{draft.public_id}/")
    panel_text = page.inner_text("#critical-friends")
    assert "context" in panel_text.lower() and "Say which exit ticket you used." in panel_text
    assert csp == []
