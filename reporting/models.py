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


def _both_ways(*fields: str) -> list[models.Index]:
    """An index for each direction of a sort: the table orders by its keys ascending or
    descending, and always by the educator ascending among equals (reporting.selectors)."""
    name = "_".join(field[:6] for field in fields)
    return [
        models.Index(*fields, "educator_id", name=f"rep_prog_{name}_asc"),
        models.Index(
            *(models.F(field).desc() for field in fields), "educator_id",
            name=f"rep_prog_{name}_desc",
        ),
    ]  # fmt: skip


class EducatorProgress(models.Model):
    """One educator's progress numbers over all their attempts (no filter), kept current.

    The dashboard's table sorts, filters and counts a state's staff by these numbers: read from
    here through an index, they cost the same for a state of 100,000 as for a school, where
    aggregating every attempt per request grew with the data (issue 26, ADR 0038). A row is
    recomputed from the submissions (reporting.rollup) whenever an educator's submissions,
    memberships or account change, inside the same transaction; numbers under a filter on
    focus area, micro-credential or period are still aggregated per request.
    """

    # The account's id, not a foreign key: a relation would make this row one more that an
    # account merge moves (accounts.merging), where it is recomputed instead (accounts.merged).
    educator_id = models.BigIntegerField(primary_key=True)
    # Copies of the account's sort keys, so a sort by name reads one index.
    display_name = models.CharField(max_length=150, blank=True)
    email = models.CharField(max_length=254, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Every attempt, withdrawn too.")
    in_progress = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    not_yet = models.PositiveIntegerField(default=0)
    earned = models.PositiveIntegerField(default=0)
    pd_hours = models.DecimalField(max_digits=9, decimal_places=1, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes: ClassVar = [
            *_both_ways("display_name", "email"),
            *_both_ways("email"),
            *_both_ways("in_progress"),
            *_both_ways("submitted"),
            *_both_ways("not_yet"),
            *_both_ways("earned"),
            *_both_ways("pd_hours"),
        ]

    def __str__(self) -> str:
        return f"progress of {self.email}"


# A month as one integer (year * 12 + month - 1): the outcome rollup's period key; 0 stands for
# "not decided", so the unique key has no NULL in it (NULLs are never equal in a unique index).
UNDECIDED = 0


class EducatorOutcomes(models.Model):
    """What one educator adds to the organization rollup (OrganizationOutcomes): their attempts
    grouped as the dashboard's statistics group them, and the organizations they were added to.

    Kept so that a change can take the educator's old share out before adding the new one
    (reporting.outcomes, ADR 0040): the rollup is maintained by differences, per educator.
    """

    educator_id = models.BigIntegerField(primary_key=True)
    # Every organization the educator is in scope of: each active educator membership's
    # organization and all above it (the ids of its path), once each.
    organizations = models.JSONField(default=list)
    # [version_id, status, is_renewal, decided_month, attempts], withdrawn attempts left out.
    cells = models.JSONField(default=list)
    # [version_id, whole hours to earn, attempts] of the first earnings (OrganizationEarningHours).
    earning_hours = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"outcomes of educator {self.educator_id}"


class OrganizationOutcomes(models.Model):
    """The attempts of an organization's current educators (memberships under it, each educator
    once) by version, status, renewal and month of decision: what the dashboard's headline
    numbers, charts and funnel count, read in one index range whatever the organization's size
    (issue 26, ADR 0040)."""

    organization_id = models.BigIntegerField()
    version_id = models.BigIntegerField()
    status = models.CharField(max_length=20)
    is_renewal = models.BooleanField(default=False)
    decided_month = models.IntegerField(default=UNDECIDED)
    attempts = models.IntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization_id", "version_id", "status", "is_renewal", "decided_month"],
                name="rep_outcomes_cell_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempts} {self.status} in organization {self.organization_id}"


class OrganizationEarningHours(models.Model):
    """How many first earnings of each version took so many whole hours (from submission, or
    start, to the decision) among an organization's current educators: the histogram that
    finds which hour holds the median time to earn, so only that hour's attempts are read to
    compute it exactly (reporting.selectors.dashboard, ADR 0040)."""

    organization_id = models.BigIntegerField()
    version_id = models.BigIntegerField()
    hours = models.IntegerField()
    attempts = models.IntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization_id", "version_id", "hours"], name="rep_earning_hours_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempts} earned in {self.hours} h in organization {self.organization_id}"
