"""Adding a badge to a wallet: the offer, the token, the nonce and the credential (OpenID for
Verifiable Credential Issuance 1.0, pre-authorized code flow; ADR 0025).

An offer moves OFFERED -> TOKEN_ISSUED -> CREDENTIAL_ISSUED, or OFFERED -> LOCKED after five
wrong transaction codes; each move locks the row, checks the table in `WalletOffer.TRANSITIONS`
and writes a `WalletOfferEvent`. Secrets are handed out once, in the return value of the
service that makes them, and stored only as hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from badges.documents import ob3_credential
from badges.keys import signing_key_for
from badges.models import Badge
from badges.ob3.signing import sign_credential
from badges.selectors import badges_with_documents

from . import oid4vci
from .models import UsedNonce, WalletOffer, WalletOfferEvent
from .proofs import NonceError, ProofError, check_proof_jwt

OFFER_LIFETIME = timedelta(minutes=10)
ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
NONCE_LIFETIME = timedelta(minutes=5)
MAX_TX_CODE_FAILURES = 5
_NONCE_SALT = "wallets.c_nonce"


class WalletOfferError(Exception):
    """The badge cannot be offered to a wallet (revoked, expired, not signed yet)."""


class OAuthError(Exception):
    """An OAuth / OpenID4VCI error answer: `error` code, a description, the HTTP status."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _tx_code_hash(pre_authorized_code: str, tx_code: str) -> str:
    # Six digits hashed alone are found by trying a million; with the 256-bit code (never
    # stored) they are not.
    return _hash(f"{pre_authorized_code}:{tx_code}")


def pre_authorized_code_for(offer_token: str) -> str:
    """The offer's pre-authorized code, derived from the token in the offer's URL: whoever
    holds that URL reads the code in the offer anyway, and neither is stored."""
    return _hash(f"pre-authorized-code:{offer_token}")


def _move(offer: WalletOffer, to: str, action: str, note: str = "") -> None:
    """Record a status move allowed by the table (the caller holds the row lock)."""
    if to not in WalletOffer.TRANSITIONS[offer.status]:
        raise OAuthError("invalid_grant", f"The offer is {offer.get_status_display().lower()}.")
    WalletOfferEvent.objects.create(
        offer=offer, action=action, from_status=offer.status, to_status=to, note=note
    )
    offer.status = to


# --------------------------------------------------------------------------- the offer


@dataclass(frozen=True)
class CreatedOffer:
    """A new offer and its secrets, shown once: the offer URL's token and the tx code."""

    offer: WalletOffer
    offer_token: str
    tx_code: str

    @property
    def pre_authorized_code(self) -> str:
        return pre_authorized_code_for(self.offer_token)

    @property
    def credential_offer(self) -> dict[str, Any]:
        return oid4vci.credential_offer(self.pre_authorized_code)

    @property
    def credential_offer_url(self) -> str:
        """The https URL a wallet fetches the offer JSON from."""
        return oid4vci.endpoint("wallets:credential_offer", self.offer_token)

    @property
    def credential_offer_uri(self) -> str:
        """The `openid-credential-offer://` link (and the QR code's content)."""
        return "openid-credential-offer://?credential_offer_uri=" + quote(
            self.credential_offer_url, safe=""
        )


def badge_offerable(badge: Badge, now: datetime | None = None) -> None:
    """Raise WalletOfferError unless the badge may go to a wallet now."""
    if badge.is_revoked:
        raise WalletOfferError("This badge was revoked: it cannot be added to a wallet.")
    if badge.is_expired(now):
        raise WalletOfferError("This badge has expired: renew it to add it to a wallet.")
    if not badge.credential_json or badge.status_list_id is None:
        raise WalletOfferError("This badge is still being signed; try again in a minute.")


@transaction.atomic
def wallet_offer_create(*, badge: Badge, by: User) -> CreatedOffer:
    """Offer the badge to its owner's wallet: single use, for ten minutes, with a 6-digit
    transaction code shown to the owner and never put in the offer."""
    now = timezone.now()
    badge_offerable(badge, now)
    offer_token = secrets.token_urlsafe(32)
    tx_code = f"{secrets.randbelow(10**oid4vci.TX_CODE_LENGTH):0{oid4vci.TX_CODE_LENGTH}d}"
    code = pre_authorized_code_for(offer_token)
    offer = WalletOffer.objects.create(
        badge=badge,
        created_by=by,
        offer_token_hash=_hash(offer_token),
        pre_authorized_code_hash=_hash(code),
        tx_code_hash=_tx_code_hash(code, tx_code),
        expires_at=now + OFFER_LIFETIME,
        created_at=now,
    )
    WalletOfferEvent.objects.create(
        offer=offer, action=WalletOfferEvent.Action.CREATED, to_status=offer.status
    )
    return CreatedOffer(offer=offer, offer_token=offer_token, tx_code=tx_code)


