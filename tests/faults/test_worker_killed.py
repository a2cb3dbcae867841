"""The worker is killed (SIGKILL, the machine went away) in the middle of issuing a badge:
after a restart the work completes exactly once. (A kill during artifact processing is in
tests/submissions/test_artifacts_processing.py.)"""

import psycopg
import pytest
from django.db import connection

from badges.models import Badge, BadgeEvent
from badges.services import badges_sweep
from reviews.models import Review
from submissions import services
from submissions.models import Submission
from tests.support.faults import Visitor, review_and_pass, wait_until
from tests.support.submissions import draft_ready_to_submit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _dsn() -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker_waits_for_lock(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        # Only the worker can be waiting for a lock here (the text of its query is cut short).
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    ).fetchone()
    return bool(row and row[0])


def test_a_worker_killed_while_issuing_a_badge_issues_it_once_after_restart(
    app_factory, cast, text_credential, settings
):
    app = app_factory()
    submission = draft_ready_to_submit(cast.educator, text_credential)
    services.submission_submit(submission=submission, by=cast.educator)
    responses, _ = review_and_pass(Visitor(app.url, cast.reviewer), submission)
    assert responses[-1].status_code == 302  # passed; the issue task waits in Redis

    # Hold the submission's row lock so that the worker stops inside badge_award, then kill it.
    with psycopg.connect(_dsn()) as holder, psycopg.connect(_dsn(), autocommit=True) as watch:
        holder.execute(
            "SELECT id FROM submissions_submission WHERE id = %s FOR UPDATE", [submission.pk]
        )
        # Redis hands an unacknowledged message out again after 3 s instead of an hour.
        app.worker.start(TEST_VISIBILITY_TIMEOUT=3)
        wait_until(lambda: _worker_waits_for_lock(watch), timeout=60, what="the worker to issue")
        app.worker.kill()
        holder.rollback()
    assert not Badge.objects.filter(submission=submission).exists()

    # A new worker: Redis redelivers the unacknowledged message, and the sweeper queues the
    # issue again too. Both run; there is one badge, one "issued" event, one email sent.
    app.worker.start(TEST_VISIBILITY_TIMEOUT=3)
    settings.BADGES_SWEEP_GRACE_SECONDS = 0
    assert badges_sweep()["issues"] == 1
    app.wait_for_log("has badge", count=2, timeout=60)
    badges = Badge.objects.filter(submission=submission)
    assert badges.count() == 1
    badge = badges.get()
    assert BadgeEvent.objects.filter(badge=badge, action=BadgeEvent.Action.ISSUED).count() == 1
    wait_until(
        lambda: Badge.objects.filter(pk=badge.pk, issued_email_sent_at__isnull=False).exists(),
        what="the badge email",
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PASSED
    assert Review.objects.filter(submission=submission).count() == 1
