"""Webhooks: the four events emitted by the real services, signed and delivered to a real HTTP
receiver; retries, the cap, the sweeper, a real worker. Where deliveries may go:
test_webhook_addresses.py; the pages and endpoints: test_webhook_pages.py."""

import hashlib
import hmac
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from badges import services as badge_services
from badges.models import Badge
from integrations import webhooks
from integrations.models import WebhookDelivery
from integrations.tasks import webhook_deliver_task
from reviews import services as review_services
from reviews.models import ReviewPolicy
from submissions import services as submission_services
from tests.support.credentials import published_credential
from tests.support.servers import free_port

ALL_EVENTS = ["submission.submitted", "review.completed", "badge.awarded", "badge.revoked"]


# --------------------------------------------------------------------------------------------
# A real HTTP receiver on 127.0.0.1
# --------------------------------------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)  # statuses to answer, then 200
    received: list[Received] = field(default_factory=list)

    def events(self):
        return [item.headers["X-Webhook-Event"] for item in self.received]


def signature_ok(secret: str, item: Received) -> bool:
    """What an integrator does: recompute the HMAC over "<timestamp>.<body>"."""
    message = item.headers["X-Webhook-Timestamp"].encode() + b"." + item.body
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, item.headers["X-Webhook-Signature"])


@pytest.fixture
def receiver():
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/microcred"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fast_retries(settings, tmp_path):
    # Retries come at once (eager tasks run them in line); badge images go to a temp dir.
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0
    settings.SITE_URL = "http://testserver"
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }


def endpoint_for(org, url, events=ALL_EVENTS, by=None):
    endpoint, secret = webhooks.webhook_endpoint_create(
        organization=org, url=url, event_types=list(events), by=by
    )
    return endpoint, secret


def staff_page(cast) -> Client:
    client = Client()
    client.force_login(cast.district_admin)
    return client


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --------------------------------------------------------------------------------------------
# The four events, from the real services
# --------------------------------------------------------------------------------------------


@pytest.fixture
def credential(cast):
    credential = published_credential(cast.issuer, "webhook-checks", with_artifact=False)
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    ReviewPolicy.objects.update_or_create(
        issuer=cast.issuer, defaults={"second_review_rate": Decimal("0")}
    )
    return credential


def submit(educator, credential):
    submission = submission_services.submission_start(educator=educator, credential=credential)
    for requirement in submission.version.requirements.filter(kind="text", required=True):
        submission_services.response_save(
            submission=submission, requirement=requirement, text="We checked.", by=educator
        )
    return submission_services.submission_submit(submission=submission, by=educator)


def pass_review(submission, reviewer):
    review = review_services.review_claim(submission=submission, reviewer=reviewer)
    version = submission.version
    scores = [
        review_services.ScoreInput(criterion, criterion.levels.get(passing=True), "")
        for criterion in version.criteria.all()
    ]
    return review_services.review_complete(review=review, by=reviewer, scores=scores, feedback="")


@pytest.mark.django_db
def test_the_four_events_reach_the_district_and_the_state_signed(
    cast, credential, receiver, django_capture_on_commit_callbacks
):
    district, district_secret = endpoint_for(cast.district, receiver.url)
    state, state_secret = endpoint_for(cast.state, receiver.url + "?from=state", ["badge.awarded"])
    endpoint_for(cast.other_district, receiver.url + "?from=other")

    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(cast.educator, credential)
    with django_capture_on_commit_callbacks(execute=True):
        pass_review(submission, cast.reviewer)
    badge = Badge.objects.get(submission=submission)
    with django_capture_on_commit_callbacks(execute=True):
        badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Issued in error")

    to_state = [r for r in receiver.received if r.path.endswith("from=state")]
    to_district = [r for r in receiver.received if "from=" not in r.path]
    assert [r.headers["X-Webhook-Event"] for r in to_district] == ALL_EVENTS
    assert [r.headers["X-Webhook-Event"] for r in to_state] == ["badge.awarded"]
    assert len(receiver.received) == 5  # nothing for the other district
    assert all(signature_ok(district_secret, r) for r in to_district)
    assert all(signature_ok(state_secret, r) for r in to_state)
    assert not signature_ok(state_secret, to_district[0])
    by_event = {r.headers["X-Webhook-Event"]: r for r in to_district}
    submitted = by_event["submission.submitted"].json
    assert submitted["type"] == "submission.submitted"
    assert submitted["id"] == by_event["submission.submitted"].headers["X-Webhook-Id"]
    assert submitted["data"]["submission"]["id"] == str(submission.public_id)
    assert submitted["data"]["educator"]["email"] == "educator@test.org"
    assert submitted["data"]["micro_credential"]["slug"] == "webhook-checks"
    assert by_event["review.completed"].json["data"]["decision"] == "passed"
    awarded = by_event["badge.awarded"].json["data"]["badge"]
    assert awarded["id"] == str(badge.public_id)
    assert awarded["assertion_url"].endswith(f"{badge.public_id}")
    revoked = by_event["badge.revoked"].json["data"]["badge"]
    assert revoked["revocation_reason"] == "Issued in error" and revoked["revoked_at"]
    assert WebhookDelivery.objects.filter(endpoint=district, status="delivered").count() == 4
    assert WebhookDelivery.objects.filter(endpoint=state, status="delivered").count() == 1
    # Nothing about another district's educators, and no rubric scores or feedback.
    assert "feedback" not in json.dumps([r.json for r in receiver.received])