def offer_for_token(offer_token: str) -> dict[str, Any] | None:
    """The offer JSON behind an offer URL while it can still be redeemed, else None."""
    offer = WalletOffer.objects.filter(offer_token_hash=_hash(offer_token)).first()
    if offer is None or offer.status != WalletOffer.Status.OFFERED or offer.is_expired():
        return None
    return oid4vci.credential_offer(pre_authorized_code_for(offer_token))


# --------------------------------------------------------------------------- token and nonce


@dataclass(frozen=True)
class AccessGrant:
    access_token: str
    expires_in: int
    c_nonce: str
    c_nonce_expires_in: int


def nonce_issue() -> tuple[str, int]:
    """A fresh c_nonce and its life in seconds. Signed and timed: nothing is stored until a
    proof uses it."""
    nonce = signing.TimestampSigner(salt=_NONCE_SALT).sign(secrets.token_urlsafe(16))
    return nonce, int(NONCE_LIFETIME.total_seconds())


def _nonce_consume(nonce: str, now: datetime) -> None:
    """Accept a nonce we signed, young enough and never used before; else NonceError."""
    try:
        signing.TimestampSigner(salt=_NONCE_SALT).unsign(nonce, max_age=NONCE_LIFETIME)
    except signing.SignatureExpired as error:
        raise NonceError("The nonce has expired: ask the nonce endpoint for a new one.") from error
    except signing.BadSignature as error:
        raise NonceError("The nonce was not issued by this credential issuer.") from error
    # Used nonces past their life can never be accepted again: forget them.
    UsedNonce.objects.filter(used_at__lt=now - NONCE_LIFETIME * 2).delete()
    try:
        with transaction.atomic():
            UsedNonce.objects.create(nonce_hash=_hash(nonce), used_at=now)
    except IntegrityError as error:
        raise NonceError("The nonce was already used: ask for a new one.") from error


def wallet_token_issue(*, pre_authorized_code: str, tx_code: str | None) -> AccessGrant:
    """Redeem a pre-authorized code and its transaction code for an access token (once).

    A wrong transaction code counts, and the fifth locks the offer; the count is committed
    even though the call answers with an error."""
    now = timezone.now()
    with transaction.atomic():
        offer = (
            WalletOffer.objects.select_for_update()
            .filter(pre_authorized_code_hash=_hash(pre_authorized_code))
            .first()
        )
        if offer is None:
            raise OAuthError("invalid_grant", "The pre-authorized code is not valid.")
        if offer.status != WalletOffer.Status.OFFERED:
            raise OAuthError("invalid_grant", "The pre-authorized code was already used.")
        if offer.is_expired(now):
            raise OAuthError("invalid_grant", "The pre-authorized code has expired.")
        if not tx_code:
            raise OAuthError("invalid_request", "The transaction code (tx_code) is required.")
        expected = offer.tx_code_hash
        if not hmac.compare_digest(expected, _tx_code_hash(pre_authorized_code, tx_code)):
            failure = _tx_code_failed(offer)
        else:
            failure = None
            access_token = secrets.token_urlsafe(32)
            _move(offer, WalletOffer.Status.TOKEN_ISSUED, WalletOfferEvent.Action.TOKEN_ISSUED)
            offer.access_token_hash = _hash(access_token)
            offer.access_token_expires_at = now + ACCESS_TOKEN_LIFETIME
            offer.save()
    if failure is not None:  # raised after the commit, so the count stays
        raise failure
    nonce, nonce_life = nonce_issue()
    return AccessGrant(
        access_token=access_token,
        expires_in=int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        c_nonce=nonce,
        c_nonce_expires_in=nonce_life,
    )


def _tx_code_failed(offer: WalletOffer) -> OAuthError:
    offer.failed_tx_codes += 1
    left = MAX_TX_CODE_FAILURES - offer.failed_tx_codes
    WalletOfferEvent.objects.create(
        offer=offer,
        action=WalletOfferEvent.Action.TX_CODE_WRONG,
        from_status=offer.status,
        to_status=offer.status,
    )
    if left <= 0:
        _move(offer, WalletOffer.Status.LOCKED, WalletOfferEvent.Action.LOCKED)
    offer.save()
    if left <= 0:
        return OAuthError("invalid_grant", "Too many wrong codes: the offer is locked.")
    return OAuthError("invalid_grant", f"The transaction code is wrong ({left} tries left).")


# --------------------------------------------------------------------------- the credential


@dataclass(frozen=True)
class CredentialRequest:
    """A credential request read from either shape: OpenID4VCI 1.0
    (`credential_configuration_id` + `proofs.jwt`) or a draft (`format` +
    `credential_definition` + `proof`)."""

    proof_jwt: str
    draft: bool


