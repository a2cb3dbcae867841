"""Tests for badges.ob3: eddsa-rdfc-2022 signing/verification and Bitstring Status List.

Pure library tests: no database, no Django, no network.
"""

from __future__ import annotations

import ast
import copy
import json
import socket
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from badges.ob3 import keys, loader, signing, status_list, verify

DATA = Path(__file__).resolve().parent / "data"
CREATED = datetime(2025, 3, 1, 12, 30, 45, tzinfo=UTC)
ISSUER_ID = "https://badges.example.org/issuers/7"


def _vector() -> dict[str, Any]:
    return json.loads((DATA / "tv-signed-credential.json").read_text(encoding="utf-8"))


def _fragment_resolver(verification_method: str) -> bytes:
    # Test-only: trusts the key written in the URL fragment, as the vector intends.
    return verify.public_key_from_multikey(verification_method.rsplit("#", 1)[1])


def _resolver_for(public_key_multibase: str, vm: str) -> Any:
    def resolve(url: str) -> bytes:
        if url != vm:
            raise LookupError(f"unknown verification method {url}")
        return verify.public_key_from_multikey(public_key_multibase)

    return resolve


def _badge() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "https://badges.example.org/credentials/2c5e0f9a-8d4b-4b6e-9f0a-3c2d1e0f9a8b",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Formative Assessment Practitioner",
        "issuer": {
            "id": ISSUER_ID,
            "type": ["Profile"],
            "name": "Riverside Teacher Academy",
        },
        "validFrom": "2025-03-01T00:00:00Z",
        "validUntil": "2028-03-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$"
                    "c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "not-a-secret",
                }
            ],
            "achievement": {
                "id": "https://badges.example.org/achievements/formative-assessment",
                "type": ["Achievement"],
                "name": "Formative Assessment Practitioner",
                "description": "Designs and uses formative assessment to adapt teaching.",
                "criteria": {
                    "id": "https://badges.example.org/achievements/formative-assessment#criteria",
                    "narrative": "Submitted three annotated lesson plans and a reflection "
                    "reviewed by two assessors.",
                },
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "Teachers' Standard 6: Make accurate and productive "
                        "use of assessment",
                        "targetUrl": "https://www.gov.uk/government/publications/teachers-standards",
                    }
                ],
            },
        },
        "credentialStatus": {
            "id": "https://badges.example.org/status/1#7",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "7",
            "statusListCredential": "https://badges.example.org/status/1",
        },
    }


@pytest.fixture(scope="module")
def issuer_key() -> Any:
    return keys.generate_private_key()


@pytest.fixture(scope="module")
def signed_badge(issuer_key: Any) -> tuple[dict[str, Any], Any]:
    pub = keys.public_key_to_multibase(issuer_key.public_key())
    vm = f"{ISSUER_ID}#{pub}"
    signed = signing.sign_credential(
        _badge(), private_key=issuer_key, verification_method=vm, created=CREATED
    )
    return signed, _resolver_for(pub, vm)


# 1. The 1EdTech test vector


def test_vector_document_canonical_form_matches() -> None:
    expected = (DATA / "tv-document-canon.txt").read_text(encoding="utf-8")
    doc = _vector()
    del doc["proof"]
    assert signing.canonical_document(doc) == expected


def test_vector_proof_config_canonical_form_matches() -> None:
    expected = (DATA / "tv-proof-canon.txt").read_text(encoding="utf-8")
    vector = _vector()
    assert signing.canonical_proof_config(vector["proof"], vector["@context"]) == expected


def test_vector_verifies_with_independent_verifier() -> None:
    result = verify.verify_credential(_vector(), resolve_key=_fragment_resolver)
    assert result.errors == []
    assert result.verified is True


def test_vector_tampered_does_not_verify() -> None:
    vector = _vector()
    vector["credentialSubject"]["achievement"]["name"] = "Leadership"
    result = verify.verify_credential(vector, resolve_key=_fragment_resolver)
    assert result.verified is False
    assert result.errors


def test_resigning_vector_with_its_config_reproduces_canonical_inputs() -> None:
    # The signer's hash input for the vector is exactly sha256(proof) || sha256(doc).
    vector = _vector()
    data = signing.hash_data(
        (DATA / "tv-proof-canon.txt").read_text(encoding="utf-8"),
        (DATA / "tv-document-canon.txt").read_text(encoding="utf-8"),
    )
    assert len(data) == 64
    assert data == signing.hash_data(
        signing.canonical_proof_config(vector["proof"], vector["@context"]),
        signing.canonical_document(vector),
    )


