"""Background work for rosters: applying a large import and emailing the people it added.

The task names are those the organizations app gave them: messages already in the broker, the
kept ones (common/tasks.py) and the beat schedule (config/settings/base.py) still find them.
"""

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
