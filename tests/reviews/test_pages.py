"""The review pages, and who must not get in (every role of the cast)."""

import pytest
from django.test import Client
from django.urls import reverse

from reviews import selectors, services
from reviews.models import Review, ReviewComment
from submissions.models import Submission
from tests.support.reviews import levels, make_reviewer, set_policy
from tests.support.submissions import ready_artifact, submit

ROLES = [
    "educator",
    "colleague",
    "other_educator",
    "reviewer",
    "district_admin",
    "other_admin",
    "state_admin",
    "author",
    "staff",
    "outsider",
]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def review(cast, submitted):
    return services.review_claim(submission=submitted, reviewer=cast.reviewer)


# --------------------------------------------------------------------------------------------
# Permissions
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_queue_page_is_for_reviewers_and_staff(cast, qualified, issuer_staff, role):
    expected = 200 if role in ("reviewer", "staff") else 404
    assert _client(getattr(cast, role)).get(reverse("reviews:queue")).status_code == expected
    assert _client(issuer_staff).get(reverse("reviews:queue")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_quality_page_is_for_issuer_staff_and_platform_staff(cast, issuer_staff, role):
    expected = 200 if role == "staff" else 404
    assert _client(getattr(cast, role)).get(reverse("reviews:quality")).status_code == expected
    assert _client(issuer_staff).get(reverse("reviews:quality")).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, review):
    for url in (
        reverse("reviews:queue"),
        reverse("reviews:quality"),
        reverse("reviews:review", args=[review.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "reviewer"])
def test_nobody_but_a_qualified_reviewer_can_claim(cast, submitted, role):
    response = _client(getattr(cast, role)).post(
        reverse("reviews:claim", args=[submitted.public_id])
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "reviewer"])
def test_only_the_claim_holder_opens_or_acts_on_a_review(cast, review, role):
    client = _client(getattr(cast, role))
    review_id = review.public_id
    gets = ("review", "confirm")
    posts = ("review", "autosave", "complete", "release", "comment_add")
    for name in gets:
        assert client.get(reverse(f"reviews:{name}", args=[review_id])).status_code == 404, name
    for name in posts:
        assert client.post(reverse(f"reviews:{name}", args=[review_id])).status_code == 404, name
    requirement = review.submission.version.requirements.first()
    comment = services.review_comment_add(
        review=review, requirement=requirement, text="Mine", by=cast.reviewer
    )
    delete = reverse("reviews:comment_delete", args=[review_id, comment.public_id])
    assert client.post(delete).status_code == 404
    assert ReviewComment.objects.filter(pk=comment.pk).exists()
    review.refresh_from_db()
    assert review.status == Review.Status.ACTIVE


@pytest.mark.django_db
def test_another_reviewer_cannot_open_someone_elses_review(cast, credential, review):
    other = make_reviewer(cast.issuer, credential)
    client = _client(other)
    assert client.get(reverse("reviews:review", args=[review.public_id])).status_code == 404
    response = client.post(reverse("reviews:claim", args=[review.submission.public_id]))
    assert response.status_code == 302  # back to the queue with a message
    assert response["Location"] == reverse("reviews:queue")
    page = client.get(response["Location"])
    assert "Already claimed" in page.content.decode()


@pytest.mark.django_db
def test_a_reviewer_opens_evidence_only_while_holding_the_claim(cast, credential, qualified):
    submission = submit(cast.educator, credential)
    video = submission.artifacts.get()
    client = _client(cast.reviewer)
    detail = reverse("submissions:detail", args=[submission.public_id])
    opener = reverse("submissions:artifact_open", args=[video.public_id, "original"])
    api = f"/api/v1/submissions/{submission.public_id}/"
    # Waiting in the queue, not claimed: nothing.
    assert client.get(detail).status_code == 404
    assert client.get(opener).status_code == 404
    assert client.get(api).status_code == 404
    review = services.review_claim(submission=submission, reviewer=cast.reviewer)
    assert client.get(detail).status_code == 200
    link = client.get(opener)
    assert link.status_code == 302
    assert client.get(link["Location"]).status_code == 200
    assert client.get(api).json()["responses"]
    # Released: the link handed out before no longer opens, and everything else is gone.
    services.review_release(review=review, by=cast.reviewer)
    assert client.get(link["Location"]).status_code == 404
    assert client.get(detail).status_code == 404
    assert client.get(opener).status_code == 404
    assert client.get(api).status_code == 404
    # Another reviewer holding it does not open it to this one either.
    other = make_reviewer(cast.issuer, credential)
    services.review_claim(submission=submission, reviewer=other)
    assert client.get(detail).status_code == 404


