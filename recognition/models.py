"""Recognition: the bodies that grant credit for micro-credentials, their rules and goals, and
the credit educators claim under them.

A `RecognitionBody` (a state licensure board, a district's salary schedule, a union local, a
university) publishes `Recognition` rules: what counts (a micro-credential, a stack or a focus
area, within a version range and dates), what it yields and how much, whether an approver must
approve, and limits. An educator's `CreditRequest` under a rule moves only through
`services.py` along `CreditRequest.TRANSITIONS`; every move writes a `CreditEvent`. Which badges
a request stands on is a row per badge (`CreditClaim`), and one active claim per badge and body
is a database constraint: a badge is never credited twice under one body.
"""

import uuid
from datetime import date
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from badges.models import Badge
from credentials.models import FocusArea, MicroCredential, Stack
from organizations.models import Organization


class Outcome(models.TextChoices):
    PD_HOURS = "pd_hours", "Professional development hours"
    CEU = "ceu", "Continuing education units"
    LICENSE_RENEWAL_HOURS = "license_renewal_hours", "License renewal hours"
    SALARY_CREDIT = "salary_credit", "Salary credit"
    ENDORSEMENT = "endorsement", "Endorsement"
    COLLEGE_CREDIT = "college_credit", "College credit"


class RecognitionBody(models.Model):
    """An organization that grants credit for micro-credentials.

    `organization` is the body's home on the platform: its webhook endpoints receive
    `credit.approved`. `applies_to` is whose educators it serves: a state board's rules apply to
    every district and educator under the state; empty means any educator (a university).
    """

    class Kind(models.TextChoices):
        STATE_BOARD = "state_board", "State licensure board"
        DISTRICT = "district", "District"
        UNION_LOCAL = "union_local", "Union local"
        UNIVERSITY = "university", "University"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recognition_bodies",
        help_text="The organization whose webhooks hear of approved credit.",
    )
    applies_to = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Educators under this organization are the body's own (empty: anyone).",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "recognition bodies"

    def __str__(self) -> str:
        return self.name


class BodyRole(models.TextChoices):
    MANAGER = "manager", "Manager"
    APPROVER = "approver", "Approver"


class BodyMembership(models.Model):
    """Gives a person a role in a body: managers keep its rules and goals, approvers decide
    credit requests. Platform staff create bodies and their first managers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships"
    )
    body = models.ForeignKey(RecognitionBody, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=BodyRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="recognition_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.body}"


class Recognition(models.Model):
    """A rule of a body: what counts, what it yields, whether it needs approval, its limits.

    Exactly one of `micro_credential`, `stack` and `focus_area` says what counts. A
    micro-credential's version range (`min_version`..`max_version`, inclusive, either open)
    bounds which versions' badges count. `badges_per_claim` badges make one claim (three
    micro-credentials for one salary credit); `limit_count` claims per `limit_period` at most.
    """

    class Scope(models.TextChoices):
        MICRO_CREDENTIAL = "micro_credential", "A micro-credential"
        STACK = "stack", "A stack"
        FOCUS_AREA = "focus_area", "Any micro-credential of a focus area"

    class LimitPeriod(models.TextChoices):
        YEAR = "year", "Per calendar year"
        CYCLE = "cycle", "Per renewal cycle"
        EVER = "ever", "In all"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(RecognitionBody, on_delete=models.CASCADE, related_name="rules")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    micro_credential = models.ForeignKey(
        MicroCredential, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stack = models.ForeignKey(
        Stack, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    focus_area = models.ForeignKey(
        FocusArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_version = models.PositiveIntegerField(null=True, blank=True)
    max_version = models.PositiveIntegerField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    amount = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    unit = models.CharField(max_length=40, help_text='For example "hours", "graduate credits".')
    cost = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="What the body charges for the credit, in US dollars (empty: free).",
    )
    requires_approval = models.BooleanField(default=True)
    badges_per_claim = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    limit_count = models.PositiveSmallIntegerField(null=True, blank=True)
    limit_period = models.CharField(
        max_length=8, choices=LimitPeriod.choices, default=LimitPeriod.YEAR
    )
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["body__name", "outcome", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="micro_credential",
                        micro_credential__isnull=False,
                        stack__isnull=True,
                        focus_area__isnull=True,
                    )
                    | Q(
                        scope="stack",
                        micro_credential__isnull=True,
                        stack__isnull=False,
                        focus_area__isnull=True,
                    )
                    | Q(
                        scope="focus_area",
                        micro_credential__isnull=True,
                        stack__isnull=True,
                        focus_area__isnull=False,
                    )
                ),
                name="recognition_scope_matches_target",
            ),
            models.CheckConstraint(
                condition=Q(min_version__isnull=True)
                | Q(max_version__isnull=True)
                | Q(min_version__lte=models.F("max_version")),
                name="recognition_version_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="recognition_dates_ordered",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["body", "is_active"])]

    def __str__(self) -> str:
        return f"{self.body}: {self.amount} {self.unit} for {self.target_title}"

    @property
    def target_title(self) -> str:
        if self.scope == self.Scope.STACK and self.stack is not None:
            return self.stack.title
        if self.scope == self.Scope.FOCUS_AREA and self.focus_area is not None:
            return f"any micro-credential in {self.focus_area.name}"
        if self.micro_credential is not None:
            version = self.micro_credential.published_version
            return version.title if version is not None else self.micro_credential.slug
        return ""

    def is_current(self, on: date) -> bool:
        """Whether the rule is in force on `on` (its dates, and not withdrawn)."""
        if not self.is_active:
            return False
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_until is None or on <= self.valid_until


class Goal(models.Model):
    """What a body's educators work toward, shown as progress on "My credit".

    `amount` of `outcome` within a cycle of `cycle_years` ending on the educator's renewal date
    (license renewal: 120 hours in 5 years), or completing a `stack` (an endorsement: 4 of 5).
    """

    class Kind(models.TextChoices):
        AMOUNT_IN_CYCLE = "amount_in_cycle", "An amount of credit within a cycle"
        STACK = "stack", "Completing a stack"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(RecognitionBody, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    amount = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    cycle_years = models.PositiveSmallIntegerField(null=True, blank=True)
    stack = models.ForeignKey(
        Stack, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["body__name", "title"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="amount_in_cycle",
                        amount__isnull=False,
                        cycle_years__isnull=False,
                        stack__isnull=True,
                    )
                    & ~Q(outcome="")
                )
                | Q(kind="stack", stack__isnull=False),
                name="recognition_goal_kind_matches_fields",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EducatorCycle(models.Model):
    """An educator's renewal date under a body (license renewal cycles end on it)."""

    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="renewal_cycles"
    )
    body = models.ForeignKey(RecognitionBody, on_delete=models.CASCADE, related_name="+")
    renewal_date = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["educator", "body"], name="recognition_cycle_once")
        ]

    def __str__(self) -> str:
        return f"{self.educator} renews with {self.body} on {self.renewal_date}"


