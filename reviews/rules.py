"""Review permissions (autodiscovered by `rules`). Object-level checks (who holds a claim, who
may review what) live in selectors; these gate the pages."""

import rules

from organizations.rules import is_issuer_staff, is_platform_staff, is_reviewer

# The queue page: reviewers claim there; issuer and platform staff settle disagreements there.
rules.add_perm("reviews.view_queue", is_reviewer | is_issuer_staff | is_platform_staff)
# Turnaround, pass rates, agreement and overdue submissions.
rules.add_perm("reviews.view_quality", is_issuer_staff | is_platform_staff)
