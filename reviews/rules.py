"""Review permissions (autodiscovered by `rules`). Object-level checks (who holds a claim, who
may review what) live in selectors; these gate the pages."""

from typing import Any

import rules

from organizations.models import Organization, Role
from organizations.rules import is_issuer_staff, is_platform_staff, is_reviewer
from organizations.selectors import organizations_with_role

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
