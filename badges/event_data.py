"""What the domain events about a badge carry (common/events.py): plain data, exactly the
`data` a webhook receiver gets for badge.awarded and badge.revoked."""

from typing import Any

from common.events import iso_datetime
from submissions.event_data import educator_data

from .documents import assertion_url
from .models import Badge


def badge_event_data(badge: Badge) -> dict[str, Any]:
    """The badge as it is now (read again, with what it was issued for): its dates, the
    revocation and its reason, the hosted assertion, the educator; the micro-credential, the
    stack and the submission when it has them."""
    fresh = Badge.objects.select_related("educator", "credential", "stack", "submission").get(
        pk=badge.pk
    )
    data: dict[str, Any] = {
        "badge": {
            "id": str(fresh.public_id),
            "kind": fresh.kind,
            "title": fresh.title,
            "issued_at": iso_datetime(fresh.issued_at),
            "expires_at": iso_datetime(fresh.expires_at),
            "revoked_at": iso_datetime(fresh.revoked_at),
            "revocation_reason": fresh.revocation_reason or None,
            "assertion_url": assertion_url(fresh),
        },
        "educator": educator_data(fresh.educator),
    }
    if fresh.credential is not None:
        data["micro_credential"] = {
            "id": str(fresh.credential.public_id),
            "slug": fresh.credential.slug,
            "title": fresh.title,
        }
    if fresh.stack is not None:
        data["stack"] = {"id": str(fresh.stack.public_id), "slug": fresh.stack.slug}
    if fresh.submission is not None:
        data["submission"] = {"id": str(fresh.submission.public_id)}
    return data
