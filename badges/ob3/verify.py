"""Independent verifier for ``eddsa-rdfc-2022`` Data Integrity proofs on OB 3.0 credentials.

Deliberately shares no code with ``signing.py`` or ``keys.py``: base58 decoding,
Multikey parsing, proof-configuration building and hashing are re-implemented
here, and the Ed25519 check uses PyNaCl (libsodium) rather than ``cryptography``
(OpenSSL). A bug on the signing side therefore cannot be mirrored here and still
pass. Only the pinned JSON-LD contexts (``loader.py``) and the canonicalization (``rdfc.py``,
checked against Digital Bazaar's jsonld.js in the tests) are shared.

Follows "Data Integrity EdDSA Cryptosuites v1.0", 3.3.2 Verify Proof
(eddsa-rdfc-2022). Only the proof is checked: validity dates, revocation status
and whether the key belongs to the issuer are the caller's business (the last
one through ``resolve_key``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from .loader import unknown_context_in
from .rdfc import canonicalize

__all__ = ["VerificationResult", "public_key_from_multikey", "verify_credential"]

_PROOF_TYPE = "DataIntegrityProof"
_CRYPTOSUITE = "eddsa-rdfc-2022"
_ED25519_PUB_MULTICODEC = bytes([0xED, 0x01])
_PUBLIC_KEY_LEN = 32
_SIGNATURE_LEN = 64
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# XML Schema 1.1 dateTime lexical form (the range checks are done by datetime).
_XSD_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass
class VerificationResult:
    """Outcome of a verification: ``verified`` is True only if ``errors`` is empty."""

    verified: bool
    errors: list[str] = field(default_factory=list)


class _ProofError(Exception):
    """Internal: a reason the proof does not verify, turned into an error string."""


def _base58_decode(text: str) -> bytes:
    # Written independently of keys.base58btc_decode on purpose (see module doc).
    value = 0
    for char in text:
        digit = _BASE58_ALPHABET.find(char)
        if digit < 0:
            raise _ProofError(f"invalid base58btc character {char!r}")
        value = value * 58 + digit
    leading_ones = len(text) - len(text.lstrip("1"))
    length = (value.bit_length() + 7) // 8
    return bytes(leading_ones) + value.to_bytes(length, "big")


# Base58 decoding costs the square of the length; a signature (64 bytes) or a multicodec key
# (34 bytes) is under 90 characters, so anything longer is refused before it is decoded.
_MAX_BASE58_CHARS = 100


def _multibase_base58_decode(value: Any, what: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise _ProofError(f"{what} is not a base58btc multibase string ('z' prefix)")
    if len(value) > _MAX_BASE58_CHARS:
        raise _ProofError(f"{what} is far longer than a key or a signature")
    return _base58_decode(value[1:])


def public_key_from_multikey(public_key_multibase: str) -> bytes:
    """Decode a Multikey ``publicKeyMultibase`` (``z6Mk...``) to 32 raw Ed25519 key bytes.

    Raises ``ValueError`` if it is not a multibase Ed25519 public key.
    """
    try:
        raw = _multibase_base58_decode(public_key_multibase, "publicKeyMultibase")
    except _ProofError as exc:
        raise ValueError(str(exc)) from exc
    if raw[:2] != _ED25519_PUB_MULTICODEC or len(raw) != 2 + _PUBLIC_KEY_LEN:
        raise ValueError("publicKeyMultibase is not an ed25519-pub multicodec key")
    return raw[2:]


def _single_proof(signed: Mapping[str, Any]) -> dict[str, Any]:
    # Proof sets are not supported: a list is only accepted when it holds one proof.
    proof = signed.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise _ProofError("credential must carry exactly one proof object")
    return proof


def _is_xsd_datetime(value: Any) -> bool:
    if not isinstance(value, str) or not _XSD_DATETIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _option_errors(proof: Mapping[str, Any], expected_purpose: str) -> list[str]:
    """Every reason the proof options are not an eddsa-rdfc-2022 proof we accept."""
    errors = []
    if proof.get("type") != _PROOF_TYPE:
        errors.append(f"proof type is {proof.get('type')!r}, expected {_PROOF_TYPE!r}")
    if proof.get("cryptosuite") != _CRYPTOSUITE:
        errors.append(f"cryptosuite is {proof.get('cryptosuite')!r}, expected {_CRYPTOSUITE!r}")
    if proof.get("proofPurpose") != expected_purpose:
        errors.append(
            f"proofPurpose is {proof.get('proofPurpose')!r}, expected {expected_purpose!r}"
        )
    if not isinstance(proof.get("verificationMethod"), str):
        errors.append("proof has no verificationMethod URL")
    if "created" in proof and not _is_xsd_datetime(proof["created"]):
        errors.append(f"proof created {proof['created']!r} is not an XML Schema dateTime")
    return errors


def _signature(proof: Mapping[str, Any]) -> bytes:
    signature = _multibase_base58_decode(proof.get("proofValue"), "proofValue")
    if len(signature) != _SIGNATURE_LEN:
        raise _ProofError(f"proofValue decodes to {len(signature)} bytes, expected 64")
    return signature


def _context_list(context: Any) -> list[Any]:
    return context if isinstance(context, list) else [context]


def _unsecured_document(
    signed: Mapping[str, Any], proof_options: Mapping[str, Any]
) -> dict[str, Any]:
    """The document without its proof, under the context the proof was made with."""
    unsecured = {key: value for key, value in signed.items() if key != "proof"}
    if "@context" in proof_options:
        # A proof may state its own @context; it must be a prefix of the document's.
        proof_ctx = _context_list(proof_options["@context"])
        doc_ctx = _context_list(signed.get("@context"))
        if doc_ctx[: len(proof_ctx)] != proof_ctx:
            raise _ProofError("document @context does not start with the proof's @context")
        unsecured["@context"] = proof_options["@context"]
    if "@context" not in unsecured:
        raise _ProofError("document has no @context")
    return unsecured


def _canonicalize_failure(exc: Exception) -> str:
    # str() of a pyld JsonLdError embeds whole tracebacks: keep only the message.
    unknown = unknown_context_in(exc)
    if unknown is not None:
        return f"cannot canonicalize: {unknown}"
    message = exc.args[0] if exc.args else type(exc).__name__
    return f"cannot canonicalize: {message}"


def _rdfc(document: Mapping[str, Any]) -> bytes:
    try:
        nquads = canonicalize(document)
    except Exception as exc:  # pyld raises many types; any of them is a failed proof
        raise _ProofError(_canonicalize_failure(exc)) from exc
    return nquads.encode("utf-8")


def _hash_data(unsecured: Mapping[str, Any], proof_options: Mapping[str, Any]) -> bytes:
    # Proof configuration: the proof options under the document's @context.
    config = dict(proof_options)
    config["@context"] = unsecured["@context"]
    return sha256(_rdfc(config)).digest() + sha256(_rdfc(unsecured)).digest()


def _public_key(resolve_key: Callable[[str], bytes], verification_method: str) -> bytes:
    try:
        key = resolve_key(verification_method)
    except Exception as exc:  # a resolver failure is a failed verification, not a crash
        raise _ProofError(f"cannot resolve {verification_method!r}: {exc}") from exc
    if not isinstance(key, bytes) or len(key) != _PUBLIC_KEY_LEN:
        raise _ProofError("resolved key is not 32 raw Ed25519 public key bytes")
    return key


def _check_signature(public_key: bytes, data: bytes, signature: bytes) -> None:
    try:
        VerifyKey(public_key).verify(data, signature)
    except BadSignatureError as exc:
        raise _ProofError("signature does not match the credential") from exc


def _verify(
    signed: Mapping[str, Any],
    resolve_key: Callable[[str], bytes],
    expected_purpose: str,
) -> list[str]:
    proof = _single_proof(signed)
    errors = _option_errors(proof, expected_purpose)
    if errors:
        return errors
    signature = _signature(proof)
    proof_options = {key: value for key, value in proof.items() if key != "proofValue"}
    unsecured = _unsecured_document(signed, proof_options)
    public_key = _public_key(resolve_key, proof["verificationMethod"])
    _check_signature(public_key, _hash_data(unsecured, proof_options), signature)
    return []


def verify_credential(
    signed: Mapping[str, Any],
    *,
    resolve_key: Callable[[str], bytes],
    expected_proof_purpose: str = "assertionMethod",
) -> VerificationResult:
    """Verify the ``eddsa-rdfc-2022`` proof of a signed credential.

    ``resolve_key`` maps the proof's ``verificationMethod`` URL to the 32 raw
    Ed25519 public key bytes (see :func:`public_key_from_multikey`). It is where
    trust is decided: it must only return a key the issuer controls, and may
    raise to reject a method. A bad or tampered proof never raises; the reasons
    are returned in ``errors``.
    """
    if not isinstance(signed, Mapping):
        return VerificationResult(False, ["credential is not a JSON object"])
    try:
        errors = _verify(signed, resolve_key, expected_proof_purpose)
    except _ProofError as exc:
        errors = [str(exc)]
    return VerificationResult(verified=not errors, errors=errors)
