"""A person signs in through the real login page and sees a navigation that fits the role."""

import re

import pytest
from django.core.management import call_command

from tests.support.browser import accessibility_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_educator_and_staff_sign_in_and_see_their_navigation(
    live_server, page, screenshot, settings
):
    call_command("seed_demo")
    _login(page, live_server.url, "educator@example.com", settings.DEMO_PASSWORD)
    page.get_by_role("heading", name="Welcome, Maria").wait_for()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Admin").count() == 0
    assert page.get_by_text("Educator at Lincoln Elementary").is_visible()
    screenshot("educator-home")

    page.get_by_role("button", name="Maria Lopez").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for()

    _login(page, live_server.url, "staff@example.com", settings.DEMO_PASSWORD)
    page.get_by_role("heading", name="Welcome, Platform").wait_for()
    assert nav.get_by_role("link", name="Admin").is_visible()
    screenshot("staff-home")


def test_wrong_password_shows_a_clear_error(live_server, page, screenshot, settings):
    call_command("seed_demo")
    _login(page, live_server.url, "educator@example.com", "wrong-password")
    page.get_by_text("not correct").wait_for()
    screenshot("login-error")


def test_a_self_registered_educator_is_never_at_a_dead_end(live_server, page, screenshot):
    """Someone who signs up on their own (no school yet) gets next steps on the start page and
    their own work, badges and transcript in the top bar; each opens."""
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.locator("#id_password1").fill("a-long-unusual-pass-42")
    page.locator("#id_password2").fill("a-long-unusual-pass-42")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Welcome, Nia").wait_for()
    start = page.get_by_test_id("get-started")
    assert start.get_by_role("link", name="Browse micro-credentials").is_visible()
    assert start.get_by_role("link", name="My work").is_visible()
    assert start.get_by_role("link", name="My badges").is_visible()
    assert accessibility_violations(page, live_server.url) == []
    screenshot("self-registered-home")
    nav = page.get_by_role("navigation", name="Main")
    for label, heading in (
        ("My work", "work"),
        ("My badges", "badges"),
        ("Transcript", "ranscript"),
    ):
        nav.get_by_role("link", name=label).click()
        page.get_by_role("heading", level=1, name=re.compile(heading)).wait_for()
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Menu").click()
    assert nav.get_by_role("link", name="My badges").is_visible()
    screenshot("self-registered-nav-phone")
