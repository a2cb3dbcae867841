"""Background work for rosters: applying a large import and emailing the people it added."""

import logging

from celery import shared_task

from common.tasks import enqueue, keep_until_done

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, name="organizations.tasks.roster_import_apply")
def roster_import_apply_task(roster_import_id: int) -> None:
    """Apply a confirmed import (idempotent: an import no longer being applied is left alone)."""
    try:
        services.roster_import_apply(roster_import_id=roster_import_id)
    except services.RosterImportError:
        # The import is marked failed with its reason, which the admin sees; nothing to retry.
        logger.warning("roster import %s failed", roster_import_id, exc_info=True)


@shared_task(acks_late=True, name="organizations.tasks.roster_imports_sweep")
def roster_imports_sweep_task() -> int:
    """Periodic: enqueue again the confirmed imports a lost message left unapplied."""
    pending = services.roster_imports_sweep()
    for roster_import_id in pending:
        enqueue(roster_import_apply_task, roster_import_id)
    return len(pending)


@keep_until_done
@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
    name="organizations.tasks.roster_notify",
)
def roster_notify_task(roster_import_id: int) -> None:
    """Invitations and "you were added" notices; rows remember what went out."""
    services.roster_notify(roster_import_id=roster_import_id)


@shared_task(acks_late=True, name="organizations.tasks.webhook_deliver")
def webhook_deliver_task(delivery_id: int) -> None:
    """One attempt of one webhook delivery (idempotent: only a due, pending delivery is
    attempted); a failure schedules the next attempt with exponential backoff, up to a cap."""
    from .webhooks import webhook_delivery_attempt

    delay = webhook_delivery_attempt(delivery_id=delivery_id)
    if delay is not None:
        webhook_deliver_task.apply_async((delivery_id,), countdown=delay.total_seconds())


@shared_task(acks_late=True, name="organizations.tasks.webhooks_sweep")
def webhooks_sweep_task() -> int:
    """Periodic: re-enqueue pending deliveries whose attempt is overdue."""
    from .webhooks import webhooks_sweep

    return webhooks_sweep()
