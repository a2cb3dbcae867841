"""W3C Bitstring Status List v1.0: the ``encodedList`` of a status list credential.

The list is a bitstring where bit ``i`` is the status of the credential whose
``statusListIndex`` is ``i`` (1 = revoked for ``statusPurpose: revocation``).
Bit 0 is the most significant (left-most) bit of the first byte. The bitstring is
GZIP-compressed and encoded as multibase base64url without padding (``'u'``
prefix). The spec requires at least 16 KB (131,072 entries) so that a list does
not reveal much about which holder is being checked (herd privacy).
"""

from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Iterable

__all__ = ["MIN_SIZE", "decode_bitstring", "encode_bitstring", "is_set"]

MIN_SIZE = 131072  # bits, i.e. 16 KB: the spec's minimum list length
# Bound on the decompressed size when decoding a list fetched from elsewhere, so a
# tiny gzip bomb cannot exhaust memory (16 MB = 134 million entries).
_MAX_DECODED_BYTES = 16 * 1024 * 1024


def encode_bitstring(revoked_indexes: Iterable[int], size: int = MIN_SIZE) -> str:
    """Encode the set bits as an ``encodedList`` value (``'u'`` + base64url(gzip)).

    ``size`` is the number of entries; it must be a multiple of 8 and at least
    :data:`MIN_SIZE`. Raises ``ValueError`` for an index outside ``[0, size)``.
    """
    if size < MIN_SIZE or size % 8:
        raise ValueError(f"size must be a multiple of 8 and at least {MIN_SIZE}")
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        if not 0 <= index < size:
            raise ValueError(f"status list index {index} is outside [0, {size})")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 makes the output deterministic, so an unchanged list re-encodes
    # byte-for-byte (useful for caching and for re-signing only on change).
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def _gunzip_bounded(data: bytes) -> bytes:
    # gzip.decompress has no size limit, hence zlib; wbits=31 selects the gzip container.
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(data, _MAX_DECODED_BYTES)
    if inflater.unconsumed_tail:
        raise ValueError(f"status list is larger than {_MAX_DECODED_BYTES} bytes")
    if not inflater.eof:
        raise ValueError("status list is truncated gzip data")
    return out


def decode_bitstring(encoded: str) -> bytes:
    """Decode an ``encodedList`` value to the raw bitstring bytes.

    Raises ``ValueError`` if it is not multibase base64url GZIP data.
    """
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (start with 'u')")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return _gunzip_bounded(compressed)
    except (ValueError, zlib.error) as exc:  # binascii.Error is a ValueError
        raise ValueError(f"invalid encodedList: {exc}") from exc


def is_set(encoded: str, index: int) -> bool:
    """Whether bit ``index`` is set (e.g. the credential at that index is revoked).

    Raises ``IndexError`` for an index outside the list.
    """
    bits = decode_bitstring(encoded)
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"status list index {index} is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
