"""Quality figures: Cohen's kappa, turnaround percentiles, the report, overdue alerts, digests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from reviews import emails, quality, services
from reviews.quality import cohens_kappa
from reviews.selectors import percentile
from submissions.models import Submission
from tests.support.reviews import complete, make_reviewer, set_policy
from tests.support.submissions import submit


def test_kappa_against_a_worked_example():
    # Ten submissions reviewed twice (first, second):
    #   both passed 4, both not yet 3, passed/not yet 2, not yet/passed 1.
    # Observed agreement p_o = (4 + 3) / 10 = 0.70.
    # First reviewers pass 6/10 = 0.6, second reviewers pass 5/10 = 0.5, so chance agreement
    # p_e = 0.6 * 0.5 + 0.4 * 0.5 = 0.30 + 0.20 = 0.50.
    # kappa = (p_o - p_e) / (1 - p_e) = (0.70 - 0.50) / 0.50 = 0.40.
    pairs = [(True, True)] * 4 + [(False, False)] * 3 + [(True, False)] * 2 + [(False, True)] * 1
    assert cohens_kappa(pairs) == pytest.approx(0.40)


def test_kappa_edge_cases():
    assert cohens_kappa([]) is None
    # All passed by both: chance agreement is certain, kappa undefined.
    assert cohens_kappa([(True, True)] * 5) is None
    # Perfect agreement with both answers present.
    assert cohens_kappa([(True, True), (False, False)]) == pytest.approx(1.0)
    # Systematic disagreement: below chance.
    assert cohens_kappa([(True, False), (False, True)]) == pytest.approx(-1.0)


def test_percentiles_interpolate():
    assert percentile([], 0.5) is None
    assert percentile([3.0], 0.9) == 3.0
    assert percentile([1.0, 2.0, 9.0], 0.5) == 2.0
    # 90th percentile of 1..10: position 8.1 -> 9 + 0.1 * (10 - 9) = 9.1
    assert percentile([float(n) for n in range(1, 11)], 0.9) == pytest.approx(9.1)


@pytest.mark.django_db
def test_the_report_per_reviewer_and_per_credential(cast, credential, qualified):
    set_policy(cast.issuer, second_review_rate=Decimal("1"))
    second = make_reviewer(cast.issuer, credential, email="second@test.org")
    now = timezone.now()
    # Submission A: first passes, second agrees. Submission B: first passes, second says not yet.
    outcomes = []
    for educator, second_fails in ((cast.educator, ()), (cast.other_educator, ("Evidence",))):
        submission = submit(educator, credential)
        first_review = services.review_claim(submission=submission, reviewer=cast.reviewer)
        complete(first_review, cast.reviewer)
        second_review = services.review_claim(submission=submission, reviewer=second)
        complete(second_review, second, failing=second_fails)
        outcomes.append(submission)
    # A was decided after 2 days; B waits for adjudication.
    Submission.objects.filter(pk=outcomes[0].pk).update(
        submitted_at=now - timedelta(days=2), decided_at=now
    )
    report = quality.quality_report([cast.issuer.pk])
    rows = {row.label: row for row in report.by_reviewer}
    first_row, second_row = rows[str(cast.reviewer)], rows[str(second)]
    assert (first_row.reviews, first_row.pass_rate) == (2, 1.0)
    assert (second_row.reviews, second_row.pass_rate) == (2, 0.5)
    assert first_row.pairs == [(True, True), (True, False)]
    assert first_row.percent_agreement == 50.0
    assert first_row.median_days == pytest.approx(2.0)
    assert second_row.median_days is None  # turnaround belongs to the first reviewer
    (credential_row,) = report.by_credential
    assert credential_row.reviews == 1  # decided submissions
    assert credential_row.p90_days == pytest.approx(2.0)
    assert report.overall.pairs == [(True, True), (True, False)]
    # Another issuer's staff see none of it.
    assert quality.quality_report([]).by_reviewer == []


@pytest.mark.django_db
def test_overdue_submissions_are_flagged_and_staff_are_emailed_once_a_day(
    cast, credential, qualified, issuer_staff, mailoutbox
):
    late = submit(cast.educator, credential)
    fresh = submit(cast.other_educator, credential)
    Submission.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(days=8))
    assert [s.pk for s in quality.overdue_submissions([cast.issuer.pk])] == [late.pk]
    set_policy(cast.issuer, turnaround_target_days=10)
    assert quality.overdue_submissions([cast.issuer.pk]) == []
    set_policy(cast.issuer, turnaround_target_days=7)
    assert emails.review_overdue_alerts_send() == [cast.issuer.pk]
    assert emails.review_overdue_alerts_send() == []  # once a day
    (alert,) = mailoutbox
    assert alert.to == [issuer_staff.email]
    assert "1 submission waiting past" in alert.subject
    assert fresh.version.title in alert.body


@pytest.mark.django_db
def test_daily_digest_goes_to_opted_in_reviewers_only(cast, credential, qualified, mailoutbox):
    submit(cast.educator, credential)
    assert emails.review_digests_send() == []  # nobody opted in
    services.reviewer_preference_set(reviewer=cast.reviewer, daily_digest=True)
    assert emails.review_digests_send() == [cast.reviewer.pk]
    assert emails.review_digests_send() == []  # once a day
    (digest,) = mailoutbox
    assert digest.to == [cast.reviewer.email]
    assert digest.subject.startswith("1 submission waiting")
    assert "/reviews/" in digest.body
