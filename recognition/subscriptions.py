"""Everything recognition listens to (common/events.py), subscribed in RecognitionConfig.ready().

- badge.revoked: credit standing on the badge is flagged for its body to look at again.
"""

from typing import Any

from common.events import BADGE_REVOKED, subscribe

from .services import credits_flag_for_revoked_badge


def subscribe_all() -> None:
    subscribe(BADGE_REVOKED, _flag_credit, uid="recognition:flag-credit-on-revocation")


def _flag_credit(*, educator_id: int, data: dict[str, Any]) -> None:
    badge = data["badge"]
    credits_flag_for_revoked_badge(
        badge_public_id=badge["id"], reason=badge.get("revocation_reason") or ""
    )
