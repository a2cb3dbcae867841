"""Everything integrations listens to (common/events.py), subscribed in
IntegrationsConfig.ready().

Each of these domain events is the webhook event of the same name (webhooks.EventType): it
is recorded as deliveries to the endpoints that subscribed to it, in the emitter's
transaction, and delivered once that commits (webhooks.py).
"""

from functools import partial
from typing import Any

from common.events import (
    BADGE_AWARDED,
    BADGE_REVOKED,
    REVIEW_COMPLETED,
    SUBMISSION_SUBMITTED,
    Event,
    subscribe,
)

from .webhooks import webhook_event_emit

WEBHOOK_EVENTS: list[Event] = [SUBMISSION_SUBMITTED, REVIEW_COMPLETED, BADGE_AWARDED, BADGE_REVOKED]


def subscribe_all() -> None:
    for event in WEBHOOK_EVENTS:
        handler = partial(_to_webhooks, event.name)
        subscribe(event, handler, uid=f"integrations.webhooks:{event.name}")


def _to_webhooks(event_type: str, *, educator_id: int, data: dict[str, Any]) -> None:
    webhook_event_emit(event_type, educator_id=educator_id, data=data)
