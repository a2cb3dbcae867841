"""Assignments: what a district recommends or assigns to its educators.

The table keeps the name it had in the organizations app (a migration moved the model
without touching the database), and so do its constraints.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from organizations.models import Organization


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
        db_table = "organizations_assignment"
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
