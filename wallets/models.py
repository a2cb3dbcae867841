"""Wallet offers: one badge offered once to a wallet (OpenID for Verifiable Credential Issuance,
pre-authorized code flow, ADR 0025).

Only hashes of the secrets are stored: the pre-authorized code, the offer URL's token and the
access token as SHA-256 (each carries 256 random bits, so a hash cannot be reversed), and the
transaction code hashed together with the pre-authorized code (6 digits alone would be guessed
from their hash in a second; with the code, they cannot be without it).
"""

import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from badges.models import Badge


class WalletOffer(models.Model):
    """A credential offer of one badge to its owner's wallet: single use, short-lived."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"  # waiting for the wallet to redeem the code
        TOKEN_ISSUED = "token_issued", "Code redeemed"  # the wallet holds an access token
        CREDENTIAL_ISSUED = "credential_issued", "Credential issued"
        LOCKED = "locked", "Locked"  # too many wrong transaction codes

    # Allowed moves (the services refuse any other).
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.OFFERED: {Status.TOKEN_ISSUED, Status.LOCKED},
        Status.TOKEN_ISSUED: {Status.CREDENTIAL_ISSUED},
        Status.CREDENTIAL_ISSUED: set(),
        Status.LOCKED: set(),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    offer_token_hash = models.CharField(max_length=64, unique=True)
    pre_authorized_code_hash = models.CharField(max_length=64, unique=True)
    tx_code_hash = models.CharField(max_length=64)
    failed_tx_codes = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    access_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    # Whom the wallet copy was bound to, and its id (the badge's status entry revokes it).
    holder_did = models.TextField(blank=True)
    issued_credential_id = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["badge", "-created_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(failed_tx_codes__lte=5), name="wallets_offer_at_most_five_failures"
            )
        ]

    def __str__(self) -> str:
        return f"wallet offer {self.public_id} ({self.status})"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class WalletOfferEvent(models.Model):
    """Audit row: an offer created, a wrong transaction code, a token or a credential issued."""

    class Action(models.TextChoices):
        CREATED = "created", "Offer created"
        TX_CODE_WRONG = "tx_code_wrong", "Wrong transaction code"
        LOCKED = "locked", "Locked after too many wrong codes"
        TOKEN_ISSUED = "token_issued", "Access token issued"
        CREDENTIAL_ISSUED = "credential_issued", "Credential issued"

    offer = models.ForeignKey(WalletOffer, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.offer_id}"


class UsedNonce(models.Model):
    """A c_nonce a proof has used: nonces are signed and timed (nothing stored when handed
    out), and each may prove possession once; the unique hash is the last word on reuse."""

    nonce_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-used_at"]
        indexes: ClassVar = [models.Index(fields=["used_at"])]

    def __str__(self) -> str:
        return f"nonce {self.nonce_hash[:12]}…"
