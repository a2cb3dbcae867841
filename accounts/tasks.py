import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def clear_expired_sessions() -> None:
    """Periodic housekeeping: drop expired sessions."""
    call_command("clearsessions")


# At most this many kept messages per run: a long outage drains over a few minutes.
DEFERRED_BATCH = 500


@shared_task(acks_late=True, name="accounts.tasks.send_deferred_tasks")
def send_deferred_tasks() -> int:
    """Periodic: send again the task messages the broker could not take (config/tasks.py).

    Rows are taken with SKIP LOCKED, so two runs never send one twice; a row goes only once
    its message is accepted. Returns how many were sent."""
    from django.db import transaction

    from config.celery_app import app

    from .models import DeferredTask

    sent = 0
    with transaction.atomic():
        batch = DeferredTask.objects.select_for_update(skip_locked=True)[:DEFERRED_BATCH]
        for deferred in batch:
            task = app.tasks.get(deferred.task_name)
            try:
                if task is None:
                    raise LookupError(f"no task named {deferred.task_name}")
                task.apply_async(deferred.args)
            except Exception as error:
                # Still away (or renamed): keep it, say why, try again next run.
                DeferredTask.objects.filter(pk=deferred.pk).update(
                    attempts=deferred.attempts + 1, last_error=f"{type(error).__name__}: {error}"
                )
                logger.warning("deferred %s not sent yet: %s", deferred, error)
                continue
            deferred.delete()
            sent += 1
    return sent
