"""Everything badges listens to (common/events.py), subscribed in BadgesConfig.ready().

Badges stands on the top core floor: it reads submissions and reviews directly, and they tell
it what happens through these events, never by importing it.
"""

from django.utils import timezone

from common.events import SUBMISSION_PASSED, SUBMISSION_RENEWAL_REQUESTED, subscribe
from submissions.models import Submission
from submissions.services import SubmissionError

from . import selectors, services


def subscribe_all() -> None:
    subscribe(SUBMISSION_PASSED, request_badge, uid="badges.request_badge")
    subscribe(SUBMISSION_RENEWAL_REQUESTED, refuse_renewal_unless_open, uid="badges.renewal")


def request_badge(*, submission_id: int) -> None:
    """A pass earns a badge: requested inside the decision's transaction, issued by a task
    once it commits (services.badge_request_issue)."""
    services.badge_request_issue(submission=Submission(pk=submission_id))


def refuse_renewal_unless_open(*, passed_submission_id: int) -> None:
    """Raise SubmissionError unless the badge that the passed attempt earned can be renewed
    now (ADR 0018); the message tells the educator why not, or from when."""
    badge = selectors.badge_for_submission(passed_submission_id)
    if badge is not None and badge.is_revoked:
        last_pass = Submission.objects.select_related("credential__issuer").get(
            pk=passed_submission_id
        )
        raise SubmissionError(
            "Your badge for this micro-credential was revoked. Contact "
            f"{last_pass.credential.issuer.name} if you want to earn it again."
        )
    renewal = selectors.renewal_for(badge)
    if renewal is None:
        raise SubmissionError("You have already earned this micro-credential.")
    if not renewal.is_open:
        until = timezone.localtime(renewal.expires_at).date()
        opens = timezone.localtime(renewal.opens_at).date()
        raise SubmissionError(
            f"You have already earned this micro-credential. Your badge is valid until "
            f"{until:%B} {until.day}, {until.year}; you can renew it from "
            f"{opens:%B} {opens.day}, {opens.year}."
        )
