"""On a 390 px phone: a one-row header whose Menu button opens the navigation (keyboard too),
the catalog's filters behind a "Filters" button, a Start action that follows the reader down a
long micro-credential page, and wide tables that say they scroll and scroll from the keyboard."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.support.browser import accessibility_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _box(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_a_phone_gets_one_header_row_folded_filters_and_a_start_that_follows(live_server, browser):
    call_command("seed_demo")
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/catalog/")

    brand = page.locator(".site-brand")
    menu = page.get_by_role("button", name="Menu")
    assert abs(_box(brand)["y"] - _box(menu)["y"]) < _box(menu)["height"]  # one row
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.get_by_role("link", name="Verify a badge").is_visible()
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    nav.get_by_role("link", name="Verify a badge").wait_for()
    page.keyboard.press("Enter")  # the focus is still on the button: it closes the menu
    expect(menu).to_have_attribute("aria-expanded", "false")

    focus_area = page.get_by_label("Focus area")
    assert not focus_area.is_visible()
    filters = page.get_by_role("button", name="Filters")
    assert filters.get_attribute("aria-expanded") == "false"
    filters.click()
    focus_area.wait_for()
    assert filters.get_attribute("aria-expanded") == "true"
    assert accessibility_violations(page, live_server.url) == []

    page.get_by_role("link", name="Exit Tickets That Drive Instruction").click()
    start = page.get_by_role("link", name="Sign in to start")
    start.wait_for()
    page.mouse.wheel(0, 2500)
    page.wait_for_function("() => window.scrollY > 2000")
    box = _box(start)
    assert PHONE["height"] - 200 < box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_a_wide_table_on_a_phone_says_it_scrolls_and_the_keyboard_scrolls_it(
    live_server, browser, settings
):
    call_command("seed_demo")
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server.url, "admin@example.com", settings.DEMO_PASSWORD)
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/organizations/")
    region = page.get_by_role("region", name="scrolls sideways").filter(
        has=page.locator("#progress-table")
    )
    region.wait_for()
    assert page.get_by_text("Scroll sideways to see the whole table").first.is_visible()
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # The shadow follows the scroll event, which the browser sends on a later frame: wait for it.
    expect(region).to_have_class(re.compile(r"\bhas-more-left\b"))
    assert region.evaluate("element => element.scrollLeft") > 1
    # Wide enough for the table again: no region, no extra tab stop.
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_function(
        "() => !document.querySelector('#progress-table').parentElement.hasAttribute('tabindex')"
    )
    context.close()