class CreditRequest(models.Model):
    """An educator's claim of credit under one rule, standing on one or more badges.

    What was claimed (outcome, amount, unit, cost) is copied from the rule at request time, with
    the evidence the approver needs (`evidence`: each badge, its hours, dates and verification
    links) and the checks done (`checks`). An approved request carries a certificate: its public
    id is in the verification URL and `certificate_signature` signs `certificate` (services).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending approval"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.PENDING: {Status.APPROVED, Status.DENIED, Status.WITHDRAWN},
        Status.APPROVED: set(),
        Status.DENIED: set(),
        Status.WITHDRAWN: set(),
    }
    ACTIVE: ClassVar = (Status.PENDING, Status.APPROVED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_requests"
    )
    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="requests")
    body = models.ForeignKey(RecognitionBody, on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=7, decimal_places=2)
    unit = models.CharField(max_length=40)
    cost = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    # When the credit was earned: the latest issue date of its badges (cycles count by it).
    earned_on = models.DateField()
    evidence = models.JSONField(default=dict)
    checks = models.JSONField(default=list)
    reason = models.TextField(blank=True)  # the approver's, when denied
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    certificate = models.JSONField(default=dict, blank=True)
    certificate_signature = models.CharField(max_length=200, blank=True)
    # A badge the credit stands on was revoked after the request: the body should look again.
    flagged_at = models.DateTimeField(null=True, blank=True)
    flag_reason = models.TextField(blank=True)
    decision_email_sent_at = models.DateTimeField(null=True, blank=True)
    # The body's approvers were told of the request (once), and of its flag (once).
    approvers_emailed_at = models.DateTimeField(null=True, blank=True)
    flag_email_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["educator", "-created_at"]),
            models.Index(fields=["body", "status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.educator} {self.amount} {self.unit} under {self.body} ({self.status})"


class CreditClaim(models.Model):
    """One badge a credit request stands on. While the request is pending or approved the claim
    is active, and a badge has at most one active claim per body (the database's word)."""

    request = models.ForeignKey(CreditRequest, on_delete=models.CASCADE, related_name="claims")
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="credit_claims")
    body = models.ForeignKey(RecognitionBody, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["badge", "body"],
                condition=Q(is_active=True),
                name="recognition_badge_credited_once_per_body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge_id} in request {self.request_id}"


class CreditEvent(models.Model):
    """Audit row for a credit request: requested, approved, denied, withdrawn, flagged."""

    request = models.ForeignKey(CreditRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.request_id}"
