"""States, districts, schools and issuing organizations, and the memberships that give roles."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


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


class MembershipInvitation(models.Model):
    """An invitation to join an organization, for an account that already exists elsewhere.

    Joining lets the organization's admins read the person's progress, PD hours and transcript
    and send webhooks about them, so it waits for the person's consent: no `Membership` exists
    until they accept, and every reading of the staff goes through memberships.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(status="pending"),
                name="organizations_invitation_one_pending",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.organization} ({self.get_status_display()})"
