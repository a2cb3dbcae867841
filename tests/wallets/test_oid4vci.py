"""Add to a wallet (OpenID4VCI 1.0, pre-authorized code): the metadata, the offer, and every
way the token and credential endpoints refuse (reused, expired or locked codes; proofs with a
wrong nonce, audience, signature or key), through the real endpoints.

The holder here is Python (tests/support/wallets.py) so that one field can be bent at a time;
tests/wallets/test_wallet_client.py takes the offer with an independent client."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pytest
from django.utils import timezone

from badges import services as badge_services
from badges.models import Badge
from tests.support.badges import SITE
from tests.support.credentials import make_credential
from tests.support.recognition import earn_badge
from tests.support.wallets import Holder
from wallets import oid4vci
from wallets import services as wallet_services
from wallets.models import WalletOffer, WalletOfferEvent

pytestmark = pytest.mark.django_db

PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


@pytest.fixture
def badge(cast) -> Badge:
    return earn_badge(cast.educator, make_credential(cast.issuer, "exit-tickets"), cast.reviewer)


def _offer(client, user, badge) -> dict:
    client.force_login(user)
    response = client.post(f"/api/v1/badges/{badge.public_id}/wallet-offer/")
    assert response.status_code == 201, response.content[:300]
    client.logout()
    return response.json()


def _code(offer: dict) -> str:
    return offer["credential_offer"]["grants"][PRE_AUTH]["pre-authorized_code"]


def _token(client, code: str, tx_code: str | None, **extra):
    data = {"grant_type": PRE_AUTH, "pre-authorized_code": code, **extra}
    if tx_code is not None:
        data["tx_code"] = tx_code
    return _form(client, data)


def _form(client, data: dict):
    # OAuth's token request is a urlencoded form (the test client would send multipart).
    return client.post(
        "/oid4vci/token", urlencode(data), content_type="application/x-www-form-urlencoded"
    )


def _credential(client, access_token: str, body: dict):
    return client.post(
        "/oid4vci/credential",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {access_token}",
    )


def _request(jwt: str) -> dict:
    return {"credential_configuration_id": oid4vci.CONFIGURATION_ID, "proofs": {"jwt": [jwt]}}


@pytest.fixture
def granted(client, cast, badge) -> dict:
    """An offer redeemed: the access token and the c_nonce of the token answer."""
    offer = _offer(client, cast.educator, badge)
    response = _token(client, _code(offer), offer["tx_code"])
    assert response.status_code == 200, response.content
    return response.json()


# --------------------------------------------------------------------------- metadata and offer


def test_the_metadata_names_our_endpoints_and_the_one_configuration(client):
    response = client.get("/.well-known/openid-credential-issuer")
    assert response["Access-Control-Allow-Origin"] == "*"  # web wallets read it too
    issuer = response.json()
    assert issuer["credential_issuer"] == SITE
    assert issuer["credential_endpoint"] == f"{SITE}/oid4vci/credential"
    assert issuer["nonce_endpoint"] == f"{SITE}/oid4vci/nonce"
    configuration = issuer["credential_configurations_supported"][oid4vci.CONFIGURATION_ID]
    assert configuration["format"] == "ldp_vc"
    assert configuration["credential_definition"]["type"] == [
        "VerifiableCredential",
        "OpenBadgeCredential",
    ]
    assert configuration["credential_definition"]["@context"][1].endswith("context-3.0.3.json")
    assert configuration["cryptographic_binding_methods_supported"] == ["did:key"]
    assert configuration["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"] == [
        "EdDSA",
        "ES256",
    ]
    server = client.get("/.well-known/oauth-authorization-server").json()
    assert server["issuer"] == SITE
    assert server["token_endpoint"] == f"{SITE}/oid4vci/token"
    assert PRE_AUTH in server["grant_types_supported"]
    assert server["pre-authorized_grant_anonymous_access_supported"] is True
    # Wallets probe other well-known documents and read the answer as JSON.
    probe = client.get("/.well-known/openid-configuration")
    assert probe.status_code == 404 and probe.json()["error"] == "not_found"


def test_the_owner_gets_an_offer_whose_uri_serves_it_without_the_code(client, cast, badge):
    offer = _offer(client, cast.educator, badge)

    assert offer["tx_code"].isdigit() and len(offer["tx_code"]) == 6
    credential_offer = offer["credential_offer"]
    assert credential_offer["credential_issuer"] == SITE
    assert credential_offer["credential_configuration_ids"] == [oid4vci.CONFIGURATION_ID]
    grant = credential_offer["grants"][PRE_AUTH]
    assert grant["tx_code"] == {
        "input_mode": "numeric",
        "length": 6,
        "description": oid4vci.TX_CODE_DESCRIPTION,
    }
    assert offer["tx_code"] not in json.dumps(credential_offer)
    scheme, _, _, query, _ = urlsplit(offer["credential_offer_uri"])
    assert scheme == "openid-credential-offer"
    url = unquote(parse_qs(query)["credential_offer_uri"][0])
    assert url.startswith(f"{SITE}/oid4vci/offers/")
    served = client.get(urlsplit(url).path)
    assert served.status_code == 200 and served.json() == credential_offer
    # Only hashes are stored.
    stored = WalletOffer.objects.get()
    assert _code(offer) not in str(stored.__dict__) and offer["tx_code"] not in str(stored.__dict__)
    assert stored.expires_at - stored.created_at == timedelta(minutes=10)


def test_someone_elses_badge_is_404_and_a_revoked_or_expired_one_is_400(client, cast, badge):
    for someone in (cast.colleague, cast.staff, cast.outsider):
        client.force_login(someone)
        response = client.post(f"/api/v1/badges/{badge.public_id}/wallet-offer/")
        assert response.status_code == 404, someone
        assert client.post(f"/record/badges/{badge.public_id}/wallet/").status_code == 404
    client.force_login(cast.educator)
    Badge.objects.filter(pk=badge.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = client.post(f"/api/v1/badges/{badge.public_id}/wallet-offer/")
    assert response.status_code == 400 and "expired" in response.json()["detail"]
    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Not their own work")
    response = client.post(f"/api/v1/badges/{badge.public_id}/wallet-offer/")
    assert response.status_code == 400 and "revoked" in response.json()["detail"]
    assert WalletOffer.objects.count() == 0


def test_the_add_to_a_wallet_page_shows_the_qr_code_the_link_and_the_code(client, cast, badge):
    client.force_login(cast.educator)
    assert b"Add to a wallet" in client.get(f"/badges/{badge.public_id}/").content
    assert b"Add to a wallet" in client.get("/badges/").content

    response = client.post(f"/record/badges/{badge.public_id}/wallet/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert "<svg" in page and "openid-credential-offer://?credential_offer_uri=" in page
    offer = WalletOffer.objects.get()
    assert offer.badge == badge
    tx_code = page.split('data-testid="wallet-tx-code"')[1].split(">")[1].split("<")[0]
    assert tx_code.isdigit() and len(tx_code) == 6


def test_other_people_do_not_see_add_to_a_wallet(client, cast, badge):
    client.force_login(cast.colleague)
    assert b"Add to a wallet" not in client.get(f"/badges/{badge.public_id}/").content
    assert client.get(f"/record/badges/{badge.public_id}/wallet/").status_code == 404


# --------------------------------------------------------------------------- token endpoint


def test_a_code_is_single_use(client, cast, badge):
    offer = _offer(client, cast.educator, badge)
    first = _token(client, _code(offer), offer["tx_code"])
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-store"
    assert first.json()["token_type"] == "Bearer" and first.json()["c_nonce"]

    again = _token(client, _code(offer), offer["tx_code"])

    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    url = unquote(
        parse_qs(urlsplit(offer["credential_offer_uri"]).query)["credential_offer_uri"][0]
    )
    assert client.get(urlsplit(url).path).status_code == 404


def test_an_expired_offer_is_refused(client, cast, badge):
    offer = _offer(client, cast.educator, badge)
    WalletOffer.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _token(client, _code(offer), offer["tx_code"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert "expired" in response.json()["error_description"]


def test_five_wrong_codes_lock_the_offer(client, cast, badge):
    offer = _offer(client, cast.educator, badge)
    wrong = f"{(int(offer['tx_code']) + 1) % 1000000:06d}"
    for _ in range(5):
        response = _token(client, _code(offer), wrong)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    response = _token(client, _code(offer), offer["tx_code"])  # the right one, too late

    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    stored = WalletOffer.objects.get()
    assert stored.status == WalletOffer.Status.LOCKED and stored.failed_tx_codes == 5
    actions = list(stored.events.values_list("action", flat=True))
    assert actions.count(WalletOfferEvent.Action.TX_CODE_WRONG) == 5
    assert WalletOfferEvent.Action.LOCKED in actions


def test_the_token_endpoint_answers_oauth_errors(client, cast, badge):
    offer = _offer(client, cast.educator, badge)
    assert _token(client, _code(offer), None).json()["error"] == "invalid_request"
    assert _token(client, "nonsense", "123456").json()["error"] == "invalid_grant"
    response = _form(client, {"grant_type": "password"})
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"
    assert client.get("/oid4vci/token").status_code == 405
    # The draft name of the transaction code works too.
    response = _form(
        client,
        {"grant_type": PRE_AUTH, "pre-authorized_code": _code(offer), "user_pin": offer["tx_code"]},
    )
    assert response.status_code == 200


# --------------------------------------------------------------------------- credential endpoint


@pytest.mark.parametrize("make_holder", [Holder.ed25519, Holder.p256])
def test_the_credential_is_bound_to_the_holder_and_carries_the_badges_status(
    client, badge, granted, make_holder
):
    holder = make_holder()
    jwt = holder.proof(aud=SITE, nonce=granted["c_nonce"])

    response = _credential(client, granted["access_token"], _request(jwt))

    assert response.status_code == 200, response.content
    [entry] = response.json()["credentials"]
    credential = entry["credential"]
    assert credential["credentialSubject"]["id"] == holder.did
    assert credential["id"].startswith("urn:uuid:")
    assert credential["credentialStatus"] == badge.credential_json["credentialStatus"]
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    offer = WalletOffer.objects.get()
    assert offer.status == WalletOffer.Status.CREDENTIAL_ISSUED
    assert offer.holder_did == holder.did and offer.issued_credential_id == credential["id"]
    # One credential per offer: the token is spent.
    again = _credential(
        client, granted["access_token"], _request(holder.proof(aud=SITE, nonce=granted["c_nonce"]))
    )
    assert again.status_code == 401 and again.json()["error"] == "invalid_token"


def test_the_draft_request_shape_is_accepted(client, granted):
    holder = Holder.ed25519()
    body = {
        "format": "ldp_vc",
        "credential_definition": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
        },
        "proof": {"proof_type": "jwt", "jwt": holder.proof(aud=SITE, nonce=granted["c_nonce"])},
    }
    response = _credential(client, granted["access_token"], body)
    assert response.status_code == 200, response.content
    assert response.json()["credential"]["credentialSubject"]["id"] == holder.did
    assert response.json()["c_nonce"]


def _refused(client, granted, jwt: str, error: str) -> None:
    response = _credential(client, granted["access_token"], _request(jwt))
    assert response.status_code == 400, response.content
    assert response.json()["error"] == error, response.json()
    assert response["Cache-Control"] == "no-store"
    assert WalletOffer.objects.get().status == WalletOffer.Status.TOKEN_ISSUED


def test_a_proof_with_a_nonce_we_did_not_give_is_refused(client, granted):
    holder = Holder.ed25519()
    _refused(client, granted, holder.proof(aud=SITE, nonce="made-up"), "invalid_nonce")
    _refused(client, granted, holder.proof(aud=SITE, nonce=None), "invalid_nonce")


def test_a_used_nonce_is_refused(client, cast, badge, granted):
    holder = Holder.ed25519()
    first = _credential(
        client, granted["access_token"], _request(holder.proof(aud=SITE, nonce=granted["c_nonce"]))
    )
    assert first.status_code == 200
    other = _offer(client, cast.educator, badge)
    token = _token(client, _code(other), other["tx_code"]).json()["access_token"]
    response = _credential(
        client, token, _request(holder.proof(aud=SITE, nonce=granted["c_nonce"]))
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_nonce"


def test_a_proof_for_another_audience_is_refused(client, granted):
    jwt = Holder.ed25519().proof(aud="https://issuer.example", nonce=granted["c_nonce"])
    _refused(client, granted, jwt, "invalid_proof")


def test_a_proof_with_a_bad_signature_is_refused(client, granted):
    holder, impostor = Holder.ed25519(), Holder.ed25519()
    impostor.did = holder.did  # signs with its own key under the holder's did:key
    _refused(client, granted, impostor.proof(aud=SITE, nonce=granted["c_nonce"]), "invalid_proof")


def test_a_proof_not_named_by_a_did_key_is_refused(client, granted):
    holder = Holder.ed25519()
    for header in (
        {"kid": "did:web:wallet.example#key-1"},
        {"kid": "https://wallet.example/key"},
        {"kid": None, "jwk": {"kty": "OKP"}},
        {"typ": "JWT"},
        {"alg": "none"},
        {"alg": "ES256"},  # an Ed25519 key
    ):
        _refused(
            client,
            granted,
            holder.proof(aud=SITE, nonce=granted["c_nonce"], header=header),
            "invalid_proof",
        )


def test_an_old_proof_is_refused(client, granted):
    jwt = Holder.ed25519().proof(aud=SITE, nonce=granted["c_nonce"], iat=1_600_000_000)
    _refused(client, granted, jwt, "invalid_proof")


_CONFIG = '{"credential_configuration_id": "OpenBadgeCredential_ldp_vc"'


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"credential_configuration_id": "Other"}',
        _CONFIG + "}",
        _CONFIG + ', "proofs": {"jwt": []}}',
        _CONFIG + ', "proofs": {"jwt": [1]}}',
        _CONFIG + ', "proofs": {"jwt": ["a.b.c"]}}',
        _CONFIG + ', "proofs": {"jwt": ["e30.e30.@@"]}}',
        _CONFIG + ', "proofs": {"ldp_vp": ["x"]}}',
        _CONFIG + ', "proof": {"proof_type": "cwt", "cwt": "x"}}',
        '{"format": "jwt_vc_json", "proof": {"proof_type": "jwt", "jwt": "x"}}',
        '{"format": "ldp_vc", "credential_definition": {"type": 3}}',
        '{"credential_identifier": "x"}',
        '{"a": ' * 2000 + "1" + "}" * 2000,
    ],
)
def test_hostile_credential_requests_get_oauth_errors(client, granted, body):
    response = client.post(
        "/oid4vci/credential",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {granted['access_token']}",
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"] in (
        "invalid_credential_request",
        "unknown_credential_configuration",
        "unsupported_credential_format",
        "unsupported_credential_type",
        "invalid_proof",
        "invalid_nonce",
    )


def test_no_or_a_wrong_bearer_token_is_401(client, granted):
    body = _request(Holder.ed25519().proof(aud=SITE, nonce=granted["c_nonce"]))
    for header in ({}, {"HTTP_AUTHORIZATION": "Bearer nope"}, {"HTTP_AUTHORIZATION": "Basic x"}):
        response = client.post(
            "/oid4vci/credential", json.dumps(body), content_type="application/json", **header
        )
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_token"
        assert response["WWW-Authenticate"].startswith("Bearer")
    # The token is checked first: a bad token with a bad body is still a 401.
    response = client.post(
        "/oid4vci/credential",
        "not json",
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer nope",
    )
    assert response.status_code == 401


def test_an_expired_access_token_is_401(client, granted):
    WalletOffer.objects.update(access_token_expires_at=timezone.now() - timedelta(seconds=1))
    body = _request(Holder.ed25519().proof(aud=SITE, nonce=granted["c_nonce"]))
    assert _credential(client, granted["access_token"], body).status_code == 401


def test_a_badge_revoked_after_the_offer_is_not_issued(client, cast, badge, granted):
    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Withdrawn")
    body = _request(Holder.ed25519().proof(aud=SITE, nonce=granted["c_nonce"]))
    response = _credential(client, granted["access_token"], body)
    assert response.status_code == 400 and response.json()["error"] == "credential_request_denied"


def test_the_nonce_endpoint_gives_fresh_nonces_that_proofs_can_use(client, granted):
    first = client.post("/oid4vci/nonce")
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    nonce = first.json()["c_nonce"]
    assert nonce != client.post("/oid4vci/nonce").json()["c_nonce"]
    body = _request(Holder.ed25519().proof(aud=SITE, nonce=nonce))
    assert _credential(client, granted["access_token"], body).status_code == 200


def test_an_expired_nonce_is_refused(client, granted, monkeypatch):
    monkeypatch.setattr(wallet_services, "NONCE_LIFETIME", timedelta(seconds=-1))
    body = _request(Holder.ed25519().proof(aud=SITE, nonce=granted["c_nonce"]))
    response = _credential(client, granted["access_token"], body)
    assert response.json()["error"] == "invalid_nonce"
