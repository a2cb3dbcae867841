"""Ed25519 key helpers: generation and Multikey / multibase text encodings.

A public key is published as a Multikey ``publicKeyMultibase``:
``'z' + base58btc(0xed 0x01 + 32 raw bytes)``. A private key is stored as a
multibase secret key ``'z' + base58btc(0x80 0x26 + 32-byte seed)`` so it fits in
an environment variable or a text column. Base58btc is implemented here to avoid
a dependency for ~20 lines of code.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

__all__ = [
    "ED25519_PRIV_PREFIX",
    "ED25519_PUB_PREFIX",
    "base58btc_decode",
    "base58btc_encode",
    "generate_private_key",
    "private_key_from_multibase",
    "private_key_to_multibase",
    "public_key_bytes_from_multibase",
    "public_key_from_multibase",
    "public_key_to_multibase",
]

# Multicodec codes as unsigned varints: ed25519-pub = 0xed, ed25519-priv = 0x1300.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
_KEY_LEN = 32

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: i for i, char in enumerate(_B58_ALPHABET)}
_B58_CHUNK = 58**10
_B58_PAIRS = [high + low for high in _B58_ALPHABET for low in _B58_ALPHABET]


def base58btc_encode(data: bytes) -> str:
    """Encode bytes as base58 (Bitcoin alphabet), without a multibase prefix."""
    # Leading zero bytes carry no numeric value, so base58 keeps them as '1's.
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    # Two digits per division of a machine word, ten per division of the big number: a
    # signature has 88 digits, and one division of a 512-bit number per digit was a tenth of
    # what signing costs once the canonical form is compiled (ADR 0035).
    pairs = []
    while number:
        number, chunk = divmod(number, _B58_CHUNK)
        for _ in range(5):
            chunk, pair = divmod(chunk, 58 * 58)
            pairs.append(_B58_PAIRS[pair])
    return "1" * zeros + "".join(reversed(pairs)).lstrip("1")


def base58btc_decode(text: str) -> bytes:
    """Decode base58 (Bitcoin alphabet) text without a multibase prefix.

    Raises ``ValueError`` on a character outside the alphabet.
    """
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise ValueError(f"invalid base58btc character {char!r}")
        number = number * 58 + _B58_INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def _multibase_decode_prefixed(value: str, prefix: bytes, what: str) -> bytes:
    # Shared by public and secret key decoding: 'z' multibase, multicodec prefix,
    # then exactly 32 key bytes.
    if not value.startswith("z"):
        raise ValueError(f"{what} must be multibase base58btc (start with 'z')")
    raw = base58btc_decode(value[1:])
    if not raw.startswith(prefix) or len(raw) != len(prefix) + _KEY_LEN:
        raise ValueError(f"{what} is not an Ed25519 multicodec key of {_KEY_LEN} bytes")
    return raw[len(prefix) :]


def generate_private_key() -> Ed25519PrivateKey:
    """Generate a new random Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def public_key_to_multibase(public_key: Ed25519PublicKey) -> str:
    """Encode a public key as a Multikey ``publicKeyMultibase`` value (``z6Mk...``)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_PUB_PREFIX + raw)


def public_key_bytes_from_multibase(value: str) -> bytes:
    """Decode a Multikey ``publicKeyMultibase`` value to the 32 raw key bytes."""
    return _multibase_decode_prefixed(value, ED25519_PUB_PREFIX, "publicKeyMultibase")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Decode a Multikey ``publicKeyMultibase`` value to a public key object."""
    return Ed25519PublicKey.from_public_bytes(public_key_bytes_from_multibase(value))


def private_key_to_multibase(private_key: Ed25519PrivateKey) -> str:
    """Encode a private key as a multibase secret key (``z3u2...``), for storage.

    The result is a secret: keep it out of logs and source control.
    """
    seed = private_key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return "z" + base58btc_encode(ED25519_PRIV_PREFIX + seed)


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """Decode a multibase secret key (as made by :func:`private_key_to_multibase`)."""
    seed = _multibase_decode_prefixed(value.strip(), ED25519_PRIV_PREFIX, "secretKeyMultibase")
    return Ed25519PrivateKey.from_private_bytes(seed)
