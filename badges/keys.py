"""Issuer signing keys: creation, rotation, encryption at rest, and lookup for verification.

The private key is Fernet-encrypted with a key derived (HKDF-SHA256) from SECRET_KEY; the
SECRET_KEY_FALLBACKS are tried for decryption, so rotating SECRET_KEY does not lose keys.
Private keys exist decrypted only inside `signing_key_for` and are never logged, shown or
serialized: the model's `__str__` names the public key only.
"""

import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.crypto import DecryptionError, decrypt_text, encrypt_text
from organizations.models import Organization

from . import conf
from .models import BadgeEvent, IssuerKey
from .ob3 import keys as ob3_keys

logger = logging.getLogger(__name__)

_HKDF_INFO = b"microcred badges issuer-key encryption v1"


class KeyUnavailable(Exception):
    """The stored private key cannot be decrypted (SECRET_KEY changed without a fallback)."""


@dataclass(frozen=True)
class SigningKey:
    """What signing needs: the key object and the verificationMethod URL that names it."""

    key: IssuerKey
    private_key: Ed25519PrivateKey
    verification_method: str

    def __repr__(self) -> str:  # keep the private key out of tracebacks and logs
        return f"SigningKey({self.verification_method!r})"


def encrypt_private_key(private_key: Ed25519PrivateKey) -> str:
    return encrypt_text(ob3_keys.private_key_to_multibase(private_key), purpose=_HKDF_INFO)


def decrypt_private_key(token: str) -> Ed25519PrivateKey:
    try:
        secret = decrypt_text(token, purpose=_HKDF_INFO)
    except DecryptionError as error:
        raise KeyUnavailable("The issuer key cannot be decrypted with SECRET_KEY.") from error
    return ob3_keys.private_key_from_multibase(secret)


def issuer_profile_id(issuer: Organization) -> str:
    """The OB 3.0 issuer profile URL: the controller of every key of this issuer."""
    return conf.absolute(reverse("badges:ob3_issuer", args=[issuer.public_id]))


def verification_method_id(key: IssuerKey) -> str:
    return f"{issuer_profile_id(key.issuer)}#{key.public_key_multibase}"


def configured_private_key(issuer: Organization) -> Ed25519PrivateKey | None:
    """A key for this issuer from settings (BADGES_ISSUER_KEYS: slug -> multibase secret key,
    from the environment or a secrets manager), or None: keys are then generated here."""
    secret = dict(settings.BADGES_ISSUER_KEYS or {}).get(issuer.slug)
    return ob3_keys.private_key_from_multibase(secret) if secret else None


def _create_key(issuer: Organization, private_key: Ed25519PrivateKey | None = None) -> IssuerKey:
    private_key = private_key or ob3_keys.generate_private_key()
    return IssuerKey.objects.create(
        issuer=issuer,
        public_key_multibase=ob3_keys.public_key_to_multibase(private_key.public_key()),
        private_key_encrypted=encrypt_private_key(private_key),
    )


def issuer_key_active(*, issuer: Organization) -> IssuerKey:
    """The issuer's active key, created on first use. Safe when two workers race.

    A key configured in settings wins: when it differs from the active one, it is imported
    as a rotation (the old key stays published)."""
    key = IssuerKey.objects.filter(issuer=issuer, active=True).select_related("issuer").first()
    configured = configured_private_key(issuer)
    if configured is not None:
        public = ob3_keys.public_key_to_multibase(configured.public_key())
        if key is None or key.public_key_multibase != public:
            return _import_configured_key(issuer, configured, public)
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _create_key(issuer)
    except IntegrityError:
        # Another worker created the issuer's first key at the same moment: use theirs.
        return IssuerKey.objects.select_related("issuer").get(issuer=issuer, active=True)
    logger.info("badges: created signing key %s for issuer %s", key.public_id, issuer.pk)
    return key


def _import_configured_key(
    issuer: Organization, private_key: Ed25519PrivateKey, public: str
) -> IssuerKey:
    with transaction.atomic():
        Organization.objects.select_for_update().get(pk=issuer.pk)
        existing = IssuerKey.objects.filter(public_key_multibase=public).first()
        if existing is not None and existing.active:
            return existing
        if existing is not None and existing.issuer_id != issuer.pk:
            raise KeyUnavailable("The configured key already belongs to another issuer.")
        IssuerKey.objects.filter(issuer=issuer, active=True).update(
            active=False, retired_at=timezone.now()
        )
        if existing is not None:  # a configured key that was rotated away and comes back
            IssuerKey.objects.filter(pk=existing.pk).update(active=True, retired_at=None)
            return IssuerKey.objects.select_related("issuer").get(pk=existing.pk)
        key = _create_key(issuer, private_key)
        BadgeEvent.objects.create(
            issuer=issuer, action=BadgeEvent.Action.KEY_ROTATED, note="configured key imported"
        )
    return IssuerKey.objects.select_related("issuer").get(pk=key.pk)


@transaction.atomic
def issuer_key_rotate(*, issuer: Organization, by: User | None) -> IssuerKey:
    """Make a new key active. Old keys stay published, so what they signed still verifies."""
    if configured_private_key(issuer) is not None:
        raise KeyUnavailable(
            "This issuer's key comes from settings: change BADGES_ISSUER_KEYS to rotate it."
        )
    Organization.objects.select_for_update().get(pk=issuer.pk)
    IssuerKey.objects.filter(issuer=issuer, active=True).update(
        active=False, retired_at=timezone.now()
    )
    key = _create_key(issuer)
    BadgeEvent.objects.create(
        issuer=issuer, actor=by, action=BadgeEvent.Action.KEY_ROTATED, note=str(key.public_id)
    )
    return key


def signing_key_for(*, issuer: Organization) -> SigningKey:
    """The active key of `issuer`, decrypted, with its verificationMethod URL."""
    key = issuer_key_active(issuer=issuer)
    return SigningKey(
        key=key,
        private_key=decrypt_private_key(key.private_key_encrypted),
        verification_method=verification_method_id(key),
    )


def published_keys(issuer: Organization) -> list[IssuerKey]:
    """Every key the issuer has ever signed with, newest first (all stay resolvable)."""
    return list(IssuerKey.objects.filter(issuer=issuer).order_by("-created_at"))
