"""Journey 3: the badge, its public page and its verification (the test runs the official
validator on it)."""

import time

from playwright.sync_api import expect

from badges.models import Badge
from tests.support.journeys.people import EDUCATOR, TITLE, Person


def see_badge(maria: Person) -> Badge:
    page = maria.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My badges").click()
    page.get_by_role("heading", name="My badges").wait_for()
    badge_link = page.get_by_role("link", name=TITLE, exact=True)
    deadline = time.monotonic() + 60
    while not badge_link.count():  # the worker issues it moments after the decision
        assert time.monotonic() < deadline, "no badge appeared"
        page.wait_for_timeout(1000)
        page.reload()
    maria.check("my-badges")
    badge_link.click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    expect(page.get_by_test_id("badge-status")).to_contain_text("Valid")
    maria.check("badge-page")
    return Badge.objects.get(educator__email=EDUCATOR)


def verify(visitor: Person, badge_url: str) -> None:
    page = visitor.page
    page.goto(badge_url)
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    visitor.check("public-badge-page")
    page.get_by_role("link", name="Verification page").click()
    page.get_by_role("heading", level=1, name="Verify a badge").wait_for()
    visitor.check("verify")
    page.get_by_label("Earner's email (optional)").fill(EDUCATOR)
    page.get_by_role("button", name="Verify").click()
    page.get_by_test_id("verify-result").get_by_role("status").filter(has_text="Valid").wait_for()
    expect(page.get_by_test_id("recipient-match")).to_contain_text("matches this badge's recipient")
    visitor.check("verified")
