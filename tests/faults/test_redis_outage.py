"""Redis (broker and cache) goes down while an educator submits and a reviewer passes: the
pages and the API answer normally (rate limits count per process meanwhile), nothing is lost,
and once Redis is back the kept messages go out and the sweeper has the badge issued, exactly
once."""

import pytest
import requests

from badges.models import Badge
from badges.services import badges_sweep
from badges.tasks import badge_award_task
from submissions.models import Submission
from tests.support.factories import PASSWORD
from tests.support.faults import Visitor, assert_clear, review_and_pass, wait_until
from tests.support.submissions import draft_ready_to_submit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_redis_outage_delays_the_badge_and_loses_nothing(
    app_factory, private_redis, cast, text_credential, settings
):
    app = app_factory()
    app.worker.start()
    submission = draft_ready_to_submit(cast.educator, text_credential)
    educator = Visitor(app.url, cast.educator)
    reviewer = Visitor(app.url, cast.reviewer)
    assert educator.get(f"/submissions/{submission.public_id}/").status_code == 200

    private_redis.stop()

    # The educator submits: the page answers as usual although the broker cannot take the
    # "we received it" email; the submission is saved.
    submitted = educator.post(f"/submissions/{submission.public_id}/submit/", {"confirm": "1"})
    assert_clear(submitted, 302)
    assert submitted.status_code == 302
    page = educator.get(f"/submissions/{submission.public_id}/")
    assert_clear(page, 200)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED

    # The reviewer passes it through the review pages; no badge can be queued yet.
    responses, _ = review_and_pass(reviewer, submission)
    for response in responses:
        assert_clear(response, 200, 302)
    assert responses[-1].status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PASSED
    assert not Badge.objects.filter(submission=submission).exists()

    # The API answers (its rate limits count per process meanwhile: common/cache.py); the
    # readiness probe says Redis is away, naming the broker.
    mine = educator.get("/api/v1/submissions/", headers={"Accept": "application/json"})
    assert mine.status_code == 200 and mine.json()["count"] == 1
    ready = educator.get("/readyz")
    assert ready.status_code == 503 and "broker" in ready.json()["failed"]

    private_redis.start()  # back, empty: nothing was queued while it was away
    # The worker survived the outage and reconnects by itself.
    app.wait_for_log("Connected to redis://", count=2, timeout=60)
    assert app.worker.process.poll() is None

    settings.BADGES_SWEEP_GRACE_SECONDS = 0
    assert badges_sweep()["issues"] == 1
    badge = wait_until(
        lambda: Badge.objects.filter(submission=submission).first(), what="the badge"
    )
    # A late duplicate message changes nothing, and the next sweep finds nothing to issue.
    app.wait_for_log("has badge", count=1)
    badge_award_task.delay(submission.pk)
    app.wait_for_log("has badge", count=2)
    assert badges_sweep()["issues"] == 0
    assert Badge.objects.filter(submission=submission).count() == 1
    wait_until(
        lambda: Badge.objects.filter(pk=badge.pk, issued_email_sent_at__isnull=False).exists(),
        what="the badge email",
    )
    mine = educator.get("/badges/")
    assert mine.status_code == 200 and badge.title in mine.text


