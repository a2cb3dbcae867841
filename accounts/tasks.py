"""Periodic housekeeping of accounts: expired sessions, and the task messages kept in the
database (config/tasks.py). Task functions are named `<entity>_<action>_task`; their registered
names never change (docs/decisions/0021-task-names.md).
"""

import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, name="accounts.tasks.clear_expired_sessions")
def sessions_clear_expired_task() -> None:
    """Periodic housekeeping: drop expired sessions."""
    call_command("clearsessions")


# At most this many kept messages per run: a long outage drains over a few minutes.
DEFERRED_BATCH = 500


@shared_task(acks_late=True, name="accounts.tasks.send_deferred_tasks")
def deferred_tasks_send_task() -> int:
    """Periodic: send again the task messages the broker could not take, and those kept until
    done that are overdue (config/tasks.py).

    Rows are taken with SKIP LOCKED, so two runs never send one twice. A refused message's row
    goes once its message is accepted; a kept one stays, due again after the grace period, until
    its task has run (or it was sent DEFERRED_TASK_MAX_RESENDS times). Returns how many were
    sent."""
    from datetime import timedelta

    from django.conf import settings
    from django.db import transaction
    from django.db.models import Q
    from django.utils import timezone

    from config.celery_app import app
    from config.tasks import is_kept

    from .models import DeferredTask

    sent = 0
    now = timezone.now()
    with transaction.atomic():
        batch = (
            DeferredTask.objects.select_for_update(skip_locked=True)
            .filter(Q(due_at__isnull=True) | Q(due_at__lte=now))
            .order_by("id")[:DEFERRED_BATCH]
        )
        for deferred in batch:
            task = app.tasks.get(deferred.task_name)
            try:
                if task is None:
                    raise LookupError(f"no task named {deferred.task_name}")
                task.apply_async(deferred.args)
            except Exception as error:
                # Still away: keep it, say why, try again next run. `attempts` counts accepted
                # sends only, so refusals during an outage never use up a kept message's resends.
                # A name no worker knows (a rolling deploy, a rename) waits a grace period, so
                # such rows neither fill every batch nor log each minute.
                later = now + timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
                DeferredTask.objects.filter(pk=deferred.pk).update(
                    last_error=f"{type(error).__name__}: {error}",
                    **({"due_at": later} if task is None else {}),
                )
                logger.warning("deferred %s not sent yet: %s", deferred, error)
                continue
            sent += 1
            if not is_kept(task):
                deferred.delete()
            elif deferred.attempts >= settings.DEFERRED_TASK_MAX_RESENDS:
                logger.error("kept %s sent %s times and never done: dropped", deferred,
                             deferred.attempts + 1)  # fmt: skip
                deferred.delete()
            else:
                grace = timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
                DeferredTask.objects.filter(pk=deferred.pk).update(
                    due_at=now + grace, attempts=deferred.attempts + 1
                )
    return sent
