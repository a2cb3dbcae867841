"""States, districts, schools and issuing organizations, and the memberships that give roles."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.crypto import decrypt_text, encrypt_text

# HKDF purpose of the key that encrypts webhook secrets (never reuse it for anything else).
WEBHOOK_SECRET_PURPOSE = b"microcred webhook secret encryption v1"


class Organization(models.Model):
    """A node in the hierarchy state > district > school, or an issuing organization.

    `path` is a materialized path of primary keys ("/3/17/42/") so that "this organization and
    everything under it" is one indexed prefix query, whatever the depth.
    """

    class Kind(models.TextChoices):
        STATE = "state", "State"
        DISTRICT = "district", "District"
        SCHOOL = "school", "School"
        ISSUER = "issuer", "Issuing organization"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    external_id = models.CharField(
        max_length=255, blank=True, help_text="Identifier in the SIS (OneRoster sourcedId)."
    )
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        indexes: ClassVar = [models.Index(fields=["kind", "name"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(parent__isnull=False),
                name="organizations_school_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EDUCATOR = "educator", "Educator"
    REVIEWER = "reviewer", "Reviewer"
    DISTRICT_ADMIN = "district_admin", "District admin"
    AUTHOR = "author", "Author"
    ISSUER_STAFF = "issuer_staff", "Issuer staff"


class Membership(models.Model):
    """Gives a user a role in an organization (and, for admins, everything under it)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="organizations_membership_unique"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["organization", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.organization}"


class RosterImport(models.Model):
    """An uploaded roster, checked row by row before anything is written.

    The preview lives here (never in the browser): confirming applies exactly the rows the
    admin saw, in one transaction, and only when no row has an error.
    """

    class Format(models.TextChoices):
        ONEROSTER = "oneroster", "OneRoster 1.1 CSV"
        SIMPLE = "simple", "Simple CSV (email, name, school, role)"

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for confirmation"
        APPLYING = "applying", "Being applied"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"
        DISCARDED = "discarded", "Discarded"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=12, choices=Format.choices)
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEW)
    deactivate_missing = models.BooleanField(default=False)
    summary = models.JSONField(default=dict, blank=True)  # action -> number of rows
    error_count = models.PositiveIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} import into {self.organization_id}"

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.PREVIEW and self.error_count == 0


class RosterImportRow(models.Model):
    """One planned change of a roster import: what will happen to a person or a school, and why."""

    class Kind(models.TextChoices):
        ORG = "org", "School or district"
        USER = "user", "Person"

    class Action(models.TextChoices):
        CREATE = "create", "Create"
        UPDATE = "update", "Update"
        UNCHANGED = "unchanged", "Unchanged"
        DEACTIVATE = "deactivate", "Deactivate"
        SKIP = "skip", "Skip"
        ERROR = "error", "Error"

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()  # processing order: schools before people
    source = models.CharField(max_length=20)  # "users.csv line 7"
    kind = models.CharField(max_length=8, choices=Kind.choices)
    action = models.CharField(max_length=12, choices=Action.choices)
    label = models.CharField(max_length=300)  # an email or a school name, for the preview
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)  # normalized values the apply step uses

    class Meta:
        ordering: ClassVar = ["position"]
        indexes: ClassVar = [models.Index(fields=["roster_import", "action"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.action} {self.label}"


class Assignment(models.Model):
    """A micro-credential or stack an admin recommends or assigns to a person or a school."""

    class Kind(models.TextChoices):
        RECOMMENDED = "recommended", "Recommended"
        REQUIRED = "required", "Assigned"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="assignments",
        help_text="The organization on whose behalf it was made (its admins manage it).",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    school = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="school_assignments",
    )
    credential = models.ForeignKey(
        "credentials.MicroCredential",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    stack = models.ForeignKey(
        "credentials.Stack",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.RECOMMENDED)
    due_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(educator__isnull=False, school__isnull=True)
                | Q(educator__isnull=True, school__isnull=False),
                name="organizations_assignment_one_target",
            ),
            models.CheckConstraint(
                condition=Q(credential__isnull=False, stack__isnull=True)
                | Q(credential__isnull=True, stack__isnull=False),
                name="organizations_assignment_one_item",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["organization", "cancelled_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.credential_id or self.stack_id}"


# --------------------------------------------------------------------------------------------
# Integrations: organization API keys and webhooks (organizations/api_keys.py, webhooks.py)
# --------------------------------------------------------------------------------------------


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
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint_id}: {self.status}"
