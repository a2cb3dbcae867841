"""A visitor searches the catalog, sees the results change as they type, and reads a rubric."""

import re

import pytest
from django.core.management import call_command

from tests.support.browser import accessibility_violations, collect_csp_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CARD_TITLES = "[data-testid=catalog-results] .card-title"


def test_visitor_searches_the_catalog_and_reads_a_rubric(live_server, page, screenshot):
    call_command("seed_demo")
    violations = collect_csp_violations(page)
    page.goto(live_server.url + "/catalog/")
    page.get_by_role("heading", name="Micro-credential catalog").wait_for()
    assert page.locator(CARD_TITLES).count() == 24
    screenshot("catalog-desktop")
    assert accessibility_violations(page, live_server.url) == []

    # Typing updates only the results (no full page load), and the URL follows the search.
    page.evaluate("window.__samePage = true")
    page.get_by_label("Search micro-credentials").press_sequentially("exit tickets", delay=40)
    page.wait_for_url(re.compile(r"q=exit\+tickets"))
    first = page.locator(CARD_TITLES).first
    first.get_by_text("Exit Tickets That Drive Instruction").wait_for()
    assert page.evaluate("window.__samePage") is True
    assert "match “exit tickets”" in page.locator("#catalog-count").inner_text()
    page.get_by_label("Focus area").select_option(label="Data Literacy")
    page.get_by_text("No micro-credentials match your search").wait_for()
    assert page.evaluate("window.__samePage") is True
    screenshot("catalog-empty-state")
    page.get_by_label("Focus area").select_option(label="All")
    first.get_by_text("Exit Tickets That Drive Instruction").wait_for()
    screenshot("catalog-search")

    page.get_by_role("link", name="Exit Tickets That Drive Instruction").click()
    page.get_by_role("heading", level=1, name="Exit Tickets That Drive Instruction").wait_for()
    page.get_by_role("heading", name="Rubric").wait_for()
    assert page.get_by_text("To earn it, every criterion must be at a passing level.").is_visible()
    assert page.get_by_role("heading", name="Part 2: Artifacts").is_visible()
    assert page.get_by_role("link", name="Sign in to start").is_visible()
    assert page.locator(".rubric-level").count() == 15
    screenshot("detail-desktop")
    assert accessibility_violations(page, live_server.url) == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.get_by_role("heading", name="Rubric").wait_for()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("detail-phone")
    page.goto(live_server.url + "/catalog/?q=feedback")
    page.locator(CARD_TITLES).first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("catalog-phone")

    page.goto(live_server.url + "/catalog/stacks/formative-assessment-leader/")
    page.get_by_role("heading", level=1, name="Formative Assessment Leader").wait_for()
    assert page.locator(".stack-items li").count() == 5
    screenshot("stack-phone")
    assert accessibility_violations(page, live_server.url) == []
    assert violations == []


def test_api_docs_render_from_our_own_files(live_server, page, screenshot):
    violations = collect_csp_violations(page)
    page.goto(live_server.url + "/api/docs/")
    page.get_by_text("/api/v1/micro-credentials/").first.wait_for()
    screenshot("api-docs")
    assert violations == []


def test_educator_sees_progress_through_a_stack_on_a_phone(live_server, page, screenshot, settings):
    call_command("seed_demo")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/catalog/stacks/formative-assessment-leader/")
    page.get_by_role("link", name="Sign in", exact=True).last.click()
    page.get_by_label("Email").fill("educator@example.com")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Back on the stack (the sign-in link carried ?next=), now with progress.
    page.get_by_text("0 of 5 earned").wait_for()
    assert page.locator(".stack-items .status-badge").all_inner_texts() == ["Not started"] * 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("stack-progress-phone")
