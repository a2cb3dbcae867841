"""In process, without servers: which errors become the clear 503 and in which shape, and
that enqueueing against a broker that is not there gives up quickly without raising."""

import json
import logging

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from common.outage import OutageMiddleware
from common.storage import StorageUnavailable
from common.tasks import enqueue, enqueue_on_commit
from tests.support.servers import free_port


def _boom(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def _bug(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug, not an outage")


urlpatterns = [path("page/", _boom), path("api/v1/thing/", _boom), path("bug/", _bug)]


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        StorageUnavailable("S3 head_object failed"),
        __import__("kombu.exceptions").exceptions.OperationalError("Error 111"),
        __import__("redis").exceptions.ConnectionError("Error 111 connecting"),
    ],
)
def test_outage_errors_from_a_view_become_the_clear_503_page(error):
    request = RequestFactory().get("/submissions/")
    response = OutageMiddleware(lambda r: HttpResponse()).process_exception(request, error)
    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Temporarily unavailable" in body and "Your saved work is safe" in body


def test_the_api_and_json_callers_get_json():
    middleware = OutageMiddleware(lambda r: HttpResponse())
    for request in (
        RequestFactory().get("/api/v1/submissions/"),
        RequestFactory().post("/submissions/x/", data={}, content_type="application/json"),
        RequestFactory().get("/reviews/", HTTP_ACCEPT="application/json"),
    ):
        response = middleware.process_exception(request, OperationalError("gone"))
        assert response is not None and response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert "temporarily unavailable" in json.loads(response.content)["detail"]


def test_other_errors_are_left_to_the_500_handler():
    request = RequestFactory().get("/")
    assert OutageMiddleware(lambda r: HttpResponse()).process_exception(request, KeyError()) is None


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_through_the_whole_stack_an_outage_is_a_503_and_a_bug_stays_a_500(client):
    client.raise_request_exception = False
    page = client.get("/page/")
    assert page.status_code == 503 and b"Temporarily unavailable" in page.content
    api = client.get("/api/v1/thing/")
    assert api.status_code == 503 and "temporarily unavailable" in api.json()["detail"]
    assert client.get("/bug/").status_code == 500


@pytest.mark.django_db
@override_settings(
    MIDDLEWARE=[
        "common.outage.OutageMiddleware",
        "tests.faults.test_outage_answers.FailingMiddleware",
    ],
    ROOT_URLCONF=__name__,
)
def test_an_outage_inside_another_middleware_also_becomes_the_503(client):
    # A session or cache lookup in a middleware fails before any view runs.
    client.raise_request_exception = False
    response = client.get("/bug/")
    assert response.status_code == 503 and response["Retry-After"] == "30"


class FailingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise __import__("redis").exceptions.ConnectionError("Error 111 connecting to cache")


def test_enqueue_gives_up_quickly_and_logs_when_the_broker_is_not_there(
    settings, monkeypatch, caplog
):
    from celery import Celery

    broker = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    app = Celery("faults-enqueue", broker=broker)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS

    def noop() -> None:
        pass

    task = app.task(name="faults.noop")(noop)
    import common.tasks

    kept: list[tuple[str, tuple]] = []
    # No database in this test (the environment points Celery at a dead broker; a database
    # test here would leave that to later in-process tests): record what would be kept.
    monkeypatch.setattr(
        common.tasks, "_defer", lambda task, args, error, **_: kept.append((task.name, args))
    )
    with caplog.at_level(logging.WARNING, logger="common.tasks"):
        assert enqueue(task, 42, "x") is False
    assert "a sweeper will pick the work up" in caplog.text
    assert kept == [("faults.noop", (42, "x"))]


@pytest.mark.django_db
def test_a_message_the_broker_refused_is_kept_in_the_database():
    from accounts.tasks import sessions_clear_expired_task
    from common.models import DeferredTask
    from common.tasks import _defer

    _defer(sessions_clear_expired_task, (42, "x"), OSError("refused"))
    kept = DeferredTask.objects.get()
    assert (kept.task_name, kept.args) == ("accounts.tasks.clear_expired_sessions", [42, "x"])
    assert kept.last_error == "OSError: refused"