@pytest.mark.django_db
def test_an_educator_elsewhere_triggers_nothing_here(
    cast, credential, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(cast.district, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        submit(cast.other_educator, credential)
    assert receiver.received == []
    assert WebhookDelivery.objects.count() == 0


@pytest.mark.django_db
def test_paused_endpoint_and_unsubscribed_events_get_nothing(
    cast, credential, receiver, django_capture_on_commit_callbacks
):
    paused, _ = endpoint_for(cast.district, receiver.url)
    webhooks.webhook_endpoint_update(endpoint=paused, is_active=False)
    endpoint_for(cast.school, receiver.url, ["badge.revoked"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(cast.educator, credential)
    assert receiver.received == []


# --------------------------------------------------------------------------------------------
# Retries, the cap, idempotency and the sweeper
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_500_then_200_is_retried_and_delivered(cast, receiver, django_capture_on_commit_callbacks):
    endpoint, secret = endpoint_for(cast.district, receiver.url)
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempts == 2 and delivery.last_status_code == 200
    first, second = receiver.received
    assert first.headers["X-Webhook-Id"] == second.headers["X-Webhook-Id"] == str(delivery.event_id)
    assert signature_ok(secret, second)


@pytest.mark.django_db
def test_a_receiver_that_is_down_fails_after_the_cap(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 8
    endpoint, _ = endpoint_for(cast.district, f"http://127.0.0.1:{free_port()}/down")
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 8
    assert delivery.last_status_code is None and "refused" in delivery.last_error.lower()
    log = staff_page(cast).get(
        reverse("organizations:integration_webhook", args=[endpoint.public_id])
    )
    assert "Failed" in log.content.decode()


@pytest.mark.django_db
def test_redirects_are_not_followed(cast, receiver, django_capture_on_commit_callbacks, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint, _ = endpoint_for(cast.district, receiver.url)
    receiver.answers = [302]
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_status_code == 302
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_backoff_then_the_sweeper_delivers_and_duplicates_do_nothing(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 30
    endpoint, _ = endpoint_for(cast.district, receiver.url)
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=20)
    webhook_deliver_task(delivery.pk)  # a duplicate message before the attempt is due
    assert len(receiver.received) == 1
    assert webhooks.webhooks_sweep() == 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert webhooks.webhooks_sweep() == 1  # the lost retry message, found again
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    webhook_deliver_task(delivery.pk)  # once delivered, running again changes nothing
    assert len(receiver.received) == 2


@pytest.mark.django_db
def test_redeliver_sends_the_same_event_again(cast, receiver, django_capture_on_commit_callbacks):
    endpoint, _ = endpoint_for(cast.district, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_page(cast).post(
            reverse("organizations:integration_redeliver", args=[delivery.public_id])
        )
    assert response.status_code == 302
    first, again = receiver.received
    assert first.body == again.body
    assert WebhookDelivery.objects.filter(event_id=delivery.event_id).count() == 2


# --------------------------------------------------------------------------------------------
# Through a real Celery worker on Redis
# --------------------------------------------------------------------------------------------


@pytest.fixture
def redis_worker(transactional_db, settings, monkeypatch, tmp_path):
    """A real worker on a queue of our own, on the broker this run was given."""
    from config.celery_app import app
    from config.queues import all_queues
    from tests.support.servers import ROOT
    from tests.support.worker import SENDING_CONF, Worker, forget_connections, sending_to

    broker = os.environ.get("CELERY_BROKER_URL", settings.CELERY_BROKER_URL)
    monkeypatch.setenv("CELERY_BROKER_URL", broker)  # Celery reads the environment first
    queue = f"webhooks-test-{uuid.uuid4().hex[:8]}"
    saved = {k: app.conf[k] for k in SENDING_CONF}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=broker, **sending_to(queue))
    forget_connections(app)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_S3", "CELERY_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_NAME_OVERRIDE": connection.settings_dict["NAME"],
        "WEBHOOKS_RETRY_BASE_SECONDS": "1",
    }
    assert ROOT.exists()
    worker = Worker(env, tmp_path / "worker.log").start()
    yield worker
    worker.stop()
    app.conf.update(saved)
    forget_connections(app)
    import redis

    redis.Redis.from_url(broker).delete(*all_queues(queue))


def wait_until(condition, limit=60.0):
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish the delivery")
        time.sleep(0.2)


def test_a_real_worker_delivers_and_retries(cast, receiver, redis_worker):
    endpoint, secret = endpoint_for(cast.district, receiver.url)
    receiver.answers = [500]
    delivery = webhooks.webhook_test_send(endpoint=endpoint)  # autocommit: enqueued now

    def done():
        delivery.refresh_from_db()
        return delivery.status != "pending"

    wait_until(done)
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert len(receiver.received) == 2 and signature_ok(secret, receiver.received[1])
