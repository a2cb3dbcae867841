"""Who may review what: earned or designated, never one's own, never one's own district."""

import pytest

from organizations.models import Role
from organizations.services import membership_grant
from reviews import selectors, services
from reviews.services import NotClaimable
from submissions import services as submission_services
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.reviews import complete, make_reviewer, set_policy
from tests.support.submissions import submit


def _queue(user):
    return set(selectors.review_queue_for(user).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_designated_reviewer_sees_the_submission_and_an_undesignated_one_does_not(
    cast, credential, qualified, submitted
):
    assert _queue(cast.reviewer) == {submitted.pk}
    stranger = UserFactory()
    membership_grant(user=stranger, organization=cast.issuer, role=Role.REVIEWER)
    assert _queue(stranger) == set()
    with pytest.raises(NotClaimable):
        services.review_claim(submission=submitted, reviewer=stranger)


@pytest.mark.django_db
def test_a_reviewer_who_earned_the_micro_credential_may_review_it(cast, credential, qualified):
    # The colleague earns it (reviewed by cast.reviewer), then becomes a reviewer of the issuer.
    earned = submit(cast.other_educator, credential)
    review = services.review_claim(submission=earned, reviewer=cast.reviewer)
    complete(review, cast.reviewer)
    earned.refresh_from_db()
    assert earned.status == "passed"
    waiting = submit(cast.educator, credential)
    assert _queue(cast.other_educator) == set()  # earned, but not a reviewer of the issuer
    membership_grant(user=cast.other_educator, organization=cast.issuer, role=Role.REVIEWER)
    del cast.other_educator._active_memberships_cache
    assert _queue(cast.other_educator) == {waiting.pk}


@pytest.mark.django_db
def test_designation_is_per_micro_credential_and_per_issuer(cast, credential, qualified):
    other = published_credential(cast.issuer, slug="other-credential", with_artifact=False)
    submit(cast.educator, other)
    assert _queue(cast.reviewer) == set()
    services.reviewer_designate_for_all(reviewer=cast.reviewer, issuer=cast.issuer)
    assert len(_queue(cast.reviewer)) == 1


@pytest.mark.django_db
def test_nobody_reviews_their_own_submission(cast, credential, qualified):
    # The reviewer is also an educator and submits the same micro-credential.
    own = submit(cast.reviewer, credential)
    assert own.pk not in _queue(cast.reviewer)
    with pytest.raises(NotClaimable):
        services.review_claim(submission=own, reviewer=cast.reviewer)


@pytest.mark.django_db
def test_conflict_of_interest_keeps_reviewers_away_from_their_own_district(
    cast, credential, qualified
):
    near = submit(cast.educator, credential)  # North District
    far = submit(cast.other_educator, credential)  # South District
    insider = make_reviewer(cast.issuer, credential, email="insider@test.org")
    membership_grant(user=insider, organization=cast.school2, role=Role.EDUCATOR)  # North
    assert _queue(insider) == {far.pk}
    with pytest.raises(NotClaimable):
        services.review_claim(submission=near, reviewer=insider)
    # The issuer may turn the policy off.
    set_policy(cast.issuer, conflict_of_interest=False)
    assert _queue(insider) == {near.pk, far.pk}


@pytest.mark.django_db
def test_the_policy_defaults_match_the_issue(cast):
    policy = selectors.policy_for_issuer(cast.issuer.pk)
    assert policy.pk is None  # nothing stored: defaults
    assert policy.conflict_of_interest is True
    assert policy.claim_hours == 48
    assert float(policy.second_review_rate) == 0.10
    assert policy.blind_review is False
    assert policy.turnaround_target_days == 7


@pytest.mark.django_db
def test_designate_for_all_is_idempotent_and_grants_the_role(cast, credential):
    published_credential(cast.issuer, slug="second-one", with_artifact=False)
    person = UserFactory()
    assert services.reviewer_designate_for_all(reviewer=person, issuer=cast.issuer) == 2
    assert services.reviewer_designate_for_all(reviewer=person, issuer=cast.issuer) == 0
    assert person.memberships.filter(role=Role.REVIEWER, organization=cast.issuer).exists()


@pytest.mark.django_db
def test_the_demo_seed_qualifies_the_demo_reviewer_for_every_demo_credential():
    from django.core.management import call_command

    from credentials.models import MicroCredential
    from demo.catalog import seed_demo_reviewer_designations
    from reviews.models import ReviewerDesignation

    call_command("seed_demo")
    seed_demo_reviewer_designations()
    assert seed_demo_reviewer_designations() == 0
    count = MicroCredential.objects.filter(issuer__slug="open-practice").count()
    assert count >= 24
    assert (
        ReviewerDesignation.objects.filter(reviewer__email="reviewer@example.com").count() == count
    )


@pytest.mark.django_db
def test_withdrawn_and_draft_submissions_are_not_in_the_queue(cast, credential, qualified):
    draft = submission_services.submission_start(educator=cast.educator, credential=credential)
    assert _queue(cast.reviewer) == set()
    submission_services.submission_withdraw(submission=draft, by=cast.educator)
    assert _queue(cast.reviewer) == set()
