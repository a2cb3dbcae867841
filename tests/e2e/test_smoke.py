"""A person signs in through the real login page and sees a navigation that fits the role."""

import pytest
from django.core.management import call_command

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