def test_an_email_lost_with_redis_is_sent_again_from_the_database(
    app_factory, private_redis, cast, text_credential, tmp_path
):
    """The broker took the "we received it" message, then Redis restarted empty before any
    worker ran it: the message was kept in the database with the submission, so it goes out
    once it is overdue, and is forgotten once sent."""
    from datetime import timedelta

    from django.utils import timezone

    from common.models import DeferredTask
    from common.tasks import deferred_tasks_send_task

    mail = tmp_path / "mail"
    app = app_factory(TEST_EMAIL_FILE_PATH=str(mail))  # the worker is not started yet
    submission = draft_ready_to_submit(cast.educator, text_credential)
    educator = Visitor(app.url, cast.educator)
    assert_clear(
        educator.post(f"/submissions/{submission.public_id}/submit/", {"confirm": "1"}), 302
    )
    task = "submissions.notifications.send_submission_received"
    kept = DeferredTask.objects.get(task_name=task, args=[submission.pk])
    assert kept.due_at > timezone.now() + timedelta(minutes=20)  # in flight, not overdue

    private_redis.stop()
    private_redis.start()  # back, empty: the accepted message is gone
    app.worker.start(TEST_EMAIL_FILE_PATH=str(mail))
    assert deferred_tasks_send_task() == 0  # not overdue yet: nothing is sent twice early
    DeferredTask.objects.filter(pk=kept.pk).update(due_at=timezone.now())

    assert deferred_tasks_send_task() == 1
    wait_until(
        lambda: not DeferredTask.objects.filter(pk=kept.pk).exists(),
        what="the kept message to be done",
        app=app,
    )
    sent = [path.read_text() for path in mail.iterdir()]
    assert len(sent) == 1 and "We received your submission" in sent[0]
    assert cast.educator.email in sent[0]


def _sign_in(url: str, email: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(
        f"{url}/api/v1/auth/token/", json={"email": email, "password": password}, timeout=30
    )


def test_the_api_signs_in_saves_submits_and_reviews_while_redis_is_away(
    app_factory, private_redis, cast, text_credential, tmp_path
):
    """Every API call used to answer 503 (rate limits need the cache): now token sign-in, an
    autosave, a submit and a claim succeed, the limits still limit (per process: gunicorn
    runs one here), and the messages Redis refused go out once it is back, once each."""
    from common.models import DeferredTask
    from common.tasks import deferred_tasks_send_task
    from submissions import services

    mail = tmp_path / "mail"
    app = app_factory(TEST_EMAIL_FILE_PATH=str(mail))
    app.worker.start(TEST_EMAIL_FILE_PATH=str(mail))
    submission = services.submission_start(educator=cast.educator, credential=text_credential)
    required = submission.version.requirements.filter(kind="text", required=True)
    private_redis.stop()

    signed_in = _sign_in(app.url, cast.educator.email)
    assert signed_in.status_code == 201, signed_in.text
    educator = {"Authorization": f"Token {signed_in.json()['token']}"}
    base = f"{app.url}/api/v1/submissions/{submission.public_id}"
    for requirement in required:  # the autosave of each answer
        saved = requests.put(
            f"{base}/responses/{requirement.public_id}/",
            json={"text": "We check understanding every day."},
            headers=educator,
            timeout=30,
        )
        assert saved.status_code == 200, saved.text
    submitted = requests.post(f"{base}/submit/", headers=educator, timeout=30)
    assert submitted.status_code == 200, submitted.text
    reviewer = {"Authorization": f"Token {_sign_in(app.url, cast.reviewer.email).json()['token']}"}
    claimed = requests.post(
        f"{app.url}/api/v1/review-queue/claim/",
        json={"submission": str(submission.public_id)},
        headers=reviewer,
        timeout=30,
    )
    assert claimed.status_code == 201, claimed.text
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_REVIEW

    # Token sign-in allows 10 a minute per address; two are spent. The limit still holds.
    answers = [_sign_in(app.url, f"nobody{n}@example.org", "wrong").status_code for n in range(10)]
    assert answers == [400] * 8 + [429] * 2

    kept = DeferredTask.objects.filter(args__0=submission.pk)
    assert kept.exists()  # what the broker refused meanwhile is in the database
    private_redis.start()
    app.wait_for_log("Connected to redis://", count=2, timeout=60)
    assert deferred_tasks_send_task() >= 1
    wait_until(lambda: not kept.exists(), what="the kept messages to be done", app=app)
    sent = [path.read_text() for path in mail.iterdir()] if mail.exists() else []
    received = [text for text in sent if "We received your submission" in text]
    assert len(received) == 1 and cast.educator.email in received[0]
