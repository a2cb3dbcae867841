"""In process, without servers: which errors become the clear 503 and in which shape, and
that enqueueing against a broker that is not there gives up quickly without raising."""

import json
import logging

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from config.outage import OutageMiddleware
from config.tasks import enqueue, enqueue_on_commit
from submissions.media import StorageUnavailable
from tests.servers import free_port


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
        "config.outage.OutageMiddleware",
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
    with caplog.at_level(logging.WARNING, logger="config.tasks"):
        assert enqueue(task) is False
    assert "a sweeper will pick the work up" in caplog.text


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
