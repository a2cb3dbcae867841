"""Secrets the application must read back (issuer signing keys, webhook signing secrets) are
stored Fernet-encrypted under a key derived from SECRET_KEY.

Each use passes its own HKDF `purpose`, so the same SECRET_KEY yields a different key per kind
of secret. SECRET_KEY encrypts; SECRET_KEY and then each of SECRET_KEY_FALLBACKS are tried to
decrypt, so rotating SECRET_KEY (the old one kept as a fallback) loses nothing.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class DecryptionError(Exception):
    """Not decryptable with SECRET_KEY or any of SECRET_KEY_FALLBACKS (or not a token)."""


def _fernet_key(secret_key: str, purpose: bytes) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret_key.encode("utf-8")
    )
    return base64.urlsafe_b64encode(derived)


def _fernet(purpose: bytes) -> MultiFernet:
    secret_keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(_fernet_key(str(key), purpose)) for key in secret_keys if key])


def encrypt_text(plain: str, *, purpose: bytes) -> str:
    """`plain` encrypted (and authenticated) under SECRET_KEY, as URL-safe ASCII."""
    return _fernet(purpose).encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str, *, purpose: bytes) -> str:
    """The text `encrypt_text` encrypted with the same purpose under SECRET_KEY or a fallback."""
    try:
        return _fernet(purpose).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as error:
        raise DecryptionError("Cannot decrypt with SECRET_KEY or its fallbacks.") from error