def credential_request_from(body: object) -> CredentialRequest:
    """Read a credential request for our one configuration, in the 1.0 or a draft shape."""
    if not isinstance(body, dict):
        raise OAuthError("invalid_credential_request", "The request must be a JSON object.")
    if "credential_identifier" in body:
        raise OAuthError(
            "invalid_credential_request", "This issuer gives no credential identifiers."
        )
    configuration = body.get("credential_configuration_id")
    draft = configuration is None and "format" in body
    if draft:
        _check_draft_definition(body)
    elif configuration != oid4vci.CONFIGURATION_ID:
        raise OAuthError(
            "unknown_credential_configuration",
            f"The credential_configuration_id must be {oid4vci.CONFIGURATION_ID}.",
        )
    return CredentialRequest(proof_jwt=_one_proof_jwt(body), draft=draft)


def _check_draft_definition(body: dict[str, Any]) -> None:
    if body.get("format") != oid4vci.CREDENTIAL_FORMAT:
        raise OAuthError("unsupported_credential_format", "Only ldp_vc is issued here.")
    definition = body.get("credential_definition")
    types = (
        definition.get("type", definition.get("types")) if isinstance(definition, dict) else None
    )
    if not isinstance(types, list) or "OpenBadgeCredential" not in types:
        raise OAuthError(
            "unsupported_credential_type", "Only the OpenBadgeCredential is issued here."
        )


def _one_proof_jwt(body: dict[str, Any]) -> str:
    """The one JWT proof (one credential per offer), from `proofs` (1.0) or `proof` (drafts)."""
    proofs, proof = body.get("proofs"), body.get("proof")
    if proofs is not None and proof is not None:
        raise OAuthError("invalid_credential_request", "Send either proofs or proof, not both.")
    if isinstance(proofs, dict):
        jwts = proofs.get("jwt")
        if set(proofs) != {"jwt"} or not isinstance(jwts, list):
            raise OAuthError("invalid_proof", "Only jwt proofs are accepted.")
        if len(jwts) != 1:
            raise OAuthError("invalid_proof", "One offer issues one credential: send one proof.")
        jwt = jwts[0]
    elif isinstance(proof, dict):
        if proof.get("proof_type") != "jwt":
            raise OAuthError("invalid_proof", "Only jwt proofs are accepted.")
        jwt = proof.get("jwt")
    else:
        raise OAuthError("invalid_proof", "The request has no proof of possession.")
    if not isinstance(jwt, str):
        raise OAuthError("invalid_proof", "The proof must be a compact JWT.")
    return jwt


def _offer_for_access_token(access_token: str, now: datetime) -> WalletOffer:
    offer = (
        WalletOffer.objects.select_for_update()
        .filter(access_token_hash=_hash(access_token))
        .first()
    )
    if (
        offer is None
        or offer.status != WalletOffer.Status.TOKEN_ISSUED
        or offer.access_token_expires_at is None
        or offer.access_token_expires_at <= now
    ):
        raise OAuthError("invalid_token", "The access token is not valid or has expired.", 401)
    return offer


def holder_credential(badge: Badge, holder_did: str, now: datetime) -> dict[str, Any]:
    """The badge's OB 3.0 credential bound to the holder, with a fresh id and the badge's own
    status entry (revoking the badge revokes this copy), signed by the badge's issuer."""
    document = ob3_credential(badge)
    document["id"] = f"urn:uuid:{uuid.uuid4()}"
    document["credentialSubject"] = {"id": holder_did, **document["credentialSubject"]}
    key = signing_key_for(issuer=badge.issuer)
    return sign_credential(
        document,
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=now,
    )


def wallet_credential_issue(*, access_token: str, body: object) -> tuple[dict[str, Any], bool]:
    """Check the access token, the request (`body`, parsed JSON) and the holder's proof of
    possession, and issue the badge bound to the holder's DID, once per offer. Returns the
    credential and whether the request came in a draft's shape. Raises OAuthError with the
    spec's codes (the token is checked first: a bad token is a 401 whatever the body)."""
    now = timezone.now()
    with transaction.atomic():
        offer = _offer_for_access_token(access_token, now)
        request = credential_request_from(body)
        try:
            proof = check_proof_jwt(
                request.proof_jwt, audience=oid4vci.credential_issuer(), now=now
            )
            _nonce_consume(proof.nonce, now)
        except NonceError as error:
            raise OAuthError("invalid_nonce", str(error)) from error
        except ProofError as error:
            raise OAuthError("invalid_proof", str(error)) from error
        badge = badges_with_documents().get(pk=offer.badge_id)
        try:
            badge_offerable(badge, now)
        except WalletOfferError as error:
            raise OAuthError("credential_request_denied", str(error)) from error
        credential = holder_credential(badge, proof.holder_did, now)
        _move(
            offer, WalletOffer.Status.CREDENTIAL_ISSUED, WalletOfferEvent.Action.CREDENTIAL_ISSUED
        )
        offer.holder_did = proof.holder_did
        offer.issued_credential_id = credential["id"]
        offer.save()
    return credential, request.draft
