"""Enqueueing background work so that a broker outage delays it and never fails the caller.

Every task is sent after the commit of the change it follows (a worker never sees less). If
the broker cannot take the message then, the change is already saved: raising would show the
user an error for work that succeeded. So the message is kept in the database (DeferredTask)
and sent again once the broker answers (`deferred_tasks_send_task`, every minute), and the periodic
sweepers (artifacts_sweep, badges_sweep, ...) find what was left undone as well. See
docs/decisions/0011-outages-delay-never-lose.md and 0016-tasks-kept-until-done.md.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from celery import Task, current_app, shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.backoff import backoff_seconds
from common.models import DeferredTask

logger = logging.getLogger(__name__)
T = TypeVar("T")

# One quick retry, then give up: a request must not hang while the broker is away. (The
# socket timeouts in CELERY_BROKER_TRANSPORT_OPTIONS bound each attempt.)
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.5,
    "interval_max": 1.0,
}
# Every email task's retries: 30 s, 60 s, 120 s ... at most an hour apart, 8 times (about 4 h).
EMAIL_MAX_RETRIES = 8


def email_send_or_retry(task: Task, send: Callable[[], object], *, about: str) -> None:
    """Run `send` (one email service call); any failure is retried later with backoff.

    SMTP failures come in many types and every one is worth another try; the services send
    each email at most once, so a retry after a partial success is harmless. `about` names the
    email in the log ("review 12: decision")."""
    try:
        send()
    except Exception as error:  # the mail server is down or refused: try again later
        countdown = backoff_seconds(task.request.retries, base=30, cap=3600)
        if task.request.retries >= EMAIL_MAX_RETRIES:
            logger.error("%s: email failed (%s), the last of its tries: giving up", about, error)
        else:
            logger.warning("%s: email failed (%s), retrying in %s s", about, error, countdown)
        raise task.retry(exc=error, countdown=countdown, max_retries=EMAIL_MAX_RETRIES) from error


def keep_until_done(task: T) -> T:
    """Mark a task whose work no sweeper would redo (an email, a file purge, a notice): its
    message is kept in the database until it has run (enqueue_on_commit). Put it above
    @shared_task."""
    task.keep_until_done = True  # type: ignore[attr-defined]
    return task


def is_kept(task: Any) -> bool:
    """Whether `task` was marked @keep_until_done."""
    return bool(getattr(task, "keep_until_done", False))


def enqueue(task: Task, *args: Any, kept_id: int | None = None) -> bool:
    """Send `task(*args)` to the broker now; False (and a log line) if it cannot be sent.

    `kept_id`: the DeferredTask row already keeping this message (enqueue_on_commit).
    """
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
        _defer(task, args, error, kept_id=kept_id)
        return False
    return True


def _defer(
    task: Task, args: tuple[Any, ...], error: Exception, *, kept_id: int | None = None
) -> None:
    """Keep the message in the database; deferred_tasks_send_task sends it again."""
    reason = f"{type(error).__name__}: {error}"
    try:
        if kept_id is not None:  # already kept: send it at the next run rather than later
            DeferredTask.objects.filter(pk=kept_id).update(due_at=None, last_error=reason)
        else:
            DeferredTask.objects.create(task_name=task.name, args=list(args), last_error=reason)
    except Exception:
        # The database is away as well: the request that committed this work has just
        # succeeded against it, so this is rare; the app's own sweepers remain.
        logger.exception("could not keep %s%r for later either", task.name, args)


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Enqueue `task(*args)` once the current transaction commits (now, outside one).

    A task marked `keep_until_done` (work that no sweeper would redo) is also written to the
    database now, with the change it follows, and stays there until it has run (see
    `task_done`): a message the broker accepted and then lost is sent again after
    DEFERRED_TASK_GRACE_SECONDS.
    """
    kept_id = _keep(task, args) if is_kept(task) else None
    transaction.on_commit(lambda: enqueue(task, *args, kept_id=kept_id))


def _keep(task: Task, args: tuple[Any, ...]) -> int:
    due = timezone.now() + timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
    return DeferredTask.objects.create(task_name=task.name, args=list(args), due_at=due).pk


def task_done(sender: Task | None = None, **kwargs: Any) -> None:
    """Celery signal (task_success, and task_failure once its retries are spent): a kept
    message's work is over, so it is no longer kept."""
    if sender is None or not is_kept(sender):
        return
    args = list(kwargs.get("args") or sender.request.args or [])
    try:
        DeferredTask.objects.filter(task_name=sender.name, args=args).delete()
    except Exception:  # the database is away: the copy sent again later will find work done
        logger.warning("could not forget the kept %s%r", sender.name, args, exc_info=True)


# At most this many kept messages per run: a long outage drains over a few minutes.
DEFERRED_BATCH = 500


# Registered under its name of the previous release, so beat and queued messages find it.
# Registered under its name of the previous release, so beat and queued messages find it.
@shared_task(acks_late=True, name="accounts.tasks.send_deferred_tasks")
def deferred_tasks_send_task() -> int:
    """Periodic: send again the task messages the broker could not take, and those kept until
    done that are overdue.

    Rows are taken with SKIP LOCKED, so two runs never send one twice. A refused message's row
    goes once its message is accepted; a kept one stays, due again after the grace period, until
    its task has run (or it was sent DEFERRED_TASK_MAX_RESENDS times). Returns how many were
    sent."""
    sent = 0
    now = timezone.now()
    with transaction.atomic():
        batch = (
            DeferredTask.objects.select_for_update(skip_locked=True)
            .filter(Q(due_at__isnull=True) | Q(due_at__lte=now))
            .order_by("id")[:DEFERRED_BATCH]
        )
        for deferred in batch:
            if _send_again(deferred, now):
                sent += 1
    return sent


def _send_again(deferred: DeferredTask, now: datetime) -> bool:
    """Send one kept message again; whether the broker accepted it."""
    task = current_app.tasks.get(deferred.task_name)
    try:
        if task is None:
            raise LookupError(f"no task named {deferred.task_name}")
        task.apply_async(deferred.args)
    except Exception as error:
        # Still away: keep it, say why, try again next run. `attempts` counts accepted sends
        # only, so refusals during an outage never use up a kept message's resends. A name no
        # worker knows (a rolling deploy, a rename) waits a grace period, so such rows neither
        # fill every batch nor log each minute.
        later = now + timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
        DeferredTask.objects.filter(pk=deferred.pk).update(
            last_error=f"{type(error).__name__}: {error}",
            **({"due_at": later} if task is None else {}),
        )
        logger.warning("deferred %s not sent yet: %s", deferred, error)
        return False
    if not is_kept(task):
        deferred.delete()
    elif deferred.attempts >= settings.DEFERRED_TASK_MAX_RESENDS:
        logger.error(
            "kept %s sent %s times and never done: dropped", deferred, deferred.attempts + 1
        )
        deferred.delete()
    else:
        grace = timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
        DeferredTask.objects.filter(pk=deferred.pk).update(
            due_at=now + grace, attempts=deferred.attempts + 1
        )
    return True
