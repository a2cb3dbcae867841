"""A sampled share gets an independent second review; disagreement goes to adjudication."""

import uuid
from decimal import Decimal

import pytest

from reviews import selectors, services
from reviews.models import Review
from reviews.services import NotClaimable
from submissions.models import Submission
from tests.support.reviews import complete, make_reviewer, set_policy
from tests.support.submissions import submit


@pytest.fixture
def second(cast, credential, qualified):
    set_policy(cast.issuer, second_review_rate=Decimal("1"))
    return make_reviewer(cast.issuer, credential, email="second@test.org")


@pytest.fixture
def first_done(cast, credential, second):
    """A submission whose first review (passed) waits for a second one."""
    submission = submit(cast.educator, credential)
    review = services.review_claim(submission=submission, reviewer=cast.reviewer)
    complete(review, cast.reviewer)
    return Submission.objects.get(pk=submission.pk)


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_sampled_decision_waits_for_a_second_independent_review(
    cast, first_done, second, mailoutbox
):
    assert first_done.status == Submission.Status.IN_REVIEW  # the educator hears nothing yet
    assert selectors.review_summary_for_submission(first_done) is None
    first = Review.objects.get(submission=first_done, kind="first")
    assert first.second_review_required is True
    # Not back to the first reviewer; offered to the other one.
    assert _ids(selectors.review_queue_for(cast.reviewer)) == set()
    assert _ids(selectors.review_queue_for(second)) == {first_done.pk}
    with pytest.raises(NotClaimable):
        services.review_claim(submission=first_done, reviewer=cast.reviewer)
    review = services.review_claim(submission=first_done, reviewer=second)
    assert review.kind == Review.Kind.SECOND


@pytest.mark.django_db
def test_agreement_releases_the_decision(cast, first_done, second):
    review = services.review_claim(submission=first_done, reviewer=second)
    complete(review, second)
    first_done.refresh_from_db()
    assert first_done.status == Submission.Status.PASSED
    review.refresh_from_db()
    assert review.agrees_with_first is True
    # The educator sees the first review's feedback.
    summary = selectors.review_summary_for_submission(first_done)
    assert summary["feedback"] == "Overall: good start."


@pytest.mark.django_db
def test_disagreement_goes_to_an_adjudicator_whose_decision_is_final(
    cast, first_done, second, issuer_staff, django_capture_on_commit_callbacks, mailoutbox
):
    review = services.review_claim(submission=first_done, reviewer=second)
    with django_capture_on_commit_callbacks(execute=True):
        complete(review, second, failing=("Evidence",), feedback="Second view")
    first_done.refresh_from_db()
    assert first_done.status == Submission.Status.IN_REVIEW
    assert Review.objects.get(pk=review.pk).agrees_with_first is False
    assert [m.to for m in mailoutbox if "disagree" in m.subject] == [[issuer_staff.email]]
    # Reviewers do not settle it; issuer staff and platform staff do.
    assert _ids(selectors.review_queue_for(second)) == set()
    assert _ids(selectors.adjudication_queue_for(cast.reviewer)) == set()
    assert _ids(selectors.adjudication_queue_for(issuer_staff)) == {first_done.pk}
    assert _ids(selectors.adjudication_queue_for(cast.staff)) == {first_done.pk}
    with pytest.raises(NotClaimable):
        services.review_claim(submission=first_done, reviewer=second)
    adjudication = services.review_claim(submission=first_done, reviewer=issuer_staff)
    assert adjudication.kind == Review.Kind.ADJUDICATION
    complete(adjudication, issuer_staff, failing=("Reflection",), feedback="Final word")
    first_done.refresh_from_db()
    assert first_done.status == Submission.Status.NOT_YET
    summary = selectors.review_summary_for_submission(first_done)
    assert summary["feedback"] == "Final word"
    assert [c["passing"] for c in summary["criteria"]] == [True, False]
    assert _ids(selectors.adjudication_queue_for(issuer_staff)) == set()


@pytest.mark.django_db
def test_staff_of_another_issuer_cannot_adjudicate(cast, first_done, second):
    from organizations.models import Organization, Role
    from organizations.services import membership_grant
    from tests.support.factories import UserFactory, make_org

    review = services.review_claim(submission=first_done, reviewer=second)
    complete(review, second, failing=("Evidence",))
    elsewhere = make_org(Organization.Kind.ISSUER, "Other Issuer")
    foreign = UserFactory()
    membership_grant(user=foreign, organization=elsewhere, role=Role.ISSUER_STAFF)
    assert _ids(selectors.adjudication_queue_for(foreign)) == set()
    with pytest.raises(NotClaimable):
        services.review_claim(submission=first_done, reviewer=foreign)


@pytest.mark.django_db
def test_no_second_review_when_nobody_else_could_do_it(cast, credential, qualified):
    set_policy(cast.issuer, second_review_rate=Decimal("1"))
    submission = submit(cast.educator, credential)
    review = services.review_claim(submission=submission, reviewer=cast.reviewer)
    complete(review, cast.reviewer)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PASSED


@pytest.mark.django_db
def test_no_second_review_at_rate_zero(cast, credential, qualified):
    make_reviewer(cast.issuer, credential)
    submission = submit(cast.educator, credential)
    review = services.review_claim(submission=submission, reviewer=cast.reviewer)
    complete(review, cast.reviewer)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PASSED


def test_sampling_is_stable_and_close_to_the_rate():
    class Fake:
        def __init__(self):
            self.public_id = uuid.uuid4()

    sample = [Fake() for _ in range(4000)]
    chosen = [s for s in sample if services.second_review_sampled(s, 0.10)]
    assert 0.08 < len(chosen) / len(sample) < 0.12
    assert all(services.second_review_sampled(s, 0.10) for s in chosen)  # same answer again
    assert not any(services.second_review_sampled(s, 0.0) for s in sample)
    assert all(services.second_review_sampled(s, 1.0) for s in sample)
