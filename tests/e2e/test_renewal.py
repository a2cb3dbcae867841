"""An educator whose badge expires next month renews it in real Chromium, with the keyboard:
from "My badges" to the micro-credential's page, "Renew", and into the new, empty attempt.
Every page is checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from badges import services
from badges.models import Badge
from credentials.models import MicroCredentialVersion
from tests.support.badges import pass_submission
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.credentials import published_credential
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_educator_renews_an_expiring_badge(live_server, settings, page, screenshot, cast):
    settings.SITE_URL = live_server.url
    credential = published_credential(cast.issuer, "formative-checks", with_artifact=False)
    MicroCredentialVersion.objects.filter(credential=credential).update(validity_years=1)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    Badge.objects.filter(pk=badge.pk).update(expires_at=timezone.now() + timedelta(days=30))
    csp = collect_csp_violations(page)
    base = live_server.url

    login(page, base, cast.educator.email, PASSWORD)
    page.goto(base + "/badges/")
    renew = page.get_by_role(
        "link", name=re.compile(rf"^Renew this badge\W+{re.escape(badge.title)}$")
    )
    screenshot("renewal-my-badges")
    assert accessibility_violations(page, base) == []
    renew.focus()
    page.keyboard.press("Enter")

    page.get_by_role("heading", level=1, name=badge.title).wait_for()
    assert "Your badge expires on" in page.locator("[data-renewal]").inner_text()
    screenshot("renewal-credential-page")
    assert accessibility_violations(page, base) == []
    page.get_by_role("button", name="Renew this micro-credential").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/submissions/[0-9a-f-]+/$"))
    page.get_by_text("Attempt 2 (renewal)").wait_for()
    # A renewal asks for current evidence: nothing of attempt 1 is copied in.
    answers = page.locator("textarea")
    assert answers.count() >= 3
    assert [answers.nth(i).input_value() for i in range(answers.count())] == [""] * answers.count()
    screenshot("renewal-workspace")
    assert accessibility_violations(page, base) == []
    assert csp == []
