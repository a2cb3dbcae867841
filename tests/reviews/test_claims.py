"""Claims: atomic under concurrency, one active per submission, release, expiry, emails."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reviews import selectors, services, tasks
from reviews.models import Review, ReviewEvent
from reviews.services import AlreadyClaimed
from submissions.models import Submission, SubmissionEvent
from tests.support.reviews import make_reviewer, set_policy
from tests.support.submissions import submit


@pytest.mark.django_db
def test_claiming_puts_the_submission_in_review_for_claim_hours_with_an_audit_trail(
    cast, submitted, django_capture_on_commit_callbacks, mailoutbox
):
    set_policy(cast.issuer, claim_hours=24)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.IN_REVIEW
    assert review.kind == Review.Kind.FIRST
    expected = before + timedelta(hours=24)
    assert expected <= review.claim_expires_at <= expected + timedelta(minutes=1)
    assert list(review.events.values_list("action", flat=True)) == ["claimed"]
    event = SubmissionEvent.objects.filter(submission=submitted).last()
    assert (event.from_status, event.to_status, event.actor) == (
        "submitted",
        "in_review",
        cast.reviewer,
    )
    # The educator hears that review has started.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [cast.educator.email]
    assert "in review" in mailoutbox[0].subject
    assert str(submitted.public_id) in mailoutbox[0].body
    # It left the queue.
    assert not selectors.review_queue_for(cast.reviewer).exists()


@pytest.mark.django_db
def test_a_second_reviewer_gets_already_claimed_and_the_holder_gets_their_claim_back(
    cast, credential, submitted
):
    other = make_reviewer(cast.issuer, credential)
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    with pytest.raises(AlreadyClaimed, match="already claimed"):
        services.review_claim(submission=submitted, reviewer=other)
    again = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    assert again.pk == review.pk
    assert Review.objects.filter(submission=submitted).count() == 1


@pytest.mark.django_db
def test_one_active_claim_per_submission_is_a_database_constraint(cast, credential, submitted):
    other = make_reviewer(cast.issuer, credential)
    services.review_claim(submission=submitted, reviewer=cast.reviewer)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            submission=submitted,
            reviewer=other,
            claimed_at=now,
            claim_expires_at=now + timedelta(hours=1),
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_have_exactly_one_winner(cast, credential):
    services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    reviewers = [cast.reviewer] + [make_reviewer(cast.issuer, credential) for _ in range(7)]
    submission = submit(cast.educator, credential)
    barrier = threading.Barrier(len(reviewers))
    won, lost, errors = [], [], []

    def attempt(reviewer):
        try:
            barrier.wait()
            review = services.review_claim(submission=submission, reviewer=reviewer)
            won.append(review.reviewer_id)
        except AlreadyClaimed:
            lost.append(reviewer.pk)
        except Exception as error:  # pragma: no cover - the assertion reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(won) == 1
    assert len(lost) == len(reviewers) - 1
    assert Review.objects.filter(submission=submission, status="active").count() == 1
    submission.refresh_from_db()
    assert submission.status == "in_review"
    assert SubmissionEvent.objects.filter(submission=submission, to_status="in_review").count() == 1


@pytest.mark.django_db
def test_release_puts_the_submission_back_in_the_queue(cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    services.review_release(review=review, by=cast.reviewer)
    review.refresh_from_db()
    submitted.refresh_from_db()
    assert review.status == Review.Status.RELEASED
    assert submitted.status == Submission.Status.SUBMITTED
    assert submitted.pk in selectors.review_queue_for(cast.reviewer).values_list("pk", flat=True)
    assert SubmissionEvent.objects.filter(submission=submitted).last().from_status == "in_review"
    with pytest.raises(services.ClaimNotHeld):
        services.review_release(review=review, by=cast.reviewer)


@pytest.mark.django_db
def test_only_the_holder_may_release(cast, credential, submitted):
    other = make_reviewer(cast.issuer, credential)
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    with pytest.raises(services.ClaimNotHeld):
        services.review_release(review=review, by=other)


@pytest.mark.django_db
def test_the_periodic_job_expires_claims_past_claim_hours_and_is_idempotent(
    cast, credential, submitted
):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    assert services.review_claims_expire() == []  # not due yet
    later = review.claim_expires_at + timedelta(seconds=1)
    assert services.review_claims_expire(now=later) == [review.pk]
    assert services.review_claims_expire(now=later) == []
    review.refresh_from_db()
    submitted.refresh_from_db()
    assert review.status == Review.Status.EXPIRED
    assert submitted.status == Submission.Status.SUBMITTED
    assert review.events.last().action == ReviewEvent.Action.EXPIRED
    # Back in the queue: someone else may claim it now.
    other = make_reviewer(cast.issuer, credential)
    assert services.review_claim(submission=submitted, reviewer=other).reviewer == other


@pytest.mark.django_db
def test_the_expiry_task_runs_the_service(cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    Review.objects.filter(pk=review.pk).update(claim_expires_at=timezone.now())
    tasks.review_claims_expire_task.delay()
    review.refresh_from_db()
    assert review.status == Review.Status.EXPIRED


@pytest.mark.django_db
def test_make_runs_periodic_runner_expires_claims_without_a_broker(cast, submitted):
    # `make run` has no beat: run_periodic_tasks runs the beat schedule in process.
    from django.core.management import call_command

    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    Review.objects.filter(pk=review.pk).update(claim_expires_at=timezone.now())
    call_command("run_periodic_tasks", once=True)
    review.refresh_from_db()
    assert review.status == Review.Status.EXPIRED


@pytest.mark.django_db
def test_an_expired_claim_loses_access_at_once_and_blocks_nobody(cast, credential, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    assert selectors.reviewer_holds_claim(reviewer=cast.reviewer, submission=submitted)
    Review.objects.filter(pk=review.pk).update(claim_expires_at=timezone.now())
    # Before the sweeper runs, the holder already has no access ...
    assert not selectors.reviewer_holds_claim(reviewer=cast.reviewer, submission=submitted)
    assert not cast.reviewer.has_perm("submissions.view_evidence", submitted)
    with pytest.raises(services.ClaimNotHeld):
        services.review_feedback_save(review=review, feedback="late", by=cast.reviewer)
    # ... and another reviewer can claim right away.
    other = make_reviewer(cast.issuer, credential)
    fresh = services.review_claim(submission=submitted, reviewer=other)
    review.refresh_from_db()
    assert review.status == Review.Status.EXPIRED
    assert fresh.status == Review.Status.ACTIVE


@pytest.mark.django_db
def test_claimed_submission_ids_lists_live_claims_only(cast, credential, submitted):
    second = submit(cast.other_educator, credential)
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    services.review_claim(submission=second, reviewer=cast.reviewer)
    assert set(selectors.claimed_submission_ids(cast.reviewer)) == {submitted.pk, second.pk}
    services.review_release(review=review, by=cast.reviewer)
    assert set(selectors.claimed_submission_ids(cast.reviewer)) == {second.pk}
    assert list(selectors.claimed_submission_ids(cast.outsider)) == []
