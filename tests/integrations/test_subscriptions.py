"""Integrations hears of submissions, reviews and badges only through domain events
(common/events.py): each webhook event type is a domain event it subscribes to."""

from common import events
from integrations.subscriptions import WEBHOOK_EVENTS
from integrations.webhooks import EventType


def test_every_webhook_event_type_is_a_subscribed_domain_event():
    assert sorted(event.name for event in WEBHOOK_EVENTS) == sorted(EventType.values)
    for event in WEBHOOK_EVENTS:
        assert events.subscribers(event) == [f"integrations.webhooks:{event.name}"]
        assert event.payload == ("educator_id", "data")