# --------------------------------------------------------------------------------------------
# The queue
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_lists_oldest_first_with_waiting_time_and_claims(cast, credential, qualified):
    from datetime import timedelta

    from django.utils import timezone

    older = submit(cast.other_educator, credential)
    newer = submit(cast.educator, credential)
    Submission.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    body = _client(cast.reviewer).get(reverse("reviews:queue")).content.decode()
    assert body.index(str(older.public_id)) < body.index(str(newer.public_id))
    assert "3 days" in body
    assert cast.educator.get_full_name() in body
    assert "Oak School" in body
    response = _client(cast.reviewer).post(reverse("reviews:claim", args=[older.public_id]))
    review = Review.objects.get(submission=older)
    assert response["Location"] == reverse("reviews:review", args=[review.public_id])
    body = _client(cast.reviewer).get(reverse("reviews:queue")).content.decode()
    assert "Your claims" in body and "Continue scoring" in body


@pytest.mark.django_db
def test_blind_review_hides_the_educator_in_the_queue_and_on_the_scoring_page(
    cast, credential, qualified
):
    set_policy(cast.issuer, blind_review=True, second_review_rate=0)
    submission = submit(cast.educator, credential)
    client = _client(cast.reviewer)
    name = cast.educator.get_full_name()
    body = client.get(reverse("reviews:queue")).content.decode()
    assert name not in body and "Oak School" not in body
    assert "Hidden (blind review)" in body
    review = services.review_claim(submission=submission, reviewer=cast.reviewer)
    page = client.get(reverse("reviews:review", args=[review.public_id])).content.decode()
    assert name not in page and "Oak School" not in page
    api = client.get(f"/api/v1/reviews/{review.public_id}/").json()
    assert api["educator"] is None
    # For pages of other apps (the submission page) that show the educator.
    assert selectors.educator_hidden_from(user=cast.reviewer, submission=submission)
    assert not selectors.educator_hidden_from(user=cast.educator, submission=submission)
    assert not selectors.educator_hidden_from(user=cast.staff, submission=submission)


