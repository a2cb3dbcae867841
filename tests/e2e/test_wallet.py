"""An educator adds a badge to a wallet in real Chromium: "Add to a wallet" on the badge's
page shows the QR code, the link and the one-time code (axe-clean, no CSP violation), and an
independent wallet (Sphereon's OpenID4VCI client, tests/interop/wallet-client.mjs) takes the
offer from that same server with the code read off the screen."""

import re

import pytest

from badges import documents
from tests.interop import node
from tests.support.browser import accessibility_violations, collect_csp_violations, login
from tests.support.credentials import make_credential
from tests.support.factories import PASSWORD
from tests.support.recognition import earn_badge
from wallets.models import WalletOffer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_educator_adds_a_badge_to_a_wallet(live_server, settings, page, screenshot, cast):
    settings.SITE_URL = live_server.url
    badge = earn_badge(cast.educator, make_credential(cast.issuer, "exit-tickets"), cast.reviewer)
    csp = collect_csp_violations(page)
    base = live_server.url

    login(page, base, cast.educator.email, PASSWORD)
    page.goto(documents.public_url(badge))
    page.get_by_role("button", name=re.compile(r"^Add to a wallet")).click()

    page.get_by_role("heading", level=1, name=re.compile("to a wallet")).wait_for()
    qr = page.get_by_test_id("wallet-qr")
    assert qr.locator("svg").is_visible()
    tx_code = page.get_by_test_id("wallet-tx-code").inner_text().strip()
    assert re.fullmatch(r"\d{6}", tx_code)
    offer_uri = page.get_by_test_id("wallet-offer-link").get_attribute("href") or ""
    assert offer_uri.startswith("openid-credential-offer://?credential_offer_uri=")
    assert page.get_by_test_id("wallet-expiry").is_visible()
    screenshot("wallet-offer")
    assert accessibility_violations(page, base) == []

    received = node.wallet_receive(offer_uri, tx_code)

    assert received["credential"]["credentialSubject"]["id"] == received["holderDid"]
    assert WalletOffer.objects.get().status == WalletOffer.Status.CREDENTIAL_ISSUED

    # From My badges too, on a phone-sized screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/badges/")
    page.get_by_role("button", name=re.compile(r"^Add to a wallet")).click()
    page.get_by_test_id("wallet-qr").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("wallet-offer-phone")
    assert accessibility_violations(page, base) == []
    assert csp == []