def test_verifier_is_independent_of_signing_code() -> None:
    # The verifier must not share the signer's base58, key or signature code.
    tree = ast.parse(Path(verify.__file__).read_text(encoding="utf-8"))
    local, external = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            local.add(node.module or "")
            local.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            external.add(node.module or "")
        elif isinstance(node, ast.Import):
            external.update(alias.name for alias in node.names)
    assert local <= {"loader", "unknown_context_in", "rdfc", "canonicalize"}
    assert not any(name.startswith(("cryptography", "badges")) for name in external)
    assert "nacl.signing" in external


# 2. Round trip


def test_round_trip_sign_then_verify(signed_badge: tuple[dict[str, Any], Any]) -> None:
    signed, resolver = signed_badge
    result = verify.verify_credential(signed, resolve_key=resolver)
    assert result.errors == []
    assert result.verified is True


def test_signed_proof_shape(signed_badge: tuple[dict[str, Any], Any]) -> None:
    signed, _ = signed_badge
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == "2025-03-01T12:30:45Z"
    assert proof["proofValue"].startswith("z")
    assert len(keys.base58btc_decode(proof["proofValue"][1:])) == 64
    assert {k: v for k, v in signed.items() if k != "proof"} == _badge()


def test_sign_does_not_modify_input(issuer_key: Any) -> None:
    badge = _badge()
    signing.sign_credential(
        badge, private_key=issuer_key, verification_method=f"{ISSUER_ID}#k", created=CREATED
    )
    assert badge == _badge()


def test_sign_refuses_naive_created_and_existing_proof(issuer_key: Any) -> None:
    with pytest.raises(ValueError, match="timezone"):
        signing.sign_credential(
            _badge(),
            private_key=issuer_key,
            verification_method=f"{ISSUER_ID}#k",
            created=datetime(2025, 1, 1),
        )
    with pytest.raises(ValueError, match="proof"):
        signing.sign_credential(
            _vector(), private_key=issuer_key, verification_method="x:y", created=CREATED
        )


def test_created_is_normalised_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert signing.format_created(datetime(2025, 1, 1, 2, 0, 0, tzinfo=plus_two)) == (
        "2025-01-01T00:00:00Z"
    )


# 3. Tampering


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "achievement", "name"), "Something Else"),
        (("validUntil",), "2099-01-01T00:00:00Z"),
        (("credentialStatus", "statusListIndex"), "8"),
        (("issuer", "name"), "Mallory Academy"),
    ],
)
def test_tampered_credential_does_not_verify(
    signed_badge: tuple[dict[str, Any], Any], path: tuple[str, ...], value: str
) -> None:
    signed, resolver = signed_badge
    tampered = copy.deepcopy(signed)
    target = tampered
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    result = verify.verify_credential(tampered, resolve_key=resolver)
    assert result.verified is False
    assert any("signature" in e for e in result.errors)


def test_tampered_proof_created_does_not_verify(signed_badge: tuple[dict[str, Any], Any]) -> None:
    signed, resolver = signed_badge
    tampered = copy.deepcopy(signed)
    tampered["proof"]["created"] = "2025-03-01T12:30:46Z"
    assert verify.verify_credential(tampered, resolve_key=resolver).verified is False


def test_wrong_key_does_not_verify(signed_badge: tuple[dict[str, Any], Any]) -> None:
    signed, _ = signed_badge
    other = keys.generate_private_key().public_key()
    other_raw = keys.public_key_bytes_from_multibase(keys.public_key_to_multibase(other))
    result = verify.verify_credential(signed, resolve_key=lambda _vm: other_raw)
    assert result.verified is False
    assert result.errors


@pytest.mark.parametrize("position", [1, 20, 50, -1])
def test_flipped_proof_value_character_does_not_verify(
    signed_badge: tuple[dict[str, Any], Any], position: int
) -> None:
    signed, resolver = signed_badge
    tampered = copy.deepcopy(signed)
    value = list(tampered["proof"]["proofValue"])
    value[position] = "2" if value[position] != "2" else "3"
    tampered["proof"]["proofValue"] = "".join(value)
    result = verify.verify_credential(tampered, resolve_key=resolver)
    assert result.verified is False
    assert result.errors


