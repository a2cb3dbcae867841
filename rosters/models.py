"""Roster imports: an uploaded roster, planned row by row, then applied (services.py).

Their tables keep the names they had in the organizations app (migrations moved the models
without touching the database).
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from organizations.models import Organization


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
        db_table = "organizations_rosterimport"
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
        INVITE = "invite", "Invite"
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
    # An email or a school name, for the preview. A new person and an account that exists
    # outside the admin's organizations both read "invite" with the same reason.
    label = models.CharField(max_length=300)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)  # normalized values the apply step uses

    class Meta:
        db_table = "organizations_rosterimportrow"
        ordering: ClassVar = ["position"]
        indexes: ClassVar = [models.Index(fields=["roster_import", "action"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.action} {self.label}"
