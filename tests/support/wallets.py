"""A holder for the wallet tests written in Python: a did:key (Ed25519 or P-256) and the
OpenID4VCI proof-of-possession JWT it signs. The end-to-end tests use Sphereon's client
instead (tests/interop/wallet-client.mjs); these let the negative tests bend one field."""

import base64
import json
import time
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from badges.ob3.keys import base58btc_encode


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Holder:
    private_key: Any
    did: str
    alg: str

    @property
    def kid(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"

    @classmethod
    def ed25519(cls) -> "Holder":
        key = Ed25519PrivateKey.generate()
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return cls(key, "did:key:z" + base58btc_encode(b"\xed\x01" + raw), "EdDSA")

    @classmethod
    def p256(cls) -> "Holder":
        key = ec.generate_private_key(ec.SECP256R1())
        point = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        return cls(key, "did:key:z" + base58btc_encode(b"\x80\x24" + point), "ES256")

    def sign(self, data: bytes) -> bytes:
        if self.alg == "EdDSA":
            return self.private_key.sign(data)
        r, s = decode_dss_signature(self.private_key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def proof(self, *, aud: str, nonce: str | None, header: dict | None = None, **claims) -> str:
        """A proof JWT; `header` and `claims` override the defaults (None drops a claim)."""
        head = {"typ": "openid4vci-proof+jwt", "alg": self.alg, "kid": self.kid, **(header or {})}
        body = {"aud": aud, "iat": int(time.time()), "nonce": nonce, **claims}
        body = {name: value for name, value in body.items() if value is not None}
        signing_input = f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(body).encode())}"
        return f"{signing_input}.{b64url(self.sign(signing_input.encode()))}"