@pytest.mark.parametrize("proof_value", ["", "z", "z0OIl", "u" + "A" * 86, "zzz", None, 42])
def test_malformed_proof_value_returns_errors_not_exceptions(
    signed_badge: tuple[dict[str, Any], Any], proof_value: Any
) -> None:
    signed, resolver = signed_badge
    tampered = copy.deepcopy(signed)
    tampered["proof"]["proofValue"] = proof_value
    result = verify.verify_credential(tampered, resolve_key=resolver)
    assert result.verified is False
    assert result.errors


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("type", "Ed25519Signature2020", "proof type"),
        ("cryptosuite", "eddsa-jcs-2022", "cryptosuite"),
        ("proofPurpose", "authentication", "proofPurpose"),
        ("created", "yesterday", "created"),
    ],
)
def test_proof_options_are_checked(
    signed_badge: tuple[dict[str, Any], Any], field: str, value: str, message: str
) -> None:
    signed, resolver = signed_badge
    tampered = copy.deepcopy(signed)
    tampered["proof"][field] = value
    result = verify.verify_credential(tampered, resolve_key=resolver)
    assert result.verified is False
    assert any(message in e for e in result.errors)


def test_missing_proof_and_failing_resolver_return_errors(
    signed_badge: tuple[dict[str, Any], Any],
) -> None:
    signed, _ = signed_badge
    assert verify.verify_credential(_badge(), resolve_key=_fragment_resolver).verified is False

    def refuse(vm: str) -> bytes:
        raise LookupError("not the issuer's key")

    result = verify.verify_credential(signed, resolve_key=refuse)
    assert result.verified is False
    assert any("not the issuer's key" in e for e in result.errors)


def test_proof_with_own_matching_context_verifies_and_mismatch_fails(
    signed_badge: tuple[dict[str, Any], Any],
) -> None:
    signed, resolver = signed_badge
    with_ctx = copy.deepcopy(signed)
    with_ctx["proof"]["@context"] = signed["@context"]
    assert verify.verify_credential(with_ctx, resolve_key=resolver).verified is True
    with_ctx["proof"]["@context"] = ["https://www.w3.org/ns/credentials/v2", "urn:other"]
    result = verify.verify_credential(with_ctx, resolve_key=resolver)
    assert result.verified is False


# 4. Offline loader


def test_loader_serves_pinned_contexts() -> None:
    for url in loader.CONTEXTS:
        remote = loader.document_loader(url, {})
        assert remote["documentUrl"] == url
        assert remote["contextUrl"] is None
        assert "@context" in remote["document"]


def test_loader_refuses_unknown_url() -> None:
    with pytest.raises(loader.UnknownContextError, match="not pinned"):
        loader.document_loader("https://www.w3.org/2018/credentials/v1", {})


def test_loader_returns_independent_copies() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    first = loader.document_loader(url, {})
    first["document"]["@context"]["name"] = "https://evil.example/name"
    assert loader.document_loader(url, {})["document"]["@context"]["name"] == (
        "https://schema.org/name"
    )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def blocked(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", blocked)
    monkeypatch.setattr(socket.socket, "connect_ex", blocked)
    monkeypatch.setattr(socket, "getaddrinfo", blocked)
    monkeypatch.setattr(socket, "create_connection", blocked)


@pytest.mark.usefixtures("no_network")
def test_network_guard_is_effective() -> None:
    # Proves the guard used below would catch a connection attempt.
    with pytest.raises(AssertionError, match="network"), socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))


@pytest.mark.usefixtures("no_network")
def test_sign_and_verify_do_not_touch_network(issuer_key: Any) -> None:
    pub = keys.public_key_to_multibase(issuer_key.public_key())
    vm = f"{ISSUER_ID}#{pub}"
    signed = signing.sign_credential(
        _badge(), private_key=issuer_key, verification_method=vm, created=CREATED
    )
    assert verify.verify_credential(signed, resolve_key=_resolver_for(pub, vm)).verified


@pytest.mark.usefixtures("no_network")
def test_unknown_context_is_refused_without_fetching(issuer_key: Any) -> None:
    badge = _badge()
    badge["@context"].append("https://example.org/unpinned-context.jsonld")
    with pytest.raises(loader.UnknownContextError, match=r"unpinned-context\.jsonld"):
        signing.sign_credential(
            badge, private_key=issuer_key, verification_method=f"{ISSUER_ID}#k", created=CREATED
        )
    vector = _vector()
    vector["@context"].append("https://example.org/unpinned-context.jsonld")
    result = verify.verify_credential(vector, resolve_key=_fragment_resolver)
    assert result.verified is False
    assert result.errors == [
        "cannot canonicalize: JSON-LD context 'https://example.org/unpinned-context.jsonld' "
        "is not pinned in badges/ob3/contexts; refusing to fetch it. Pinned URLs: "
        f"{sorted(loader.CONTEXTS)}"
    ]


