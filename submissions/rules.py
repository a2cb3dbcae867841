"""Who may see or change a submission and its evidence (pages and API share these).

The reviewer who holds a submission's claim may see it too: reviews stands above submissions,
so reviews/rules.py extends the three view permissions with that predicate.
"""

from typing import Any

import rules

from organizations.rules import is_platform_staff
from organizations.selectors import user_administers_user

from .models import Submission


@rules.predicate
def is_submission_owner(user: Any, submission: Submission | None) -> bool:
    return bool(
        submission is not None and user.is_authenticated and submission.educator_id == user.pk
    )


@rules.predicate
def administers_submitter(user: Any, submission: Submission | None) -> bool:
    """A district (or state) admin over an organization where the submission's educator is an
    active member: the same scope as the admin's `submissions_visible_to` list."""
    if submission is None or not user.is_authenticated:
        return False
    return user_administers_user(user, submission.educator)


@rules.predicate
def is_editable(user: Any, submission: Submission | None) -> bool:
    return bool(submission is not None and submission.is_editable)


# Opening the submission itself: its page shows the reviewer's feedback, so not for admins.
rules.add_perm("submissions.view_submission", is_submission_owner | is_platform_staff)
# Seeing only its status and outcome (the API's status-only representation): also the admins
# over its educator, so the detail answers whoever the list shows it to.
rules.add_perm(
    "submissions.view_status", is_submission_owner | is_platform_staff | administers_submitter
)
# Opening evidence: only its educator and platform staff (and the reviewer holding the claim).
rules.add_perm("submissions.view_evidence", is_submission_owner | is_platform_staff)
# Changing responses and uploads: the educator, while the attempt is a draft.
rules.add_perm("submissions.edit_submission", is_submission_owner & is_editable)