@pytest.mark.django_db
def test_the_digest_preference_is_saved(cast, qualified):
    client = _client(cast.reviewer)
    client.post(reverse("reviews:preferences"), {"daily_digest": "on"})
    assert cast.reviewer.review_preference.daily_digest is True
    client.post(reverse("reviews:preferences"), {})
    cast.reviewer.review_preference.refresh_from_db()
    assert cast.reviewer.review_preference.daily_digest is False
    assert _client(cast.educator).post(reverse("reviews:preferences")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_queue_page_stays_within_a_fixed_number_of_queries(
    cast, credential, qualified, django_assert_max_num_queries, size
):
    from tests.support.factories import UserFactory

    for n in range(size):
        submit(UserFactory(email=f"queue{size}-{n}@test.org"), credential)
    submit(cast.educator, credential)  # one with a school membership, for the prefetch
    client = _client(cast.reviewer)
    client.get(reverse("reviews:queue"))  # warm the session
    with django_assert_max_num_queries(13):
        response = client.get(reverse("reviews:queue"))
    assert response.status_code == 200
    assert response.content.decode().count("data-submission=") == min(size + 1, 25)


# --------------------------------------------------------------------------------------------
# Scoring, confirming, completing
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_scoring_page_shows_evidence_beside_the_rubric(cast, review):
    requirement = review.submission.version.requirements.get(title="Video")
    video = review.submission.artifacts.get()
    document = ready_artifact(review.submission, requirement, filename="plan.pdf", kind="document")
    body = _client(cast.reviewer).get(reverse("reviews:review", args=[review.public_id]))
    html = body.content.decode()
    assert "We checked understanding every day" in html  # text responses
    assert f'id="media-{video.public_id}"' in html and "<video" in html
    assert "/submissions/evidence/" in html  # short-lived links
    assert "Comment at current time" in html
    assert document.filename in html and "Download" in html
    for criterion in review.submission.version.criteria.all():
        assert f'name="level-{criterion.public_id}"' in html
        assert f'name="feedback-{criterion.public_id}"' in html
    assert 'type="radio"' in html
    assert "js/review.js" in html


@pytest.mark.django_db
def test_autosave_stores_a_draft_score_and_the_overall_feedback(cast, review):
    version = review.submission.version
    criterion = version.criteria.first()
    fail, _ = levels(version)[criterion.title]
    client = _client(cast.reviewer)
    url = reverse("reviews:autosave", args=[review.public_id])
    response = client.post(
        url,
        {"criterion": criterion.public_id, "level": fail.public_id, "feedback": "Needs more"},
    )
    assert response.status_code == 200 and "saved_at" in response.json()
    assert client.post(url, {"feedback": "Overall so far"}).status_code == 200
    score = review.scores.get(criterion=criterion)
    assert (score.level, score.feedback) == (fail, "Needs more")
    review.refresh_from_db()
    assert review.feedback == "Overall so far"
    # A level from another criterion is refused.
    other = version.criteria.last()
    wrong = client.post(url, {"criterion": other.public_id, "level": fail.public_id})
    assert wrong.status_code == 400
    # The reloaded page shows the draft.
    html = client.get(reverse("reviews:review", args=[review.public_id])).content.decode()
    assert "Needs more" in html and "Overall so far" in html


@pytest.mark.django_db
def test_score_autosave_is_a_lock_and_one_write(cast, review, django_assert_num_queries):
    # The scoring page's most frequent request (ADR 0014): session (the user is cached since the
    # first save), the claim with its submission, the level with its criterion, the review's row
    # lock, one UPDATE (and, inside the test's transaction, the service's SAVEPOINT and RELEASE).
    version = review.submission.version
    criterion = version.criteria.first()
    fail, passing = levels(version)[criterion.title]
    client = _client(cast.reviewer)
    url = reverse("reviews:autosave", args=[review.public_id])
    first = {"criterion": criterion.public_id, "level": fail.public_id, "feedback": "Needs more"}
    assert client.post(url, first).status_code == 200  # the INSERT
    with django_assert_num_queries(7):
        again = {**first, "level": passing.public_id, "feedback": "Better"}
        assert client.post(url, again).status_code == 200
    score = review.scores.get(criterion=criterion)
    assert (score.level, score.feedback, review.scores.count()) == (passing, "Better", 1)


@pytest.mark.django_db
def test_continue_with_missing_parts_names_each_criterion(cast, review):
    version = review.submission.version
    evidence, _reflection = list(version.criteria.all())
    fail, _ = levels(version)["Evidence"]
    response = _client(cast.reviewer).post(
        reverse("reviews:review", args=[review.public_id]),
        {f"level-{evidence.public_id}": fail.public_id, f"feedback-{evidence.public_id}": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "feedback is required" in html.lower()
    assert "Choose a level." in html


@pytest.mark.django_db
def test_the_confirm_step_states_the_decision_then_completing_sends_it(
    cast, review, django_capture_on_commit_callbacks, mailoutbox
):
    version = review.submission.version
    client = _client(cast.reviewer)
    data = {"feedback": "Thanks for the clear video."}
    for criterion in version.criteria.all():
        fail, ok = levels(version)[criterion.title]
        level = fail if criterion.title == "Evidence" else ok
        data[f"level-{criterion.public_id}"] = level.public_id
        data[f"feedback-{criterion.public_id}"] = "Show two more examples."
    response = client.post(reverse("reviews:review", args=[review.public_id]), data)
    assert response["Location"] == reverse("reviews:confirm", args=[review.public_id])
    confirm = client.get(response["Location"]).content.decode()
    assert "Decision: Not yet" in confirm
    # A stale confirmation (the decision shown was different) is refused.
    stale = client.post(
        reverse("reviews:complete", args=[review.public_id]), {"decision": "passed"}
    )
    assert stale["Location"] == reverse("reviews:confirm", args=[review.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("reviews:complete", args=[review.public_id]), {"decision": "not_yet"}
        )
    assert done["Location"] == reverse("reviews:queue")
    submission = Submission.objects.get(pk=review.submission_id)
    assert submission.status == "not_yet"
    assert any(m.subject.startswith("Not yet") for m in mailoutbox)
    # The claim has ended: the page is gone.
    assert client.get(reverse("reviews:review", args=[review.public_id])).status_code == 404


@pytest.mark.django_db
def test_a_comment_at_a_time_code_is_added_and_deleted(cast, review):
    plan = review.submission.version.requirements.get(title="Video")
    video = review.submission.artifacts.get()
    client = _client(cast.reviewer)
    response = client.post(
        reverse("reviews:comment_add", args=[review.public_id]),
        {
            "requirement": plan.public_id,
            "artifact": video.public_id,
            "time": "1:05",
            "text": "Good wait time here",
        },
    )
    assert response.status_code == 302
    comment = ReviewComment.objects.get(review=review)
    assert (comment.time_seconds, comment.artifact) == (65.0, video)
    html = client.get(reverse("reviews:review", args=[review.public_id])).content.decode()
    assert "1:05" in html and 'data-time="65.000000"' in html
    client.post(reverse("reviews:comment_delete", args=[review.public_id, comment.public_id]))
    assert ReviewComment.objects.count() == 0


@pytest.mark.django_db
def test_release_from_the_page(cast, review):
    response = _client(cast.reviewer).post(reverse("reviews:release", args=[review.public_id]))
    assert response["Location"] == reverse("reviews:queue")
    review.refresh_from_db()
    assert review.status == "released"


@pytest.mark.django_db
def test_the_feedback_partial_renders_the_outcome_for_the_educator(cast, review):
    from django.template.loader import render_to_string

    from tests.support.reviews import complete

    waiting = render_to_string(
        "reviews/_submission_feedback.html", {"submission": review.submission}
    )
    assert "Expected decision by" in waiting
    complete(review, cast.reviewer, failing=("Reflection",), feedback="Nearly there.")
    submission = Submission.objects.get(pk=review.submission_id)
    html = render_to_string("reviews/_submission_feedback.html", {"submission": submission})
    assert "Decision: Not yet" in html
    assert "Nearly there." in html
    assert "Reflection" in html and "below the passing level" in html
    assert "Expected decision" not in html


@pytest.mark.django_db
def test_the_quality_page_shows_figures_and_overdue_submissions(cast, credential, qualified):
    from datetime import timedelta

    from django.utils import timezone

    late = submit(cast.educator, credential)
    Submission.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(days=9))
    html = _client(cast.staff).get(reverse("reviews:quality")).content.decode()
    assert f'data-overdue="{late.public_id}"' in html
    assert "Cohen" in html and "submitted_at" in html


@pytest.mark.django_db
def test_a_bad_time_code_keeps_the_typed_comment_with_the_error_beside_it(cast, review):
    plan = review.submission.version.requirements.get(title="Video")
    video = review.submission.artifacts.get()
    client = _client(cast.reviewer)
    typed = "Students answered <together> & the wait time was short"
    bad = client.post(
        reverse("reviews:comment_add", args=[review.public_id]),
        {"requirement": plan.public_id, "artifact": video.public_id, "time": "1:75", "text": typed},
    )
    assert bad.status_code == 400 and not ReviewComment.objects.exists()
    html = bad.content.decode()
    form = html[html.index(f'id="comment-{plan.public_id}"') :]
    form = form[: form.index("</form>")]
    assert "Write the time as minutes:seconds, like 1:23." in form
    assert 'value="1:75"' in form and 'aria-invalid="true"' in form
    assert "Students answered &lt;together&gt; &amp; the wait time was short</textarea>" in form
    assert f'<option value="{video.public_id}" selected>' in form
    before = html[: html.index(f'id="comment-{plan.public_id}"')]
    assert before[before.rindex("<details") :].startswith('<details class="comment-form" open>')

    # Corrected and sent again: added, and the page is clean.
    fixed = client.post(
        reverse("reviews:comment_add", args=[review.public_id]),
        {"requirement": plan.public_id, "artifact": video.public_id, "time": "1:15", "text": typed},
    )
    assert fixed.status_code == 302
    assert ReviewComment.objects.get().time_seconds == 75.0


@pytest.mark.django_db
def test_the_educators_feedback_shows_what_passing_asks_for_and_links_time_codes(cast, review):
    """Beside each criterion's level: the passing level's name and description; the reviewer's
    time-coded comments are links that play the video on the page from that moment."""
    submission = review.submission
    requirement = submission.version.requirements.get(title="Video")
    video = submission.artifacts.get()
    services.review_comment_add(
        review=review,
        requirement=requirement,
        artifact=video,
        time_seconds=6.0,
        text="Here the wait time is short",
        by=cast.reviewer,
    )
    services.review_comment_add(
        review=review, requirement=requirement, text="A clear routine", by=cast.reviewer
    )
    services.review_complete(
        review=review,
        by=cast.reviewer,
        scores=[
            services.ScoreInput(c, level, "Show more" if not level.passing else "")
            for c, level in (
                (c, levels(submission.version)[c.title][c.title != "Evidence"])
                for c in submission.version.criteria.all()
            )
        ],
        feedback="Keep going.",
    )
    html = _client(cast.educator).get(reverse("submissions:detail", args=[submission.public_id]))
    body = html.content.decode()
    start = body.index("data-review-feedback")
    feedback = body[start : body.index("</section>", start)]
    # The criterion below passing says what passing asks for (tests/support/credentials.py).
    assert feedback.count("data-passing-level") == submission.version.criteria.count()
    assert "To pass, this criterion asks for “Proficient”:" in feedback and "Shown" in feedback
    media = f"media-{video.public_id}"
    opener = reverse("submissions:artifact_open", args=[video.public_id, "rendition"])
    assert f'href="{opener}#t=6.000000"' in feedback
    assert f'data-seek data-media="{media}" data-time="6.000000">0:06' in feedback
    assert f'id="{media}"' in body  # the player the link seeks, on the same page
    assert "js/seek.js" in body
    assert "A clear routine" in feedback  # an untimed comment stays plain text
    # The API gives integrators the same: what passing asks for, and which file a moment is in.
    data = _client(cast.educator).get(f"/api/v1/submissions/{submission.public_id}/").json()
    evidence = next(c for c in data["review"]["criteria"] if c["title"] == "Evidence")
    assert evidence["passing_level"] == {"name": "Proficient", "description": "Shown"}
    timed = next(c for c in data["review"]["comments"] if c["time_code"])
    assert timed["artifact"] == str(video.public_id)
