"""Reviewer administration API: designations, the review policy, quality figures, a reviewer's
preferences; issuer staff of this issuer only (everyone else 404, anonymous 401)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from organizations.models import Organization, Role
from organizations.services import membership_grant
from reviews import selectors, services
from reviews.models import ReviewerDesignation, ReviewerPreference, ReviewPolicy
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory, make_org
from tests.support.reviews import complete, make_reviewer
from tests.support.submissions import submit


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _reviewers_url(issuer) -> str:
    return f"/api/v1/issuers/{issuer.public_id}/reviewers/"


def _designation_url(issuer, reviewer, credential) -> str:
    return f"{_reviewers_url(issuer)}{reviewer.public_id}/micro-credentials/{credential.public_id}/"


def _policy_url(issuer) -> str:
    return f"/api/v1/issuers/{issuer.public_id}/review-policy/"


OUTSIDERS = ["educator", "reviewer", "district_admin", "author", "outsider"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_issuer_staff_administer_reviewers(cast, credential, role):
    client = _api(getattr(cast, role))
    assert client.get(_reviewers_url(cast.issuer)).status_code == 404
    url = _designation_url(cast.issuer, cast.reviewer, credential)
    assert client.put(url).status_code == 404
    assert client.get(_policy_url(cast.issuer)).status_code == 404
    assert client.patch(_policy_url(cast.issuer), {"blind_review": True}).status_code == 404
    assert client.get("/api/v1/review-quality/").status_code == 404
    assert not ReviewerDesignation.objects.exists()
    assert not ReviewPolicy.objects.exists()


@pytest.mark.django_db
def test_anonymous_callers_are_refused(cast, credential):
    assert _api().get(_reviewers_url(cast.issuer)).status_code == 401
    assert _api().put(_designation_url(cast.issuer, cast.reviewer, credential)).status_code == 401
    assert _api().get("/api/v1/review-preferences/").status_code == 401


@pytest.mark.django_db
def test_staff_of_another_issuer_get_404(cast, credential):
    other = make_org(Organization.Kind.ISSUER, "Other Issuer")
    their_staff = UserFactory(email="theirs@test.org")
    membership_grant(user=their_staff, organization=other, role=Role.ISSUER_STAFF)
    client = _api(their_staff)
    assert client.get(_reviewers_url(cast.issuer)).status_code == 404
    assert client.put(_designation_url(cast.issuer, cast.reviewer, credential)).status_code == 404
    assert client.put(_policy_url(cast.issuer), {"claim_hours": 1}).status_code == 404
    # Their own issuer cannot reach our micro-credential or our reviewer either.
    assert client.put(_designation_url(other, cast.reviewer, credential)).status_code == 404
    assert not ReviewerDesignation.objects.exists()


@pytest.mark.django_db
def test_designate_list_and_withdraw(cast, credential, issuer_staff, django_assert_max_num_queries):
    client = _api(issuer_staff)
    second = published_credential(cast.issuer, slug="second-credential")
    for index in range(3):
        make_reviewer(cast.issuer, second, email=f"r{index}@test.org")
    url = _designation_url(cast.issuer, cast.reviewer, credential)

    response = client.put(url)
    assert response.status_code == 201
    assert response.json()["slug"] == "formative-checks"
    assert client.put(url).status_code == 200  # idempotent
    designation = ReviewerDesignation.objects.get(reviewer=cast.reviewer, credential=credential)
    assert designation.designated_by == issuer_staff
    # The designation is what lets the reviewer see the submission in their queue.
    submission = submit(cast.educator, credential)
    assert list(selectors.review_queue_for(cast.reviewer)) == [submission]

    with django_assert_max_num_queries(8):
        listed = client.get(_reviewers_url(cast.issuer)).json()
    assert listed["count"] == 4
    mine = next(row for row in listed["results"] if row["email"] == "reviewer@test.org")
    assert [c["slug"] for c in mine["micro_credentials"]] == ["formative-checks"]

    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 404
    assert not ReviewerDesignation.objects.filter(reviewer=cast.reviewer).exists()
    assert list(selectors.review_queue_for(cast.reviewer)) == []


@pytest.mark.django_db
def test_only_reviewers_of_the_issuer_can_be_designated(cast, credential, issuer_staff):
    client = _api(issuer_staff)
    assert client.put(_designation_url(cast.issuer, cast.educator, credential)).status_code == 404
    assert not ReviewerDesignation.objects.exists()


@pytest.mark.django_db
def test_read_and_change_the_review_policy(cast, credential, issuer_staff):
    client = _api(issuer_staff)
    body = client.get(_policy_url(cast.issuer)).json()
    assert body["claim_hours"] == 48 and body["blind_review"] is False  # the defaults
    response = client.patch(
        _policy_url(cast.issuer), {"blind_review": True, "second_review_rate": "0.25"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["second_review_rate"] == 0.25
    policy = ReviewPolicy.objects.get(issuer=cast.issuer)
    assert policy.blind_review is True and policy.second_review_rate == Decimal("0.250")
    assert policy.claim_hours == 48

    invalid = client.patch(_policy_url(cast.issuer), {"claim_hours": 0, "second_review_rate": 2})
    assert invalid.status_code == 400
    assert set(invalid.json()) == {"claim_hours", "second_review_rate"}
    incomplete = client.put(_policy_url(cast.issuer), {"claim_hours": 12})
    assert incomplete.status_code == 400
    policy.refresh_from_db()
    assert policy.claim_hours == 48

    # The policy is what the queue follows: blind review hides the educator.
    services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    submit(cast.educator, credential)
    queue = _api(cast.reviewer).get("/api/v1/review-queue/").json()
    assert queue["results"][0]["educator"] is None


@pytest.mark.django_db
def test_quality_figures_for_issuer_staff(cast, credential, qualified, issuer_staff):
    for educator, failing in ((cast.educator, ()), (cast.other_educator, ("Evidence",))):
        submission = submit(educator, credential)
        review = services.review_claim(submission=submission, reviewer=qualified)
        complete(review, qualified, failing=failing)
    response = _api(issuer_staff).get("/api/v1/review-quality/")
    assert response.status_code == 200
    body = response.json()
    assert body["overall"]["reviews"] == 2
    assert body["overall"]["passed"] == 1
    assert body["overall"]["pass_rate"] == 0.5
    assert [row["label"] for row in body["by_credential"]] == ["Credential formative-checks"]
    assert body["by_reviewer"][0]["reviews"] == 2
    assert body["overdue"] == []
    # Staff of another issuer see none of it.
    other = make_org(Organization.Kind.ISSUER, "Other Issuer")
    their_staff = UserFactory(email="theirs@test.org")
    membership_grant(user=their_staff, organization=other, role=Role.ISSUER_STAFF)
    assert _api(their_staff).get("/api/v1/review-quality/").json()["overall"]["reviews"] == 0


@pytest.mark.django_db
def test_a_reviewer_sets_the_daily_digest(cast):
    client = _api(cast.reviewer)
    assert client.get("/api/v1/review-preferences/").json() == {"daily_digest": False}
    response = client.put("/api/v1/review-preferences/", {"daily_digest": True}, format="json")
    assert response.status_code == 200
    assert ReviewerPreference.objects.get(reviewer=cast.reviewer).daily_digest is True
    assert client.put("/api/v1/review-preferences/", {}, format="json").status_code == 400
    for role in ("educator", "district_admin", "outsider"):
        refused = _api(getattr(cast, role)).put(
            "/api/v1/review-preferences/", {"daily_digest": True}, format="json"
        )
        assert refused.status_code == 404
    assert ReviewerPreference.objects.count() == 1


@pytest.mark.django_db
def test_platform_staff_administer_any_issuer(cast, credential):
    response = _api(cast.staff).put(_designation_url(cast.issuer, cast.reviewer, credential))
    assert response.status_code == 201
    assert _api(cast.staff).get("/api/v1/review-quality/").status_code == 200
