"""Badges: what an educator earned, the keys that sign it, the lists that revoke it.

A `Badge` is issued once per passed submission (a database constraint, not only a check) or
once per completed stack. Its public documents (Open Badges 2.0 hosted assertion, Open Badges
3.0 signed credential) are built from these rows in `documents.py`; every change goes through
`services.py` and writes a `BadgeEvent`.
"""

import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from credentials.models import MicroCredential, MicroCredentialVersion, Stack
from organizations.models import Organization
from submissions.models import Submission


class IssuerKey(models.Model):
    """An issuer's Ed25519 signing key. The private half is stored Fernet-encrypted.

    Rotation makes a new key active; old keys stay published in the issuer profile so that
    credentials they signed keep verifying. The private key never leaves `keys.py`.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="badge_keys", editable=False
    )
    public_key_multibase = models.CharField(max_length=64, unique=True, editable=False)
    # Fernet token of the multibase secret key; the Fernet key derives from SECRET_KEY.
    private_key_encrypted = models.TextField(editable=False)
    active = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["issuer", "-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["issuer"], condition=Q(active=True), name="badges_one_active_key"
            )
        ]

    def __str__(self) -> str:
        # Only the public key: this string shows in the admin and in logs.
        return f"{self.issuer_id}:{self.public_key_multibase[:16]}…"


class StatusList(models.Model):
    """One Bitstring Status List (revocation) of an issuer, published as a signed credential.

    Indexes are drawn at random (the spec's advice: an index then says nothing about when or
    to whom a badge was issued); the unique (list, index) constraint settles collisions, and a
    list where random draws keep colliding is closed and a new one opened. `credential` holds
    the signed BitstringStatusListCredential as served.
    """

    SIZE = 131072  # the spec's minimum length (16 KB): herd privacy for every list

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField(default=SIZE)
    is_open = models.BooleanField(default=True)
    credential = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["issuer", "created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["issuer"], condition=Q(is_open=True), name="badges_one_open_status_list"
            )
        ]

    def __str__(self) -> str:
        return f"status list {self.public_id}"


class Badge(models.Model):
    """An awarded badge: a micro-credential (one per passed submission) or a stack."""

    class Kind(models.TextChoices):
        MICRO_CREDENTIAL = "micro_credential", "Micro-credential"
        STACK = "stack", "Stack"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="badges"
    )
    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="badges")
    # One badge per passed submission: OneToOne is the database constraint.
    submission = models.OneToOneField(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="badge"
    )
    credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.PROTECT, related_name="badges"
    )
    version = models.ForeignKey(
        MicroCredentialVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="badges",
    )
    stack = models.ForeignKey(
        Stack, null=True, blank=True, on_delete=models.PROTECT, related_name="badges"
    )
    # A stack badge is issued again when renewals of its parts carry it past its expiry
    # (ADR 0018): 1 for the first, 2 for the one that renews it, ... Always 1 for the others.
    stack_sequence = models.PositiveSmallIntegerField(default=1, db_default=1)
    title = models.CharField(max_length=200)
    # Recipient: the salted SHA-256 of the email the badge was issued to ("sha256$<hex>").
    recipient_identity = models.CharField(max_length=80)
    recipient_salt = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The educator's choices: the public page, and a short evidence summary.
    is_public = models.BooleanField(default=True)
    evidence_summary = models.TextField(blank=True)
    evidence_published = models.BooleanField(default=False)
    # Open Badges 3.0: the signed credential as issued, and its revocation list entry.
    credential_json = models.JSONField(default=dict, blank=True)
    signing_key = models.ForeignKey(
        IssuerKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_list = models.ForeignKey(
        StatusList, null=True, blank=True, on_delete=models.PROTECT, related_name="badges"
    )
    status_list_index = models.PositiveIntegerField(null=True, blank=True)
    # Baked images in the public storage (names, not URLs: the storage decides the URL).
    image_png = models.CharField(max_length=255, blank=True)
    image_svg = models.CharField(max_length=255, blank=True)
    issued_email_sent_at = models.DateTimeField(null=True, blank=True)
    revoked_email_sent_at = models.DateTimeField(null=True, blank=True)
    # The "your badge expires soon: renew it" email went out (once per badge).
    renewal_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-issued_at", "-id"]
        constraints: ClassVar = [
            # One stack badge per educator, stack and renewal, however many workers check.
            models.UniqueConstraint(
                fields=["educator", "stack", "stack_sequence"],
                condition=Q(kind="stack"),
                name="badges_one_stack_badge_per_sequence",
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_list_index"], name="badges_status_index_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="micro_credential",
                        submission__isnull=False,
                        version__isnull=False,
                        stack__isnull=True,
                    )
                    | Q(kind="stack", submission__isnull=True, stack__isnull=False)
                ),
                name="badges_kind_matches_source",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["educator", "-issued_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.public_id})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime | None = None) -> bool:
        if self.expires_at is None:
            return False
        return self.expires_at <= (now or timezone.now())

    @property
    def is_renewal(self) -> bool:
        """Whether this badge renews an earlier one: a renewal's pass, or a stack badge issued
        again. (A micro-credential badge reads its submission: select it with the badge.)"""
        if self.kind == self.Kind.STACK:
            return self.stack_sequence > 1
        return self.submission is not None and self.submission.is_renewal

    @property
    def status(self) -> str:
        """'revoked', 'expired' or 'valid' (revocation wins)."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired() else "valid"


class BadgeEvent(models.Model):
    """Audit row: issued, revoked, visibility or evidence changed, email sent; who and when."""

    class Action(models.TextChoices):
        ISSUED = "issued", "Issued"
        REVOKED = "revoked", "Revoked"
        SHARING_CHANGED = "sharing_changed", "Sharing changed"
        EVIDENCE_CHANGED = "evidence_changed", "Evidence summary changed"
        KEY_ROTATED = "key_rotated", "Issuer key rotated"
        RESIGNED = "resigned", "Credential signed again"

    badge = models.ForeignKey(
        Badge, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    issuer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.badge_id or self.issuer_id}"
