"""Community's permissions (autodiscovered by `rules`).

A critical friend holding an open share of a draft may open its evidence (the videos and files
of the draft they read): the submissions permission, extended here with the whole predicate,
reviews' part included (reviews/rules.py), since community stands above both.
"""

from typing import Any

import rules

from organizations.rules import is_platform_staff
from reviews.rules import holds_review_claim
from submissions.models import Submission
from submissions.rules import is_submission_owner

from .peer import is_critical_friend


@rules.predicate
def reads_as_critical_friend(user: Any, submission: Submission | None) -> bool:
    return submission is not None and is_critical_friend(user, submission)


rules.set_perm(
    "submissions.view_evidence",
    is_submission_owner | holds_review_claim | is_platform_staff | reads_as_critical_friend,
)
