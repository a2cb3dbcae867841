"""Add to a wallet, end to end with independent software on both sides of the platform: the
platform serves on a live HTTP server (pytest-django's live_server, SITE_URL its URL); the
owner asks for an offer through the API; Sphereon's OpenID4VCI client
(tests/interop/wallet-client.mjs) takes it as a wallet app would, with its own did:key; and
Digital Bazaar's verifier verifies what it received, status list included, from the same
server. Revoking the badge then revokes the wallet's copy."""

import pytest
from rest_framework.test import APIClient

from badges import services as badge_services
from tests.interop import node
from tests.support.credentials import make_credential
from tests.support.recognition import earn_badge
from wallets.models import WalletOffer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_site(live_server, settings) -> str:
    settings.SITE_URL = live_server.url
    return str(live_server.url)


def test_a_wallet_receives_the_badge_bound_to_its_did_and_revocation_reaches_it(live_site, cast):
    badge = earn_badge(cast.educator, make_credential(cast.issuer, "wallet-ready"), cast.reviewer)
    api = APIClient()
    api.force_authenticate(cast.educator)
    offer = api.post(f"/api/v1/badges/{badge.public_id}/wallet-offer/").json()
    assert offer["credential_offer"]["credential_issuer"] == live_site

    received = node.wallet_receive(offer["credential_offer_uri"], offer["tx_code"])

    credential = received["credential"]
    assert credential["credentialSubject"]["id"] == received["holderDid"]
    assert received["holderDid"].startswith("did:key:z6Mk")
    assert credential["credentialSubject"]["achievement"]["name"] == badge.title
    assert credential["credentialStatus"] == badge.credential_json["credentialStatus"]
    stored = WalletOffer.objects.get()
    assert stored.status == WalletOffer.Status.CREDENTIAL_ISSUED
    assert stored.holder_did == received["holderDid"]
    [result] = node.verify([credential], node.served_documents([credential]))
    assert result == {"verified": True, "errors": [], "revoked": False}

    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Evidence was not their own")

    [result] = node.verify([credential], node.served_documents([credential]))
    assert result["verified"] is False and result["revoked"] is True


def test_the_same_offer_cannot_be_taken_twice(live_site, cast):
    badge = earn_badge(cast.educator, make_credential(cast.issuer, "once-only"), cast.reviewer)
    api = APIClient()
    api.force_authenticate(cast.educator)
    offer = api.post(f"/api/v1/badges/{badge.public_id}/wallet-offer/").json()
    node.wallet_receive(offer["credential_offer_uri"], offer["tx_code"])

    with pytest.raises(AssertionError, match="credential offer URI endpoint call was not"):
        node.wallet_receive(offer["credential_offer_uri"], offer["tx_code"])
