"""The sweeper of kept task messages (common.tasks.deferred_tasks_send_task, ADR 0016): refusals
during an outage never use up a kept message's resends, and a task name no worker knows waits
instead of being tried every minute."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.models import DeferredTask
from common.tasks import deferred_tasks_send_task
from submissions.notifications import submission_email_received_task

pytestmark = pytest.mark.django_db


def test_a_kept_message_refused_several_times_stays_kept_once_sent(monkeypatch):
    task = submission_email_received_task._get_current_object()
    sends = []

    def flaky_broker(args, **options):  # type: ignore[no-untyped-def]
        sends.append(args)
        if len(sends) <= 4:
            raise OSError("broker refused")  # a flapping outage, one refusal per sweeper run

    monkeypatch.setattr(task, "apply_async", flaky_broker, raising=False)
    row = DeferredTask.objects.create(task_name=task.name, args=[5], due_at=None)
    for _ in range(4):
        assert deferred_tasks_send_task() == 0
    row.refresh_from_db()
    assert row.attempts == 0 and "broker refused" in row.last_error
    assert deferred_tasks_send_task() == 1  # accepted at last: in flight, not yet done
    row.refresh_from_db()  # still kept until its task has run
    assert row.attempts == 1 and row.due_at > timezone.now()


def test_an_unknown_task_name_waits_a_grace_period(settings):
    row = DeferredTask.objects.create(task_name="gone.tasks.renamed", args=[1], due_at=None)
    assert deferred_tasks_send_task() == 0
    row.refresh_from_db()
    grace = timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
    assert row.due_at > timezone.now() + grace * 0.9
    assert "no task named gone.tasks.renamed" in row.last_error
    assert deferred_tasks_send_task() == 0  # not tried again at the next run
