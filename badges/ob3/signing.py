"""Sign Open Badges 3.0 credentials with the W3C Data Integrity ``eddsa-rdfc-2022`` suite.

Follows "Data Integrity EdDSA Cryptosuites v1.0", section 3.3 (eddsa-rdfc-2022):
the unsecured document and the proof configuration are each canonicalized with
RDFC-1.0 (``rdfc.py``), hashed with SHA-256, and the signature is Ed25519 over
``sha256(proof config) || sha256(document)``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import shapes
from .keys import base58btc_encode

__all__ = [
    "CRYPTOSUITE",
    "PROOF_TYPE",
    "canonical_document",
    "canonical_proof_config",
    "canonicalize",
    "format_created",
    "hash_data",
    "sign_credential",
]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def canonicalize(document: Mapping[str, Any]) -> str:
    """Return the RDFC-1.0 canonical N-Quads of a JSON-LD document.

    Contexts are resolved only through the pinned offline loader. Raises
    :class:`~badges.ob3.loader.UnknownContextError` for an unpinned context URL,
    and :class:`~badges.ob3.rdfc.CanonicalizationError` for other invalid JSON-LD.
    A document of a shape already seen is filled into that shape's compiled RDF
    (``shapes.py``, ADR 0035): the same bytes as ``rdfc.canonicalize``.
    """
    return shapes.canonicalize(document)


def canonical_document(document: Mapping[str, Any]) -> str:
    """Canonical N-Quads of a credential with any ``proof`` removed (the signed data)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return canonicalize(unsecured)


def canonical_proof_config(proof: Mapping[str, Any], context: Any = None) -> str:
    """Canonical N-Quads of a proof configuration (the proof without ``proofValue``).

    ``context`` is the credential's ``@context``; the spec gives the proof
    configuration the document's context. If omitted, the proof's own
    ``@context`` is used and must be present.
    """
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    if config.get("type") != PROOF_TYPE or config.get("cryptosuite") != CRYPTOSUITE:
        raise ValueError(f"proof must be a {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}")
    if context is not None:
        config["@context"] = context
    if "@context" not in config:
        raise ValueError("proof configuration needs the credential's @context")
    return canonicalize(config)


def hash_data(canonical_proof: str, canonical_doc: str) -> bytes:
    """The eddsa-rdfc-2022 signing input: sha256(proof config) || sha256(document)."""
    proof_hash = hashlib.sha256(canonical_proof.encode("utf-8")).digest()
    doc_hash = hashlib.sha256(canonical_doc.encode("utf-8")).digest()
    return proof_hash + doc_hash


def format_created(created: datetime) -> str:
    """Format an aware datetime as an XML Schema dateTime in UTC, whole seconds.

    A naive datetime is refused: its instant is ambiguous, and ``created`` is a
    signed claim.
    """
    if created.tzinfo is None or created.utcoffset() is None:
        raise ValueError("created must be timezone-aware")
    return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _proof_options(
    verification_method: str, created: datetime, proof_purpose: str
) -> dict[str, Any]:
    return {
        "type": PROOF_TYPE,
        "created": format_created(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }


def sign_credential(
    credential: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """Return a copy of ``credential`` with an ``eddsa-rdfc-2022`` DataIntegrityProof.

    ``verification_method`` is the URL of the Multikey that verifies the proof
    (typically the issuer's id + ``#key-1`` or ``#z6Mk...``). The input is not
    modified. A credential that already has a ``proof`` is refused: proof sets
    and chains are not supported.
    """
    if "proof" in credential:
        raise ValueError("credential already has a proof")
    context = credential.get("@context")
    if not context:
        raise ValueError("credential has no @context")
    proof = _proof_options(verification_method, created, proof_purpose)
    data = hash_data(_canonical_proof_config_cached(proof, context), canonical_document(credential))
    signature = private_key.sign(data)
    # The proof is attached without its @context (as in the 1EdTech vector): it
    # inherits the credential's context, which is what the verifier re-applies.
    signed = _copy(dict(credential))
    signed["proof"] = {**proof, "proofValue": "z" + base58btc_encode(signature)}
    return signed


def _copy(value: Any) -> Any:
    """A deep copy of a JSON document: a third of ``copy.deepcopy``'s cost, which has to look
    for cycles and shared objects that JSON cannot hold."""
    if type(value) is dict:
        return {key: _copy(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy(item) for item in value]
    if type(value) in (str, int, float, bool) or value is None:
        return value
    return copy.deepcopy(value)


# The proof configuration of every credential an issuer signs is the same but for `created`:
# one node, no ids of its own, so its canonical N-Quads are a fixed text with the date in one
# place. It is canonicalized once per (context, key, purpose) and reused (issue 26: contexts
# processed once, not per credential).
_CREATED_SAMPLES = ("2000-01-01T00:00:00Z", "2099-12-31T23:59:59Z")
_DATETIME_LITERAL = '"{}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'


def _canonical_proof_config_cached(proof: Mapping[str, Any], context: Any) -> str:
    """canonical_proof_config(proof, context), from a template when one applies."""
    options = {key: value for key, value in proof.items() if key not in ("created", "proofValue")}
    if set(options) != {"type", "verificationMethod", "cryptosuite", "proofPurpose"}:
        return canonical_proof_config(proof, context)
    template = _proof_config_template(_frozen(context), _frozen(options))
    if template is None:
        return canonical_proof_config(proof, context)
    before, after = template
    return before + _DATETIME_LITERAL.format(proof["created"]) + after


def _frozen(value: Any) -> Any:
    """A hashable key of a JSON value: as is for a list of strings or a dict of strings (a
    context, proof options), else its JSON text."""
    if type(value) is list and all(type(item) is str for item in value):
        return ("list", *value)
    if type(value) is dict and all(type(item) is str for item in value.values()):
        return ("dict", *sorted(value.items()))
    return ("json", json.dumps(value, sort_keys=True))


def _thawed(key: Any) -> Any:
    if key[0] == "list":
        return list(key[1:])
    if key[0] == "dict":
        return dict(key[1:])
    return json.loads(key[1])


@lru_cache(maxsize=64)
def _proof_config_template(context_key: Any, options_key: Any) -> tuple[str, str] | None:
    """(text before, text after) the created literal, or None when the canonical form does not
    keep the date in one place (then each proof is canonicalized in full). The template is
    checked: filled with a second date, it must equal that date's full canonicalization."""
    context, options = _thawed(context_key), _thawed(options_key)
    first, second = (
        canonical_proof_config({**options, "created": created}, context)
        for created in _CREATED_SAMPLES
    )
    literal = _DATETIME_LITERAL.format(_CREATED_SAMPLES[0])
    if first.count(literal) != 1:
        return None
    before, after = first.split(literal)
    if before + _DATETIME_LITERAL.format(_CREATED_SAMPLES[1]) + after != second:
        return None
    return before, after
