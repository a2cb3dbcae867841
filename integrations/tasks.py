"""Background work for webhooks: one delivery attempt, and the sweeper.

The task names are those the organizations app gave them: messages already in the broker and
the beat schedule (config/settings/base.py) still find them.
"""

from celery import shared_task

from . import webhooks


@shared_task(acks_late=True, name="organizations.tasks.webhook_deliver")
def webhook_deliver_task(delivery_id: int) -> None:
    """One attempt of one webhook delivery (idempotent: only a due, pending delivery is
    attempted); a failure schedules the next attempt with exponential backoff, up to a cap."""
    delay = webhooks.webhook_delivery_attempt(delivery_id=delivery_id)
    if delay is not None:
        webhook_deliver_task.apply_async((delivery_id,), countdown=delay.total_seconds())


@shared_task(acks_late=True, name="organizations.tasks.webhooks_sweep")
def webhooks_sweep_task() -> int:
    """Periodic: re-enqueue pending deliveries whose attempt is overdue."""
    return webhooks.webhooks_sweep()
