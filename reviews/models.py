"""Expert review: who may review what, claims on submissions, rubric scores and decisions.

A `Review` is one reviewer's claim on a submission and the scoring done under it. A submission
goes through up to three stages, each a Review of its own kind:

    first --(sampled for a second review)--> second --(the two disagree)--> adjudication

The decision is released to the educator when the last stage needed is complete. Reviews move
only through `services.py`; every move writes a `ReviewEvent`.
"""

import math
import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from credentials.models import EvidenceRequirement, MicroCredential, RubricCriterion, RubricLevel
from organizations.models import Organization
from submissions.models import Artifact, Submission


class ReviewPolicy(models.Model):
    """How an issuing organization runs its reviews (an issuer without a row gets the defaults)."""

    issuer = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="review_policy",
        limit_choices_to={"kind": Organization.Kind.ISSUER},
    )
    conflict_of_interest = models.BooleanField(
        default=True, help_text="Reviewers never review educators from their own district."
    )
    claim_hours = models.PositiveSmallIntegerField(
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text="A claim returns to the queue after this many hours.",
    )
    second_review_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.100"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text="Share of submissions that get an independent second review (0 to 1).",
    )
    blind_review = models.BooleanField(
        default=False, help_text="Reviewers do not see the educator's name or school."
    )
    turnaround_target_days = models.PositiveSmallIntegerField(
        default=7, help_text="Submissions waiting longer are flagged to issuer staff."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "review policies"

    def __str__(self) -> str:
        return f"Review policy of {self.issuer}"


class ReviewerDesignation(models.Model):
    """The issuing organization qualifies a reviewer for a micro-credential."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_designations"
    )
    credential = models.ForeignKey(
        MicroCredential, on_delete=models.CASCADE, related_name="reviewer_designations"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["reviewer", "credential"], name="reviews_one_designation_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} may review {self.credential}"


class ReviewerPreference(models.Model):
    """A reviewer's notification choices."""

    reviewer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preference"
    )
    daily_digest = models.BooleanField(
        default=False, help_text="A morning email listing what is waiting in the queue."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Preferences of {self.reviewer}"


class Review(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", "First review"
        SECOND = "second", "Second review"
        ADJUDICATION = "adjudication", "Adjudication"

    class Status(models.TextChoices):
        ACTIVE = "active", "Claimed"
        COMPLETED = "completed", "Completed"
        RELEASED = "released", "Released"
        EXPIRED = "expired", "Expired"

    class Decision(models.TextChoices):
        PASSED = "passed", "Passed"
        NOT_YET = "not_yet", "Not yet"

    # Which status may follow which; services refuse anything else.
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        Status.ACTIVE: {Status.COMPLETED, Status.RELEASED, Status.EXPIRED},
        Status.COMPLETED: set(),
        Status.RELEASED: set(),
        Status.EXPIRED: set(),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.FIRST)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    claimed_at = models.DateTimeField()
    claim_expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    feedback = models.TextField(blank=True, help_text="Overall feedback to the educator.")
    # On a completed first review: whether the decision waits for an independent second review.
    second_review_required = models.BooleanField(default=False)
    # On a completed second review: whether it reached the first review's decision.
    agrees_with_first = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["claimed_at", "id"]
        constraints: ClassVar = [
            # One active claim per submission: two reviewers can never hold it at once.
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(status="active"),
                name="reviews_one_active_claim",
            ),
            # Each stage is completed once.
            models.UniqueConstraint(
                fields=["submission", "kind"],
                condition=Q(status="completed"),
                name="reviews_one_completed_per_stage",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(decision=""),
                name="reviews_completed_has_decision",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "claim_expires_at"]),
            models.Index(fields=["reviewer", "status"]),
            models.Index(fields=["submission", "kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.submission_id} ({self.status})"

    @property
    def passed(self) -> bool:
        return self.decision == self.Decision.PASSED


class CriterionScore(models.Model):
    """A reviewer's level and feedback for one rubric criterion (a draft until completion)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["criterion__position", "criterion_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "criterion"], name="reviews_one_score_each")
        ]

    def __str__(self) -> str:
        return f"score {self.criterion_id}: {self.level_id}"


class ReviewComment(models.Model):
    """A note anchored to a requirement, or to a moment of a video or audio artifact."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, related_name="+")
    artifact = models.ForeignKey(
        Artifact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_seconds = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="Moment in the media."
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Remarks on a whole requirement first, then the timed ones in playing order.
        ordering: ClassVar = [
            "requirement__part",
            "requirement__position",
            models.F("time_seconds").asc(nulls_first=True),
            "id",
        ]

    def __str__(self) -> str:
        return f"comment {self.pk}"

    @property
    def moment_seconds(self) -> float | None:
        """The time as a finite number of seconds; None without one (or a non-finite one)."""
        if self.time_seconds is None or not math.isfinite(self.time_seconds):
            return None
        return self.time_seconds

    @property
    def time_code(self) -> str:
        # A non-finite time (stored before the API refused them) has no moment to show.
        if self.moment_seconds is None:
            return ""
        total = int(self.moment_seconds)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class ReviewEvent(models.Model):
    """Audit row: who did what to a review or its submission's review process, when and why."""

    class Action(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        RELEASED = "released", "Released"
        EXPIRED = "expired", "Claim expired"
        COMPLETED = "completed", "Completed"
        SECOND_REVIEW_REQUIRED = "second_required", "Second review required"
        ADJUDICATION_REQUIRED = "adjudication_required", "Adjudication required"
        DECISION_RELEASED = "decision_released", "Decision released"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=24, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.review_id}"


class ReviewEmail(models.Model):
    """One email that was sent, by a key naming it, so a retried task never sends it twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
