"""Review permissions (autodiscovered by `rules`). Object-level checks (who holds a claim, who
may review what) live in selectors; these gate the pages."""

from typing import Any

import rules

from common.permissions import permission_widen
from organizations.models import Organization, Role
from organizations.rules import is_issuer_staff, is_platform_staff, is_reviewer
from organizations.selectors import organizations_with_role
from submissions.models import Submission

from .selectors import reviewer_holds_claim

# The queue page: reviewers claim there; issuer and platform staff settle disagreements there.
rules.add_perm("reviews.view_queue", is_reviewer | is_issuer_staff | is_platform_staff)
# Turnaround, pass rates, agreement and overdue submissions.
rules.add_perm("reviews.view_quality", is_issuer_staff | is_platform_staff)


@rules.predicate
def is_staff_of_issuer(user: Any, issuer: Organization | None) -> bool:
    if issuer is None or not user.is_authenticated:
        return False
    return any(org.pk == issuer.pk for org in organizations_with_role(user, Role.ISSUER_STAFF))


# Who may review which micro-credential, and the review policy, of one issuing organization.
rules.add_perm("reviews.administer_reviewers", is_platform_staff | is_staff_of_issuer)


@rules.predicate
def holds_review_claim(user: Any, submission: Submission | None) -> bool:
    """A reviewer holding the active claim on this submission."""
    if submission is None or not user.is_authenticated:
        return False
    return reviewer_holds_claim(reviewer=user, submission=submission)


# The reviewer holding the claim may open the submission, its status and its evidence: the
# submissions permissions (submissions/rules.py), widened here.
for _name in ("view_submission", "view_status", "view_evidence"):
    permission_widen(f"submissions.{_name}", holds_review_claim)
