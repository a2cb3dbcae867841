"""Enqueueing background work so that a broker outage delays it and never fails the caller.

Every task is sent after the commit of the change it follows (a worker never sees less). If
the broker cannot take the message then, the change is already saved: raising would show the
user an error for work that succeeded. So the message is kept in the database
(accounts.DeferredTask) and sent again once the broker answers, and the periodic sweepers
(artifacts_sweep, badges_sweep, ...) find what was left undone as well. See
docs/decisions/0011-outages-delay-never-lose.md.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)

# One quick retry, then give up: a request must not hang while the broker is away. (The
# socket timeouts in CELERY_BROKER_TRANSPORT_OPTIONS bound each attempt.)
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.5,
    "interval_max": 1.0,
}


def enqueue(task: Task, *args: Any) -> bool:
    """Send `task(*args)` to the broker now; False (and a log line) if it cannot be sent."""
    if task.app.conf.task_always_eager:
        # Tasks run in this process (local settings, most tests): their errors are their own.
        task.delay(*args)
        return True
    try:
        task.apply_async(args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception as error:  # kombu, redis and socket errors: the broker is away
        logger.warning(
            "could not enqueue %s%r (%s: %s); a sweeper will pick the work up",
            task.name,
            args,
            type(error).__name__,
            error,
        )
        _defer(task, args, error)
        return False
    return True


def _defer(task: Task, args: tuple[Any, ...], error: Exception) -> None:
    """Keep the message in the database; accounts.tasks.send_deferred_tasks sends it again."""
    from accounts.models import DeferredTask

    try:
        DeferredTask.objects.create(
            task_name=task.name, args=list(args), last_error=f"{type(error).__name__}: {error}"
        )
    except Exception:
        # The database is away as well: the request that committed this work has just
        # succeeded against it, so this is rare; the app's own sweepers remain.
        logger.exception("could not keep %s%r for later either", task.name, args)


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Enqueue `task(*args)` once the current transaction commits (now, outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args))
