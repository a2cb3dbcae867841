"""Anyone opens an educator's public badge page, copies its link, and verifies the badge by
link and by uploading its baked image, in real Chromium."""

import re

import pytest

from badges import documents, services
from tests.support.badges import pass_submission
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.credentials import published_credential
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_badge_page_and_verification(live_server, settings, page, screenshot, cast):
    settings.SITE_URL = live_server.url
    credential = published_credential(cast.issuer, "formative-checks", with_artifact=False)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    violations = collect_csp_violations(page)

    page.goto(documents.public_url(badge))
    page.get_by_role("heading", level=1, name=badge.title).wait_for()
    assert page.get_by_role("img", name=f"Badge image: {badge.title}").is_visible()
    assert "Valid" in page.get_by_test_id("badge-status").inner_text()
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied.").wait_for()
    # A visitor shares the page; adding it to a profile or a wallet is the earner's alone.
    share = page.get_by_test_id("share-links").get_by_role("link", name=re.compile("LinkedIn"))
    assert "share-offsite" in (share.get_attribute("href") or "")
    assert page.get_by_role("link", name=re.compile("Add to LinkedIn profile")).count() == 0
    assert page.get_by_role("link", name=re.compile("Download for a wallet")).count() == 0
    screenshot("badge-public-page")
    assert accessibility_violations(page, live_server.url) == []

    # Verify by link, with the earner's email.
    page.get_by_role("link", name="Verification page").click()
    page.get_by_role("heading", level=1, name="Verify a badge").wait_for()
    assert page.get_by_label("Badge link").input_value() == documents.public_url(badge)
    page.get_by_label("Earner's email (optional)").fill(cast.educator.email)
    page.get_by_role("button", name="Verify").click()
    result = page.get_by_test_id("verify-result")
    result.get_by_role("status").filter(has_text="Valid").wait_for()
    assert "matches this badge's recipient" in page.get_by_test_id("recipient-match").inner_text()
    screenshot("badge-verify-link")
    assert accessibility_violations(page, live_server.url) == []

    # Verify by uploading the baked PNG downloaded from the badge page.
    png = page.request.get(documents.png_url(badge)).body()
    page.goto(live_server.url + "/verify/")
    page.get_by_label("Or upload a badge file").set_input_files(
        files=[{"name": "badge.png", "mimeType": "image/png", "buffer": png}]
    )
    page.get_by_role("button", name="Verify").click()
    page.get_by_test_id("verify-result").get_by_role("status").filter(has_text="Valid").wait_for()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(documents.public_url(badge))
    page.get_by_role("heading", level=1, name=badge.title).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("badge-public-page-phone")
    assert violations == []


def test_badge_art_embed_snippet_and_public_profile(live_server, settings, page, screenshot, cast):
    """The catalog card shows the generated art; a visitor copies a badge's embed snippet; the
    educator turns on a public profile that a visitor then opens."""
    settings.SITE_URL = live_server.url
    credential = published_credential(cast.issuer, "formative-checks", with_artifact=False)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    violations = collect_csp_violations(page)

    page.goto(live_server.url + "/catalog/")
    art = page.locator(".catalog-badge-art").first
    art.wait_for()
    assert "/credential-art/" in (art.get_attribute("src") or "")
    assert page.evaluate("(img) => img.naturalWidth", art.element_handle()) == 600  # loaded
    screenshot("catalog-with-badge-art")

    page.goto(documents.public_url(badge))
    page.get_by_role("button", name="Copy embed code").click()
    page.get_by_text("Embed code copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f'<a href="{documents.public_url(badge)}"')
    assert badge.title in copied
    page.get_by_text("Preview").click()
    screenshot("badge-embed-snippet")
    assert accessibility_violations(page, live_server.url) == []

    # Off by default: a visitor gets 404; the educator turns it on from the profile page.
    profile_url = f"{live_server.url}/u/{cast.educator.public_id}/"
    assert page.request.get(profile_url).status == 404
    login(page, live_server.url, cast.educator.email, PASSWORD)
    page.goto(live_server.url + "/account/profile/")
    page.get_by_label("Show a public profile page with my badges").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_test_id("public-profile-link").get_by_role("link").click()
    page.get_by_test_id("profile-name").wait_for()
    page.context.clear_cookies()
    page.goto(profile_url)
    assert page.get_by_test_id("profile-name").inner_text() == cast.educator.display_name
    assert page.get_by_role("link", name=badge.title).is_visible()
    screenshot("public-profile")
    assert accessibility_violations(page, live_server.url) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(profile_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("public-profile-phone")
    assert violations == []
