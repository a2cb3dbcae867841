"""Who may see or change a submission and its evidence (pages and API share these)."""

from typing import Any

import rules

from organizations.rules import is_platform_staff

from .models import Submission


@rules.predicate
def is_submission_owner(user: Any, submission: Submission | None) -> bool:
    return bool(
        submission is not None and user.is_authenticated and submission.educator_id == user.pk
    )


@rules.predicate
def holds_review_claim(user: Any, submission: Submission | None) -> bool:
    """A reviewer holding the active claim on this submission (see reviews.selectors)."""
    if submission is None or not user.is_authenticated:
        return False
    try:
        from reviews.selectors import reviewer_holds_claim
    except ImportError:  # the reviews app has no claims yet
        return False
    return reviewer_holds_claim(reviewer=user, submission=submission)


@rules.predicate
def administers_submitter(user: Any, submission: Submission | None) -> bool:
    """A district (or state) admin over an organization where the submission's educator is an
    active member: the same scope as the admin's `submissions_visible_to` list."""
    if submission is None or not user.is_authenticated:
        return False
    from organizations.selectors import user_administers_user

    return user_administers_user(user, submission.educator)


@rules.predicate
def is_editable(user: Any, submission: Submission | None) -> bool:
    return bool(submission is not None and submission.is_editable)


# Opening the submission itself: its page shows the reviewer's feedback, so not for admins.
rules.add_perm(
    "submissions.view_submission", is_submission_owner | holds_review_claim | is_platform_staff
)
# Seeing only its status and outcome (the API's status-only representation): also the admins
# over its educator, so the detail answers whoever the list shows it to.
rules.add_perm(
    "submissions.view_status",
    is_submission_owner | holds_review_claim | is_platform_staff | administers_submitter,
)
# Opening evidence: only its educator, the reviewer holding the claim, and platform staff.
rules.add_perm(
    "submissions.view_evidence", is_submission_owner | holds_review_claim | is_platform_staff
)
# Changing responses and uploads: the educator, while the attempt is a draft.
rules.add_perm("submissions.edit_submission", is_submission_owner & is_editable)