# 5. Bitstring Status List


def test_status_list_encode_and_query() -> None:
    encoded = status_list.encode_bitstring({3, 100000})
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert status_list.is_set(encoded, 3) is True
    assert status_list.is_set(encoded, 100000) is True
    assert status_list.is_set(encoded, 4) is False
    assert status_list.is_set(encoded, 0) is False
    raw = status_list.decode_bitstring(encoded)
    assert len(raw) == 16 * 1024
    # Bit 0 is the left-most bit of the first byte, so index 3 is 0b0001_0000.
    assert raw[0] == 0b0001_0000
    assert sum(bin(b).count("1") for b in raw) == 2


def test_status_list_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        status_list.encode_bitstring({131072})
    with pytest.raises(ValueError):
        status_list.encode_bitstring(set(), size=1024)
    with pytest.raises(ValueError):
        status_list.decode_bitstring("zabc")
    with pytest.raises(ValueError):
        status_list.decode_bitstring("u!!!notgzip")
    with pytest.raises(IndexError):
        status_list.is_set(status_list.encode_bitstring(set()), 131072)


def test_status_list_is_deterministic_and_larger_lists_work() -> None:
    assert status_list.encode_bitstring({1, 2}) == status_list.encode_bitstring({2, 1})
    big = status_list.encode_bitstring({262143}, size=262144)
    assert len(status_list.decode_bitstring(big)) == 32 * 1024
    assert status_list.is_set(big, 262143)


# 6. Keys


def test_public_key_multibase_round_trip() -> None:
    public = keys.generate_private_key().public_key()
    encoded = keys.public_key_to_multibase(public)
    assert encoded.startswith("z6Mk")
    assert keys.public_key_from_multibase(encoded) == public
    assert keys.public_key_bytes_from_multibase(encoded) == verify.public_key_from_multikey(encoded)


def test_private_key_multibase_round_trip() -> None:
    private = keys.generate_private_key()
    encoded = keys.private_key_to_multibase(private)
    assert encoded.startswith("z3u2")
    restored = keys.private_key_from_multibase(encoded + "\n")
    assert keys.public_key_to_multibase(restored.public_key()) == keys.public_key_to_multibase(
        private.public_key()
    )
    with pytest.raises(ValueError):
        keys.public_key_from_multibase(encoded)  # a secret key is not a public key
    with pytest.raises(ValueError):
        keys.private_key_from_multibase(keys.public_key_to_multibase(private.public_key()))


def test_vector_public_key_decodes_to_32_bytes() -> None:
    fragment = _vector()["proof"]["verificationMethod"].rsplit("#", 1)[1]
    assert len(keys.public_key_bytes_from_multibase(fragment)) == 32
    assert keys.public_key_to_multibase(keys.public_key_from_multibase(fragment)) == fragment
    assert verify.public_key_from_multikey(fragment) == keys.public_key_bytes_from_multibase(
        fragment
    )


@pytest.mark.parametrize("data", [b"", b"\0", b"\0\0\x01", b"hello world", bytes(range(256))])
def test_base58_round_trip(data: bytes) -> None:
    assert keys.base58btc_decode(keys.base58btc_encode(data)) == data


def test_base58_of_every_length_reads_back_with_the_verifiers_decoder() -> None:
    # The encoder works ten digits at a time: lengths around each chunk, leading zeros, and
    # values whose top chunk is small all read back with the verifier's own decoder.
    for length in range(0, 80):
        for data in (bytes(length), b"\0" + b"\xff" * length, bytes([1] + [0] * length)):
            encoded = keys.base58btc_encode(data)
            assert verify._base58_decode(encoded) == data
            assert not encoded.startswith("1") or data.startswith(b"\0")


def test_base58_known_value() -> None:
    # Known answer from the base58 draft spec: "Hello World!" -> "2NEpo7TZRRrLZSi2U".
    assert keys.base58btc_encode(b"Hello World!") == "2NEpo7TZRRrLZSi2U"
    with pytest.raises(ValueError):
        keys.base58btc_decode("0OIl")
