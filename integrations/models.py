"""Organization integrations: API keys (api_keys.py) and webhooks with their delivery log
(webhooks.py).

Their tables keep the names they had in the organizations app (migrations moved the models
without touching the database).
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from common.crypto import decrypt_text, encrypt_text
from organizations.models import Organization

# HKDF purpose of the key that encrypts webhook secrets (never reuse it for anything else).
WEBHOOK_SECRET_PURPOSE = b"microcred webhook secret encryption v1"


class OrganizationApiKey(models.Model):
    """A key an organization's integration uses; acts for the organization, never as a person.

    Only a SHA-256 digest is stored (the key is shown once); `scopes` lists what it may do.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    scopes = models.JSONField(default=list)  # values of api_keys.Scope
    prefix = models.CharField(max_length=12, db_index=True)  # shown to identify a key
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "organizations_organizationapikey"
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["organization", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class WebhookEndpoint(models.Model):
    """A URL an organization registered to receive signed events about its educators.

    The secret signs every delivery (HMAC-SHA256), so it is kept, encrypted under SECRET_KEY
    (`secret_encrypted`; `secret` reads and writes it in plain text); it is shown once, when
    the endpoint is created, and never again (not in the admin, not in the API).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=500)
    secret_encrypted = models.TextField(editable=False)
    event_types = models.JSONField(default=list)  # values of webhooks.EventType
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "organizations_webhookendpoint"
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["organization", "is_active"])]

    def __str__(self) -> str:
        return self.url

    @property
    def secret(self) -> str:
        """The signing secret (raises common.crypto.DecryptionError after a SECRET_KEY change
        that kept no fallback)."""
        return decrypt_text(self.secret_encrypted, purpose=WEBHOOK_SECRET_PURPOSE)

    @secret.setter
    def secret(self, plain: str) -> None:
        self.secret_encrypted = encrypt_text(plain, purpose=WEBHOOK_SECRET_PURPOSE)


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint: the delivery log and the retry state.

    `next_attempt_at` is both the schedule and a lease: an attempt moves it forward before it
    connects, so a duplicate message finds nothing due and the sweeper skips work in flight.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(db_index=True)  # X-Webhook-Id: the same for every redelivery
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "organizations_webhookdelivery"
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint_id}: {self.status}"