@pytest.mark.django_db
def test_kept_messages_are_sent_again_once_and_unknown_ones_stay(django_user_model):
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from common.models import DeferredTask
    from common.tasks import deferred_tasks_send_task

    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    DeferredTask.objects.create(task_name="accounts.tasks.clear_expired_sessions", args=[])
    DeferredTask.objects.create(task_name="renamed.task", args=[1])
    assert deferred_tasks_send_task() == 1  # tasks run eagerly here: "sent" means it ran
    assert not Session.objects.filter(pk=expired.session_key).exists()
    left = DeferredTask.objects.get()
    # Never accepted (attempts counts accepted sends), and not tried again for a grace period.
    assert (left.task_name, left.attempts) == ("renamed.task", 0)
    assert "no task named" in left.last_error and left.due_at > timezone.now()
    assert deferred_tasks_send_task() == 0


@pytest.mark.django_db
def test_a_task_kept_until_done_is_written_with_its_change_and_forgotten_once_it_ran(
    django_capture_on_commit_callbacks, settings
):
    from django.db import transaction
    from django.utils import timezone

    from common.models import DeferredTask
    from common.tasks import enqueue_on_commit
    from submissions.notifications import submission_email_received_task

    with transaction.atomic(), django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit(submission_email_received_task, 987654)
        kept = DeferredTask.objects.get()  # written with the change, before the commit
    grace = settings.DEFERRED_TASK_GRACE_SECONDS
    assert abs((kept.due_at - timezone.now()).total_seconds() - grace) < 60
    assert (kept.task_name, kept.args) == (submission_email_received_task.name, [987654])
    for callback in callbacks:
        callback()  # the commit: the task runs (eagerly here) and succeeds
    assert not DeferredTask.objects.exists()

    with pytest.raises(RuntimeError), transaction.atomic():  # a change rolled back
        enqueue_on_commit(submission_email_received_task, 987655)
        raise RuntimeError
    assert not DeferredTask.objects.exists()  # keeps nothing


@pytest.mark.django_db
def test_an_overdue_kept_message_is_sent_again_a_few_times_at_most(sender, settings, caplog):
    """Through a real Redis with no worker on it: each overdue send is accepted and the row
    stays, due again after the grace period; after DEFERRED_TASK_MAX_RESENDS it is dropped."""
    from datetime import timedelta

    from django.utils import timezone

    from common.models import DeferredTask
    from common.tasks import deferred_tasks_send_task
    from config.queues import queue_name
    from submissions.notifications import submission_email_received_task

    row = DeferredTask.objects.create(
        task_name=submission_email_received_task.name, args=[5], due_at=timezone.now()
    )
    grace = timedelta(seconds=settings.DEFERRED_TASK_GRACE_SECONDS)
    for attempt in range(1, settings.DEFERRED_TASK_MAX_RESENDS + 1):
        assert deferred_tasks_send_task() == 1
        row.refresh_from_db()
        assert row.attempts == attempt and row.due_at > timezone.now() + grace * 0.9
        assert deferred_tasks_send_task() == 0  # not due again yet
        DeferredTask.objects.filter(pk=row.pk).update(due_at=timezone.now())
    with caplog.at_level(logging.ERROR, logger="common.tasks"):
        assert deferred_tasks_send_task() == 1  # the last copy goes, and the row with it
    assert "never done: dropped" in caplog.text
    assert not DeferredTask.objects.exists()
    # An email: it goes to the run's email queue (config/queues.py).
    queued = sender.connection_for_write().default_channel.client.llen(
        queue_name(sender.conf.task_default_queue, "email")
    )
    assert queued == settings.DEFERRED_TASK_MAX_RESENDS + 1


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit_and_runs_eager_tasks(
    django_capture_on_commit_callbacks,
):
    from config.celery_app import app

    ran: list[int] = []

    def record(value: int) -> None:
        ran.append(value)

    task = app.task(name="faults.record")(record)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(task, 7)
        assert ran == []
    assert len(callbacks) == 1 and ran == [7]
