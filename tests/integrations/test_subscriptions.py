"""Integrations hears of submissions, reviews and badges only through domain events
(common/events.py): each webhook event type is a domain event it subscribes to."""

from common import events
from integrations.subscriptions import WEBHOOK_EVENTS
from integrations.webhooks import ORGANIZATION_EVENTS, EventType


def test_every_webhook_event_type_is_a_subscribed_domain_event():
    """... except those addressed to one organization by the app that owns them."""
    about_educators = set(EventType.values) - ORGANIZATION_EVENTS
    assert sorted(event.name for event in WEBHOOK_EVENTS) == sorted(about_educators)
    for event in WEBHOOK_EVENTS:
        # Other apps may hear the same event (recognition hears badge.revoked); integrations
        # subscribes once.
        assert events.subscribers(event).count(f"integrations.webhooks:{event.name}") == 1
        assert event.payload == ("educator_id", "data")
