"""What the domain events about a submission carry (common/events.py): plain data, exactly the
`data` a webhook receiver gets (submission.submitted here, review.completed from reviews)."""

from typing import Any

from accounts.models import User
from common.events import iso_datetime

from .models import Submission


def educator_data(user: User) -> dict[str, Any]:
    """The educator as events describe them (the badges' events too)."""
    return {"id": str(user.public_id), "email": user.email, "name": user.get_full_name()}


def submission_event_data(submission: Submission) -> dict[str, Any]:
    """The submission as it is now (read again: the caller's instance may predate a status
    update): its state and dates, the decision once there is one, the micro-credential and the
    educator; never evidence, scores, feedback or reviewer identities."""
    fresh = Submission.objects.select_related("educator", "credential", "version").get(
        pk=submission.pk
    )
    return {
        "submission": {
            "id": str(fresh.public_id),
            "attempt": fresh.attempt,
            "status": fresh.status,
            "submitted_at": iso_datetime(fresh.submitted_at),
            "decided_at": iso_datetime(fresh.decided_at),
        },
        "decision": fresh.status if fresh.decided_at else None,
        "micro_credential": {
            "id": str(fresh.credential.public_id),
            "slug": fresh.credential.slug,
            "title": fresh.version.title,
        },
        "educator": educator_data(fresh.educator),
    }
