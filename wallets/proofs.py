"""The holder's proof of possession (OpenID4VCI 1.0, appendix F.1): a JWT of type
`openid4vci-proof+jwt`, signed by a key named by a `did:key` (Ed25519 or P-256), for our
credential issuer and with a c_nonce we gave.

Everything here reads hostile input: any malformed part is a `ProofError`, never an exception
of another kind.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from badges.ob3.keys import base58btc_decode

PROOF_JWT_TYPE = "openid4vci-proof+jwt"
ALGORITHMS = ("EdDSA", "ES256")
# Multicodec prefixes (unsigned varints) of the public keys a did:key may carry.
ED25519_PUB = b"\xed\x01"
P256_PUB = b"\x80\x24"  # 0x1200, a compressed point follows
MAX_JWT_LENGTH = 8192
# A proof signed up to five minutes ago (wallets date theirs a minute back) or a minute ahead.
MAX_AGE_SECONDS = 300
MAX_SKEW_SECONDS = 60


class ProofError(Exception):
    """The proof does not prove possession (OAuth error `invalid_proof`)."""


class NonceError(Exception):
    """The proof's nonce is not one we gave, is too old or was used (`invalid_nonce`)."""


@dataclass(frozen=True)
class HolderProof:
    """What a checked proof says: the holder's DID, and the nonce it was made for."""

    holder_did: str
    nonce: str


@dataclass(frozen=True)
class DidKey:
    did: str
    algorithm: str  # the JWT alg this key signs with
    key: Ed25519PublicKey | ec.EllipticCurvePublicKey


def _b64url_decode(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError) as error:
        raise ProofError("The proof is not a JWT (bad base64url).") from error


def _json_object(part: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64url_decode(part))
    except (UnicodeDecodeError, ValueError) as error:
        raise ProofError(f"The proof's {what} is not JSON.") from error
    if not isinstance(value, dict):
        raise ProofError(f"The proof's {what} is not a JSON object.")
    return value


def resolve_did_key(kid: str) -> DidKey:
    """The public key a `did:key` carries (the kid may name it again after '#')."""
    did, _, fragment = kid.partition("#")
    if not did.startswith("did:key:z") or len(did) > 200:
        raise ProofError("The proof's kid must be a did:key.")
    multibase = did.removeprefix("did:key:")
    if fragment and fragment != multibase:
        raise ProofError("The kid's fragment does not name the did:key's own key.")
    try:
        data = base58btc_decode(multibase[1:])
    except ValueError as error:
        raise ProofError("The did:key is not base58btc.") from error
    if data.startswith(ED25519_PUB) and len(data) == 34:
        return DidKey(did, "EdDSA", Ed25519PublicKey.from_public_bytes(data[2:]))
    if data.startswith(P256_PUB) and len(data) == 35:
        try:
            point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data[2:])
        except ValueError as error:
            raise ProofError("The did:key's P-256 point is not on the curve.") from error
        return DidKey(did, "ES256", point)
    raise ProofError("The did:key must carry an Ed25519 or a P-256 key.")


def _check_signature(holder: DidKey, signing_input: bytes, signature: bytes) -> None:
    try:
        if isinstance(holder.key, Ed25519PublicKey):
            holder.key.verify(signature, signing_input)
            return
        if len(signature) != 64:  # JWS ES256: r || s, 32 bytes each
            raise InvalidSignature
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        holder.key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise ProofError("The proof's signature does not verify with the did:key.") from error


def _check_claims(payload: dict[str, Any], *, audience: str, now: datetime) -> str:
    aud = payload.get("aud")
    if not (aud == audience or (isinstance(aud, list) and audience in aud)):
        raise ProofError("The proof's aud must be this credential issuer.")
    iat = payload.get("iat")
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise ProofError("The proof has no iat.")
    moment = now.timestamp()
    if not moment - MAX_AGE_SECONDS <= iat <= moment + MAX_SKEW_SECONDS:
        raise ProofError("The proof's iat is not recent.")
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise NonceError("The proof has no nonce: ask the nonce endpoint for one.")
    return nonce


def check_proof_jwt(jwt: object, *, audience: str, now: datetime) -> HolderProof:
    """Check the proof's form, key, signature, audience and age; return the holder's DID and
    the nonce (the caller checks the nonce is ours and unused)."""
    if not isinstance(jwt, str) or len(jwt) > MAX_JWT_LENGTH or jwt.count(".") != 2:
        raise ProofError("The proof must be a compact JWT.")
    header_part, payload_part, signature_part = jwt.split(".")
    header = _json_object(header_part, "header")
    payload = _json_object(payload_part, "payload")
    if header.get("typ") != PROOF_JWT_TYPE:
        raise ProofError(f"The proof's typ must be {PROOF_JWT_TYPE}.")
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in ALGORITHMS:
        raise ProofError("The proof's alg must be EdDSA or ES256.")
    if not isinstance(kid, str) or "jwk" in header or "x5c" in header:
        raise ProofError("The proof must name its key with a did:key kid (and nothing else).")
    holder = resolve_did_key(kid)
    if holder.algorithm != alg:
        raise ProofError("The proof's alg does not match the did:key's key type.")
    signing_input = f"{header_part}.{payload_part}".encode("ascii", errors="replace")
    _check_signature(holder, signing_input, _b64url_decode(signature_part))
    nonce = _check_claims(payload, audience=audience, now=now)
    return HolderProof(holder_did=holder.did, nonce=nonce)
