"""Two educators of a cohort discuss in real Chromium: Maria starts a thread about one of the
cohort's micro-credentials mentioning James, James follows the emailed link and replies, the
facilitator pins and locks the thread, and Maria can no longer reply. axe finds nothing serious
on the list, the thread, the facilitator's view and the notifications page."""

import re

import pytest
from django.core import mail

from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.discussion import make_room
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _person(browser, live_server, email: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server.url, email, PASSWORD)
    page.wait_for_url(re.compile(r".*/$"))
    return context, page


def test_two_educators_discuss_and_the_facilitator_pins_and_locks(
    live_server, settings, page, browser, screenshot, cast
) -> None:
    settings.SITE_URL = live_server.url
    room = make_room(cast)
    discussion_url = f"{live_server.url}/cohorts/{room.cohort.public_id}/discussion/"
    csp = collect_csp_violations(page)

    # Maria starts a thread about the cohort's micro-credential, mentioning James.
    login(page, live_server.url, cast.educator.email, PASSWORD)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(discussion_url)
    assert page.get_by_role("heading", name="Discussion").is_visible()
    assert accessibility_violations(page, live_server.url) == []
    page.get_by_label("About").select_option(label="Credential formative-checks")
    page.get_by_label("Message").fill(
        "Two-minute exit tickets\n\nWhat do you ask, **@James Chen**? Mine: one hinge question."
    )
    page.get_by_role("button", name="Start thread").click()
    assert page.get_by_role("heading", name="Two-minute exit tickets").is_visible()
    assert page.locator(".post-body strong").first.inner_text() == "@James Chen"
    screenshot("thread-started")
    assert accessibility_violations(page, live_server.url) == []

    # James is emailed at once and follows the link to reply.
    emails = [
        message
        for message in mail.outbox
        if cast.colleague.email in message.to and "mentioned you" in message.subject
    ]
    assert len(emails) == 1 and "Maria Lopez mentioned you" in emails[0].subject
    link = re.search(r"http://\S+/discussion/\S+", emails[0].body).group(0)
    james_context, james = _person(browser, live_server, cast.colleague.email)
    james.goto(link)
    james.get_by_role("link", name="Reply to Maria Lopez").click()
    james.get_by_label("Message").fill("Three questions on a sticky note, sorted by the door.")
    james.get_by_role("button", name="Post reply").click()
    assert james.get_by_text("Your reply is posted.").is_visible()
    assert james.get_by_text("replying to").is_visible()
    james_context.close()

    # The facilitator pins and locks the thread.
    fran_context, fran = _person(browser, live_server, room.facilitator.email)
    fran.goto(discussion_url)
    fran.get_by_role("link", name="Two-minute exit tickets").click()
    fran.get_by_role("button", name="Pin").click()
    assert fran.get_by_text("The thread is pinned").is_visible()
    fran.get_by_role("button", name="Lock").click()
    assert fran.get_by_text("The thread is locked: nobody can post in it.").is_visible()
    assert fran.get_by_role("button", name="Unlock").is_visible()
    assert accessibility_violations(fran, live_server.url) == []
    fran.goto(discussion_url)
    assert fran.get_by_role("heading", name="Open reports").is_visible()
    assert accessibility_violations(fran, live_server.url) == []
    fran_context.close()

    # Maria sees it pinned and locked: no reply box any more.
    page.goto(discussion_url)
    thread_row = page.locator("[data-thread]").first
    assert "Pinned" in thread_row.inner_text() and "Locked" in thread_row.inner_text()
    thread_row.get_by_role("link").click()
    assert page.get_by_text("This thread is locked: a facilitator closed it").is_visible()
    assert page.get_by_role("button", name="Post reply").count() == 0

    # Her notification choice: a daily digest instead.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Discussion").click()
    page.get_by_role("link", name="Notifications").click()
    assert accessibility_violations(page, live_server.url) == []
    page.get_by_label("A daily digest").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Your notification choice is saved.").is_visible()
    assert csp == []
