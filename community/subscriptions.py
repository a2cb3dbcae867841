"""Everything community listens to (common/events.py), subscribed in CommunityConfig.ready().

- submission.submitted: sharing a draft with critical friends ends when it is submitted.
"""

from typing import Any

from common.events import SUBMISSION_SUBMITTED, subscribe

from .peer import peer_shares_end


def subscribe_all() -> None:
    subscribe(SUBMISSION_SUBMITTED, _end_shares, uid="community:end-shares-on-submission")


def _end_shares(*, educator_id: int, data: dict[str, Any]) -> None:
    peer_shares_end(submission_public_id=data["submission"]["id"])
