"""Scoring and deciding: the rubric rule, required feedback, the outcome and its emails."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import selectors, services
from reviews.models import CriterionScore, Review
from reviews.services import ReviewIncomplete, ScoreInput
from submissions import services as submission_services
from submissions.models import Submission
from tests.support.reviews import complete, levels, scores
from tests.support.submissions import submit


@pytest.fixture
def review(cast, submitted):
    return services.review_claim(submission=submitted, reviewer=cast.reviewer)


@pytest.mark.django_db
def test_every_criterion_at_a_passing_level_passes(cast, review):
    done = complete(review, cast.reviewer)
    review.submission.refresh_from_db()
    assert done.decision == Review.Decision.PASSED
    assert review.submission.status == Submission.Status.PASSED
    assert review.submission.decided_at is not None


@pytest.mark.django_db
def test_one_criterion_below_passing_gives_not_yet(cast, review):
    done = complete(review, cast.reviewer, failing=("Reflection",))
    review.submission.refresh_from_db()
    assert done.decision == Review.Decision.NOT_YET
    assert review.submission.status == Submission.Status.NOT_YET


@pytest.mark.django_db
def test_decision_rule_as_a_pure_function(cast, credential):
    version = credential.published_version
    assert services.decision_for(scores(version)) == "passed"
    assert services.decision_for(scores(version, failing=("Evidence",))) == "not_yet"
    assert services.decision_for([]) == "not_yet"


@pytest.mark.django_db
def test_feedback_is_required_on_every_criterion_below_passing(cast, review):
    version = review.submission.version
    by_title = levels(version)
    criteria = {c.title: c for c in version.criteria.all()}
    given = [
        ScoreInput(criteria["Evidence"], by_title["Evidence"][0], "   "),  # failing, blank
        ScoreInput(criteria["Reflection"], by_title["Reflection"][1], ""),  # passing, no words: ok
    ]
    with pytest.raises(ReviewIncomplete) as refused:
        services.review_complete(review=review, by=cast.reviewer, scores=given, feedback="")
    assert refused.value.problems == {
        str(criteria["Evidence"].public_id): services.FEEDBACK_REQUIRED
    }
    review.refresh_from_db()
    assert review.status == Review.Status.ACTIVE
    assert review.submission.status == "in_review"


@pytest.mark.django_db
def test_every_criterion_needs_a_level(cast, review):
    version = review.submission.version
    criteria = list(version.criteria.all())
    only_first = [ScoreInput(criteria[0], levels(version)[criteria[0].title][1], "")]
    with pytest.raises(ReviewIncomplete) as refused:
        services.review_complete(review=review, by=cast.reviewer, scores=only_first, feedback="")
    assert refused.value.problems == {str(criteria[1].public_id): "Choose a level."}


@pytest.mark.django_db
def test_a_level_of_another_criterion_is_refused(cast, review):
    version = review.submission.version
    first, second = list(version.criteria.all())
    wrong_level = levels(version)[second.title][1]
    given = [
        ScoreInput(first, wrong_level, ""),
        ScoreInput(second, wrong_level, ""),
    ]
    with pytest.raises(ReviewIncomplete) as refused:
        services.review_complete(review=review, by=cast.reviewer, scores=given, feedback="")
    assert refused.value.problems == {
        str(first.public_id): "Choose one of this criterion's levels."
    }


@pytest.mark.django_db
def test_only_the_holder_of_a_live_claim_may_score_or_complete(cast, credential, review):
    from tests.support.reviews import make_reviewer

    other = make_reviewer(cast.issuer, credential)
    with pytest.raises(services.ClaimNotHeld):
        complete(review, other)
    Review.objects.filter(pk=review.pk).update(claim_expires_at=timezone.now())
    with pytest.raises(services.ClaimNotHeld):
        complete(review, cast.reviewer)


@pytest.mark.django_db
def test_draft_scores_save_as_they_go_and_complete_uses_them(cast, review):
    version = review.submission.version
    criterion = version.criteria.first()
    fail, _ok = levels(version)[criterion.title]
    services.review_score_save(
        review=review, criterion=criterion, level=fail, feedback="draft", by=cast.reviewer
    )
    services.review_score_save(
        review=review, criterion=criterion, level=fail, feedback="draft 2", by=cast.reviewer
    )
    services.review_feedback_save(review=review, feedback="Overall draft", by=cast.reviewer)
    score = CriterionScore.objects.get(review=review, criterion=criterion)
    assert (score.level, score.feedback) == (fail, "draft 2")
    saved = services.saved_scores(review, version)
    assert [s.level for s in saved] == [fail, None]


@pytest.mark.django_db
def test_passing_requests_the_badge_inside_the_decision_transaction(cast, review, monkeypatch):
    import badges.services

    calls = []

    def record(*, submission):
        # Called while the decision's transaction is open: the row already says passed.
        calls.append(Submission.objects.get(pk=submission.pk).status)

    monkeypatch.setattr(badges.services, "badge_request_issue", record)
    complete(review, cast.reviewer)
    assert calls == ["passed"]


@pytest.mark.django_db
def test_not_yet_requests_no_badge(cast, review, monkeypatch):
    import badges.services

    calls = []
    monkeypatch.setattr(
        badges.services, "badge_request_issue", lambda *, submission: calls.append(submission)
    )
    complete(review, cast.reviewer, failing=("Evidence",))
    assert calls == []


@pytest.mark.django_db
def test_a_pass_issues_the_badge_once_the_decision_commits(
    cast, review, django_capture_on_commit_callbacks
):
    from badges.models import Badge

    with django_capture_on_commit_callbacks(execute=True):
        complete(review, cast.reviewer)
    assert Badge.objects.filter(submission=review.submission).count() == 1


@pytest.mark.django_db
def test_the_educator_is_emailed_the_decision_with_a_link(
    cast, review, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(review, cast.reviewer, failing=("Evidence",))
    decision = [m for m in mailoutbox if m.to == [cast.educator.email]][-1]
    assert decision.subject.startswith("Not yet")
    assert f"/submissions/{review.submission.public_id}/" in decision.body
    # Sent once, even when the task runs again (a redelivered message).
    from reviews import tasks

    tasks.review_email_decision_task.delay(review.pk)
    assert len([m for m in mailoutbox if m.subject.startswith("Not yet")]) == 1


@pytest.mark.django_db
def test_not_yet_shows_feedback_per_criterion_and_allows_the_next_attempt(cast, review):
    complete(review, cast.reviewer, failing=("Reflection",), feedback="Keep going.")
    submission = Submission.objects.get(pk=review.submission_id)
    summary = selectors.review_summary_for_submission(submission)
    assert summary["decision"] == "not_yet"
    assert summary["feedback"] == "Keep going."
    assert [(c["title"], c["passing"]) for c in summary["criteria"]] == [
        ("Evidence", True),
        ("Reflection", False),
    ]
    assert summary["criteria"][1]["level"] == "Not yet"
    assert summary["criteria"][1]["feedback"] == "Show the exit tickets you used."
    assert "reviewer" not in str(summary).lower()  # no reviewer identity
    following = submission_services.submission_start(
        educator=cast.educator, credential=submission.credential
    )
    assert (following.attempt, following.status) == (2, "draft")


@pytest.mark.django_db
def test_no_summary_before_the_decision(cast, submitted, review):
    assert selectors.review_summary_for_submission(submitted) is None


@pytest.mark.django_db
def test_expected_decision_date_follows_the_median_turnaround(cast, credential, qualified):
    waiting = submit(cast.educator, credential)
    # No history: the issuer's target (7 days).
    assert selectors.expected_decision_date(waiting) == timezone.localdate(
        waiting.submitted_at + timedelta(days=7)
    )
    # Three decisions that took 1, 2 and 9 days: the median is 2 days.
    now = timezone.now()
    for days, educator in zip(
        (1, 2, 9), (cast.colleague, cast.other_educator, cast.outsider), strict=True
    ):
        decided = submit(educator, credential)
        review = services.review_claim(submission=decided, reviewer=cast.reviewer)
        complete(review, cast.reviewer)
        Submission.objects.filter(pk=decided.pk).update(
            submitted_at=now - timedelta(days=days), decided_at=now
        )
    assert selectors.expected_decision_date(waiting) == timezone.localdate(
        waiting.submitted_at + timedelta(days=2)
    )
    decided_one = Submission.objects.filter(status="passed").first()
    assert selectors.expected_decision_date(decided_one) is None


@pytest.mark.django_db
def test_comments_anchor_to_a_requirement_or_a_moment_of_a_recording(cast, review):
    submission = review.submission
    requirement = submission.version.requirements.get(title="Video")
    video = submission.artifacts.get()
    services.review_comment_add(
        review=review, requirement=requirement, text="Nice routine", by=cast.reviewer
    )
    timed = services.review_comment_add(
        review=review,
        requirement=requirement,
        artifact=video,
        time_seconds=83.4,
        text="Here the wait time is short",
        by=cast.reviewer,
    )
    assert timed.time_code == "1:23"
    with pytest.raises(services.ReviewError):
        services.review_comment_add(
            review=review, requirement=requirement, time_seconds=4, text="x", by=cast.reviewer
        )
    complete(review, cast.reviewer, failing=("Evidence",))
    summary = selectors.review_summary_for_submission(Submission.objects.get(pk=submission.pk))
    assert [(c["time_code"], c["text"]) for c in summary["comments"]] == [
        ("", "Nice routine"),
        ("1:23", "Here the wait time is short"),
    ]


@pytest.mark.django_db
def test_summaries_for_a_list_take_a_fixed_number_of_queries(
    cast, credential, qualified, django_assert_num_queries
):
    decided = []
    for educator, failing in ((cast.educator, ()), (cast.other_educator, ("Evidence",))):
        submission = submit(educator, credential)
        review = services.review_claim(submission=submission, reviewer=cast.reviewer)
        complete(review, cast.reviewer, failing=failing)
        decided.append(Submission.objects.get(pk=submission.pk))
    waiting = submit(cast.colleague, credential)
    with django_assert_num_queries(3):
        summaries = selectors.review_summaries_for_submissions([*decided, waiting])
    assert {pk: s["decision"] for pk, s in summaries.items()} == {
        decided[0].pk: "passed",
        decided[1].pk: "not_yet",
    }
