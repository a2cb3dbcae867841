"""Integrations hears of submissions, reviews and badges only through domain events
(common/events.py): each webhook event type is a domain event it subscribes to, except
credit.approved, which recognition (a floor above) addresses to one body's organization by
calling integrations itself."""

from common import events
from integrations.subscriptions import WEBHOOK_EVENTS
from integrations.webhooks import EventType


def test_every_webhook_event_type_is_a_subscribed_domain_event():
    from_above = {EventType.CREDIT_APPROVED.value}
    assert sorted(event.name for event in WEBHOOK_EVENTS) == sorted(
        set(EventType.values) - from_above
    )
    for event in WEBHOOK_EVENTS:
        # Other apps may hear the same event (recognition flags credit on badge.revoked).
        assert f"integrations.webhooks:{event.name}" in events.subscribers(event)
        assert event.payload == ("educator_id", "data")
