"""Quality of review, read for issuer staff: turnaround, pass rates, agreement between first and
second reviews (percent and Cohen's kappa), and submissions waiting past the target.

Turnaround is defined as submitted_at -> decided_at of the submission: what the educator lives
through, whoever held the claims in between. A reviewer's turnaround covers the submissions
they reviewed first.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from organizations.models import Organization, Role
from organizations.selectors import organizations_with_role
from submissions.models import Submission

from .models import Review
from .selectors import DECIDED, WAITING, Stage, percentile, policies_for_issuers

QUALITY_WINDOW = timedelta(days=365)


def cohens_kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa for two raters' pass/not-yet decisions; None when undefined.

    kappa = (p_o - p_e) / (1 - p_e): observed agreement against the agreement expected by
    chance from each rater's own pass rate. Undefined (None) with no pairs, or when chance
    agreement is already certain (both raters gave one and the same answer throughout).
    """
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first_pass = sum(1 for a, _ in pairs if a) / n
    second_pass = sum(1 for _, b in pairs if b) / n
    chance = first_pass * second_pass + (1 - first_pass) * (1 - second_pass)
    if chance == 1:
        return None
    return (observed - chance) / (1 - chance)


@dataclass
class QualityRow:
    """Figures for one reviewer or one micro-credential (turnaround in days)."""

    label: str
    reviews: int = 0
    passed: int = 0
    turnaround_days: list[float] = field(default_factory=list)
    pairs: list[tuple[bool, bool]] = field(default_factory=list)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None

    @property
    def median_days(self) -> float | None:
        return percentile(self.turnaround_days, 0.5)

    @property
    def p90_days(self) -> float | None:
        return percentile(self.turnaround_days, 0.9)

    @property
    def percent_agreement(self) -> float | None:
        if not self.pairs:
            return None
        return 100 * sum(1 for a, b in self.pairs if a == b) / len(self.pairs)

    @property
    def kappa(self) -> float | None:
        return cohens_kappa(self.pairs)


@dataclass
class QualityReport:
    by_reviewer: list[QualityRow]
    by_credential: list[QualityRow]
    overall: QualityRow
    overdue: list[Submission]


def quality_report(issuer_ids: Sequence[int] | None) -> QualityReport:
    """Turnaround (submitted_at -> decided_at), pass rate and agreement with second reviews,
    per reviewer and per micro-credential, over the last year of completed reviews."""
    reviews = Review.objects.filter(
        status=Review.Status.COMPLETED, completed_at__gte=timezone.now() - QUALITY_WINDOW
    ).select_related("reviewer", "submission__version")
    if issuer_ids is not None:
        reviews = reviews.filter(submission__credential__issuer_id__in=issuer_ids)
    by_submission: dict[int, dict[str, Review]] = {}
    for review in reviews:
        by_submission.setdefault(review.submission_id, {})[review.kind] = review
    by_reviewer: dict[int, QualityRow] = {}
    by_credential: dict[int, QualityRow] = {}
    overall = QualityRow("All")
    for stages in by_submission.values():
        _tally(stages, by_reviewer, by_credential, overall)
    return QualityReport(
        by_reviewer=sorted(by_reviewer.values(), key=lambda r: r.label.lower()),
        by_credential=sorted(by_credential.values(), key=lambda r: r.label.lower()),
        overall=overall,
        overdue=overdue_submissions(issuer_ids),
    )


def _tally(
    stages: dict[str, Review],
    by_reviewer: dict[int, QualityRow],
    by_credential: dict[int, QualityRow],
    overall: QualityRow,
) -> None:
    """Add one submission's reviews to the rows they belong to."""
    first, second = stages.get(Stage.FIRST), stages.get(Stage.SECOND)
    submission = next(iter(stages.values())).submission
    credential_row = by_credential.setdefault(
        submission.credential_id, QualityRow(submission.version.title)
    )
    for review in stages.values():
        row = by_reviewer.setdefault(review.reviewer_id, QualityRow(str(review.reviewer)))
        row.reviews += 1
        row.passed += review.passed
    if submission.status in DECIDED and submission.submitted_at and submission.decided_at:
        days = (submission.decided_at - submission.submitted_at).total_seconds() / 86400
        for row in (credential_row, overall):
            row.reviews += 1
            row.passed += submission.status == Submission.Status.PASSED
            row.turnaround_days.append(days)
        if first is not None:
            by_reviewer[first.reviewer_id].turnaround_days.append(days)
    if first is not None and second is not None:
        pair = (first.passed, second.passed)
        for row in (
            by_reviewer[first.reviewer_id],
            by_reviewer[second.reviewer_id],
            credential_row,
            overall,
        ):
            row.pairs.append(pair)


def overdue_submissions(issuer_ids: Sequence[int] | None, now: datetime | None = None) -> list[Any]:
    """Waiting submissions older than their issuer's turnaround target, oldest first."""
    now = now or timezone.now()
    issuers = Organization.objects.filter(kind=Organization.Kind.ISSUER)
    if issuer_ids is not None:
        issuers = issuers.filter(pk__in=issuer_ids)
    policies = policies_for_issuers(issuers.values_list("pk", flat=True))
    late = Q(pk__in=[])
    for issuer_id, policy in policies.items():
        limit = now - timedelta(days=policy.turnaround_target_days)
        late |= Q(credential__issuer_id=issuer_id, submitted_at__lt=limit)
    rows = list(
        Submission.objects.filter(late, status__in=WAITING)
        .select_related("version", "credential__issuer", "educator")
        .order_by("submitted_at")[:200]
    )
    for submission in rows:
        submission.waiting = now - submission.submitted_at  # type: ignore[attr-defined,operator]
    return rows


def quality_issuers(user: User) -> list[Organization] | None:
    """Issuers whose quality figures the user sees: their staff issuers; None (all) for staff."""
    if user.is_authenticated and user.is_staff:
        return None
    return organizations_with_role(user, Role.ISSUER_STAFF)
