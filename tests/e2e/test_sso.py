"""A teacher signs in through the district's provider, in real Chromium: the district admin
adds and verifies the email domain (a DNS server process answers the TXT lookup) and adds
the district's OpenID Connect provider (oidc-provider-mock, a process); the teacher finds
their district from their work email, signs in at the provider and lands back here as a
member of the district. axe-core checks every page of ours on the way."""

import re

import pytest

from tests.support.browser import (
    SCREENSHOTS,
    accessibility_violations,
    collect_csp_violations,
    login,
)
from tests.support.factories import PASSWORD
from tests.support.sso import dns_server, oidc_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOMAIN = "north.k12.example"


def _no_violations(page, base: str) -> None:
    assert accessibility_violations(page, base) == []


def test_a_teacher_signs_in_through_the_districts_provider(
    live_server, browser, page, screenshot, cast, settings
):
    base = live_server.url
    with oidc_provider() as oidc, dns_server() as dns:
        settings.SSO_DNS_NAMESERVER = dns.address
        csp = collect_csp_violations(page)

        # The district admin adds the domain, publishes the record and verifies it.
        login(page, base, cast.district_admin.email, PASSWORD)
        page.goto(base + "/sso/admin/")
        page.get_by_role("heading", name="Single sign-on").wait_for()
        _no_violations(page, base)
        page.get_by_role("textbox", name="Email domain", exact=True).fill(DOMAIN)
        page.get_by_role("button", name="Add domain").click()
        record = page.locator("code", has_text="microcred-verification=").inner_text()
        dns.publish(f"_microcred-verification.{DOMAIN}", record.strip('"'))
        page.get_by_role("button", name=f"Verify {DOMAIN}").click()
        page.get_by_text(f"{DOMAIN} is verified.").wait_for()

        # ... and the provider, with the client the provider registered for our callback.
        callback = f"{base}/accounts/oidc/district-{cast.district.slug}-oidc/login/callback/"
        client_id, secret = oidc.register_client(callback)
        page.get_by_role("combobox", name="Provider").select_option("oidc")
        page.get_by_label("Email domains it covers").fill(DOMAIN)
        page.get_by_label("Client id").fill(client_id)
        page.get_by_label("Client secret").fill(secret)
        page.get_by_label("Issuer URL").fill(oidc.issuer)
        page.get_by_role("button", name="Add provider").click()
        page.get_by_text("OpenID Connect (North District) was added.").wait_for()
        assert secret not in page.content()
        _no_violations(page, base)
        screenshot("sso-admin")
        page.get_by_role("link", name="OpenID Connect (any provider)").click()
        page.get_by_role("heading", name="OpenID Connect (North District)").wait_for()
        assert secret not in page.content()
        _no_violations(page, base)

        # A teacher of the district, never here before.
        oidc.set_user("t-1", email=f"tess@{DOMAIN}", email_verified=True, name="Tess Teacher")
        teacher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        teacher.set_default_timeout(15_000)
        csp += collect_csp_violations(teacher)
        teacher.goto(base + "/accounts/login/")
        teacher.get_by_role("link", name="Sign in with your district").click()
        teacher.get_by_label("Your work email").fill(f"tess@{DOMAIN}")
        teacher.get_by_role("button", name="Find my district's sign-in").click()
        # The form's answer is a new page: check it once it is there, not the one it replaces.
        go_on = teacher.get_by_role("button", name="Continue with OpenID Connect (North District)")
        go_on.wait_for()
        _no_violations(teacher, base)
        go_on.click()

        # At the provider: it asks who is signing in.
        teacher.wait_for_url(re.compile(re.escape(oidc.issuer) + "/oauth2/authorize.*"))
        teacher.get_by_placeholder("sub").fill("t-1")
        teacher.get_by_role("button", name="Authorize", exact=True).click()

        # Back here, signed in, told they joined.
        teacher.get_by_text("You joined North District as an educator").wait_for()
        assert teacher.url.startswith(base)
        _no_violations(teacher, base)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        teacher.screenshot(path=str(SCREENSHOTS / "sso-teacher-signed-in.png"), full_page=True)
        teacher.goto(base + "/account/profile/")
        teacher.get_by_role("heading", name="Districts you joined by signing in").wait_for()
        _no_violations(teacher, base)
        # allauth's pages of the provider: its account connections, and its "Continue" step.
        teacher.goto(base + "/accounts/3rdparty/")
        teacher.get_by_text("OpenID Connect (North District)").first.wait_for()
        _no_violations(teacher, base)
        teacher.goto(base + f"/accounts/oidc/district-{cast.district.slug}-oidc/login/")
        _no_violations(teacher, base)
        assert csp == []
        teacher.context.close()
