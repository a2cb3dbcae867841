"""Credit for a badge in real Chromium: an educator claims license renewal hours from a badge,
the board's approver approves in the queue, the educator sees the credit on My credit, and the
certificate page says it is valid. Every new page is checked with axe-core, My credit at phone
width too."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from recognition.models import CreditRequest
from recognition.services import educator_cycle_set
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.credentials import make_credential
from tests.support.factories import PASSWORD, UserFactory
from tests.support.recognition import earn_badge, make_body, make_renewal_goal, make_rule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_educator_claims_renewal_hours_and_the_approver_approves(
    live_server, settings, page, screenshot, cast
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    approver = UserFactory(email="approver@test.org")
    manager = UserFactory(email="manager@test.org")
    board = make_body(
        "Test State Licensure Board",
        applies_to=cast.state,
        organization=cast.state,
        approvers=[approver],
        managers=[manager],
    )
    make_renewal_goal(board)
    credential = make_credential(cast.issuer, "formative-checks", pd_hours="10")
    make_rule(board, credential=credential, amount="10", unit="hours")
    badge = earn_badge(cast.educator, credential, cast.reviewer)
    educator_cycle_set(
        educator=cast.educator,
        body=board,
        renewal_date=timezone.localdate() + timedelta(days=700),
    )
    csp = collect_csp_violations(page)

    # The educator: My badges says what the badge counts for; Claim credit; one click.
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(base + "/badges/")
    assert "Counts for: 10 hours (Test State Licensure Board)" in page.inner_text("main")
    page.get_by_role("link", name=re.compile(r"^Claim credit")).first.click()
    page.get_by_role("heading", level=1, name=re.compile("Claim credit for")).wait_for()
    assert "approval required" in page.inner_text("main")
    screenshot("claim")
    assert accessibility_violations(page, base) == []
    page.get_by_role("button", name=re.compile(r"^Request 10 hours")).click()

    page.wait_for_url(base + "/credit/")
    assert "an approver will decide" in page.inner_text("#messages")
    assert "Waiting for approval" in page.inner_text("main")
    assert "0 of 120 hours" in page.inner_text("main")
    screenshot("my-credit-pending")
    assert accessibility_violations(page, base) == []

    # The approver: the queue, the request with its checks, Approve.
    page.context.clear_cookies()
    login(page, base, approver.email, PASSWORD)
    page.goto(base + "/credit/")
    page.get_by_role("link", name="Credit approvals").click()
    page.get_by_role("heading", level=1, name="Credit approvals").wait_for()
    assert "Waiting for a decision (1)" in page.inner_text("main")
    screenshot("queue")
    assert accessibility_violations(page, base) == []
    page.get_by_role("link", name=cast.educator.get_full_name()).click()
    page.get_by_role("heading", level=2, name="Evidence").wait_for()
    evidence = page.inner_text("main")
    assert badge.title in evidence and "Verified" in evidence and "10.0 PD hours" in evidence
    screenshot("approval")
    assert accessibility_violations(page, base) == []
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(base + "/credit/approvals/")
    assert "certificate is signed" in page.inner_text("#messages")
    credit = CreditRequest.objects.get()
    assert credit.status == CreditRequest.Status.APPROVED

    # The educator again: granted, progress, the certificate; valid for anyone holding it.
    page.context.clear_cookies()
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(base + "/credit/")
    main = page.inner_text("main")
    assert "Granted: 10 hours" in main
    assert "10 of 120 hours, cycle" in main
    screenshot("my-credit-granted")
    assert accessibility_violations(page, base) == []
    # At phone width the page fits: no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("my-credit-phone")
    assert accessibility_violations(page, base) == []
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name=re.compile(r"^Certificate")).first.click()
    page.wait_for_url(re.compile(r"/credit/certificates/[0-9a-f-]+/$"))
    assert "Valid" in page.inner_text("main")
    screenshot("certificate")
    assert csp == []


def test_a_body_manager_adds_a_rule_and_the_catalog_filter_finds_it(
    live_server, settings, page, screenshot, cast
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    manager = UserFactory(email="manager@test.org")
    board = make_body("Test State Licensure Board", applies_to=cast.state, managers=[manager])
    counted = make_credential(cast.issuer, "formative-checks", pd_hours="10")
    make_credential(cast.issuer, "wait-time", pd_hours="5")
    csp = collect_csp_violations(page)

    login(page, base, manager.email, PASSWORD)
    page.goto(base + "/credit/")
    page.get_by_role("link", name=f"Manage {board.name}").click()
    page.get_by_role("heading", level=1, name=board.name).wait_for()
    screenshot("body")
    assert accessibility_violations(page, base) == []
    page.get_by_role("link", name="Add a rule").click()
    page.get_by_label("Micro-credential", exact=True).select_option(str(counted.pk))
    page.get_by_label(re.compile(r"^Outcome")).select_option("license_renewal_hours")
    page.get_by_label(re.compile(r"^Amount")).fill("10")
    page.get_by_label(re.compile(r"^Unit")).fill("hours")
    # Dates that end before they start are refused with a message, the rest kept.
    page.get_by_label("Valid from").fill("2026-05-01")
    page.get_by_label("Valid until").fill("2026-01-01")
    page.get_by_role("button", name="Save the rule").click()
    page.get_by_text("The dates end before they start").wait_for()
    assert accessibility_violations(page, base) == []
    page.get_by_label("Valid until").fill("")
    page.get_by_label("Valid from").fill("")
    page.get_by_role("button", name="Save the rule").click()
    page.wait_for_url(base + f"/credit/bodies/{board.slug}/")
    assert "Rule saved" in page.inner_text("#messages")

    # An educator of the state filters the catalog to what counts for their license renewal.
    page.context.clear_cookies()
    login(page, base, cast.educator.email, PASSWORD)
    page.goto(base + "/catalog/")
    page.get_by_label("Counts for my").select_option("license_renewal_hours")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"counts_for=license_renewal_hours"))
    results = page.locator("[data-testid=catalog-results]")
    results.get_by_text("Counts for").first.wait_for()
    assert results.locator("article").count() == 1
    assert "Test State Licensure Board" in results.inner_text()
    screenshot("catalog-counts-for")
    assert accessibility_violations(page, base) == []
    assert csp == []
