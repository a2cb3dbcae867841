"""The review API: queue, claim (201/409/404), the holder's review, completion, permissions."""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create
from reviews import services
from reviews.models import Review
from submissions.models import Submission
from tests.support.factories import UserFactory
from tests.support.reviews import levels, make_reviewer
from tests.support.submissions import submit

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
QUEUE = "/api/v1/review-queue/"
CLAIM = "/api/v1/review-queue/claim/"


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _scores(version, *, failing=(), feedback="Add one more example."):
    result = []
    for criterion in version.criteria.all():
        fail, ok = levels(version)[criterion.title]
        level = fail if criterion.title in failing else ok
        result.append(
            {
                "criterion": str(criterion.public_id),
                "level": str(level.public_id),
                "feedback": feedback,
            }
        )
    return result


@pytest.mark.django_db
def test_the_queue_is_oldest_first_and_paginated(cast, credential, qualified):
    first = submit(cast.other_educator, credential)
    second = submit(cast.educator, credential)
    body = _api(cast.reviewer).get(QUEUE).json()
    assert body["count"] == 2
    assert {"next", "previous"} <= body.keys()
    assert [row["submission"] for row in body["results"]] == [
        str(first.public_id),
        str(second.public_id),
    ]
    row = body["results"][1]
    assert row["stage"] == "first"
    assert row["micro_credential"]["id"] == str(credential.public_id)
    assert row["educator"] == {"name": cast.educator.get_full_name(), "school": "Oak School"}
    assert row["waiting_seconds"] >= 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("reviewer", "staff")])
def test_the_queue_endpoint_is_404_for_everyone_else(cast, submitted, role):
    assert _api(getattr(cast, role)).get(QUEUE).status_code == 404


@pytest.mark.django_db
def test_the_queue_requires_authentication(submitted):
    assert APIClient().get(QUEUE).status_code in (401, 403)


@pytest.mark.django_db
def test_claim_answers_201_then_409_for_someone_else_and_200_for_the_holder(
    cast, credential, submitted
):
    response = _api(cast.reviewer).post(CLAIM, {"submission": str(submitted.public_id)})
    assert response.status_code == 201
    review = Review.objects.get(submission=submitted)
    assert response.json() == {
        "id": str(review.public_id),
        "submission": str(submitted.public_id),
        "claimed_until": response.json()["claimed_until"],
        "stage": "first",
    }
    other = make_reviewer(cast.issuer, credential)
    taken = _api(other).post(CLAIM, {"submission": str(submitted.public_id)})
    assert taken.status_code == 409
    assert "already claimed" in taken.json()["detail"]
    again = _api(cast.reviewer).post(CLAIM, {"submission": str(submitted.public_id)})
    assert again.status_code == 200 and again.json()["id"] == str(review.public_id)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "reviewer"])
def test_claim_is_404_for_anyone_not_eligible(cast, submitted, role):
    response = _api(getattr(cast, role)).post(CLAIM, {"submission": str(submitted.public_id)})
    assert response.status_code == 404


@pytest.mark.django_db
def test_claim_is_404_for_an_unknown_or_undecidable_submission(cast, credential, qualified):
    import uuid

    assert _api(cast.reviewer).post(CLAIM, {"submission": str(uuid.uuid4())}).status_code == 404
    assert _api(cast.reviewer).post(CLAIM, {"submission": "nope"}).status_code == 400


@pytest.mark.django_db
def test_the_review_shows_evidence_rubric_and_drafts_to_the_holder_only(
    cast, credential, submitted
):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    version = submitted.version
    criterion = version.criteria.first()
    fail, _ = levels(version)[criterion.title]
    services.review_score_save(
        review=review, criterion=criterion, level=fail, feedback="draft", by=cast.reviewer
    )
    body = _api(cast.reviewer).get(f"/api/v1/reviews/{review.public_id}/").json()
    assert body["submission"] == str(submitted.public_id)
    texts = [row["text"] for row in body["evidence"] if row["kind"] == "text"]
    assert "We checked understanding every day" in texts
    (video_row,) = [row for row in body["evidence"] if row["kind"] == "artifact"]
    (video,) = video_row["files"]
    assert video["kind"] == "video"
    assert video["stream_url"].startswith("http://testserver/submissions/evidence/")
    assert [c["title"] for c in body["rubric"]] == ["Evidence", "Reflection"]
    assert body["scores"] == [
        {"criterion": str(criterion.public_id), "level": str(fail.public_id), "feedback": "draft"}
    ]
    # The link works for the holder, with the credentials they call the API with, and for
    # nobody without them.
    _, token = api_token_create(user=cast.reviewer)
    holder = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert holder.get(video["stream_url"]).status_code == 200
    assert APIClient().get(video["stream_url"]).status_code == 404
    for role in [r for r in ROLES if r != "reviewer"]:
        response = _api(getattr(cast, role)).get(f"/api/v1/reviews/{review.public_id}/")
        assert response.status_code == 404, role
    other = make_reviewer(cast.issuer, credential)
    assert _api(other).get(f"/api/v1/reviews/{review.public_id}/").status_code == 404


@pytest.mark.django_db
def test_complete_answers_400_with_a_message_per_criterion(cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    version = submitted.version
    evidence, reflection = list(version.criteria.all())
    fail, _ = levels(version)["Evidence"]
    response = _api(cast.reviewer).post(
        f"/api/v1/reviews/{review.public_id}/complete/",
        {"scores": [{"criterion": str(evidence.public_id), "level": str(fail.public_id)}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["scores"] == {
        str(evidence.public_id): services.FEEDBACK_REQUIRED,
        str(reflection.public_id): "Choose a level.",
    }
    foreign = _api(cast.reviewer).post(
        f"/api/v1/reviews/{review.public_id}/complete/",
        {
            "scores": [
                {
                    "criterion": str(evidence.public_id),
                    "level": str(levels(version)["Reflection"][1].public_id),
                }
            ]
        },
        format="json",
    )
    assert foreign.status_code == 400
    assert "levels" in foreign.json()["scores"][str(evidence.public_id)]


@pytest.mark.django_db
@pytest.mark.parametrize(("failing", "decision"), [((), "passed"), (("Evidence",), "not_yet")])
def test_complete_gives_the_rubric_decision(cast, submitted, failing, decision):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    response = _api(cast.reviewer).post(
        f"/api/v1/reviews/{review.public_id}/complete/",
        {"scores": _scores(submitted.version, failing=failing), "feedback": "Thanks"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["decision"] == decision
    assert response.json()["released"] is True
    assert Submission.objects.get(pk=submitted.pk).status == decision
    # The educator's submission now carries the review.
    mine = _api(cast.educator).get(f"/api/v1/submissions/{submitted.public_id}/").json()
    assert mine["review"]["decision"] == decision
    assert mine["review"]["feedback"] == "Thanks"
    # The claim is over: the review is gone for its former holder too.
    assert _api(cast.reviewer).get(f"/api/v1/reviews/{review.public_id}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "action"), [("put", "draft"), ("post", "complete")])
def test_draft_and_complete_refuse_criteria_of_another_rubric(cast, submitted, method, action):
    """The prelude both share: field errors for a malformed body, and a criterion of another
    rubric named in `scores`; neither saves anything."""
    from reviews.models import CriterionScore

    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    send = getattr(_api(cast.reviewer), method)
    url = f"/api/v1/reviews/{review.public_id}/{action}/"
    malformed = send(url, {"feedback": "No scores"}, format="json")
    assert malformed.status_code == 400 and "scores" in malformed.json()
    stranger = "6f1c2b1e-0000-4000-8000-000000000000"
    scores = [*_scores(submitted.version), {"criterion": stranger, "level": None}]
    response = send(url, {"scores": scores, "feedback": "Thanks"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some scores name criteria of another rubric.",
        "scores": {stranger: "Not a criterion of this rubric."},
    }
    review.refresh_from_db()
    assert review.status == "active" and review.feedback == ""
    assert not CriterionScore.objects.filter(review=review).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "reviewer"])
def test_complete_and_release_are_404_for_anyone_but_the_holder(cast, submitted, role):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    client = _api(getattr(cast, role))
    url = f"/api/v1/reviews/{review.public_id}/"
    payload = {"scores": _scores(submitted.version)}
    assert client.post(url + "complete/", payload, format="json").status_code == 404
    assert client.post(url + "release/").status_code == 404
    review.refresh_from_db()
    assert review.status == "active"


@pytest.mark.django_db
def test_release_through_the_api(cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    response = _api(cast.reviewer).post(f"/api/v1/reviews/{review.public_id}/release/")
    assert response.status_code == 200 and response.json()["status"] == "released"
    assert Submission.objects.get(pk=submitted.pk).status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_queue_endpoint_stays_within_a_fixed_number_of_queries(
    cast, credential, qualified, django_assert_max_num_queries, size
):
    for n in range(size):
        submit(UserFactory(email=f"api{size}-{n}@test.org"), credential)
    client = _api(cast.reviewer)
    with django_assert_max_num_queries(7):
        response = client.get(QUEUE)
    assert response.json()["count"] == size


@pytest.mark.django_db
def test_the_schema_documents_the_review_endpoints(cast):
    client = _api(cast.staff)
    schema = client.get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/review-queue/",
        "/api/v1/review-queue/claim/",
        "/api/v1/reviews/{public_id}/",
        "/api/v1/reviews/{public_id}/complete/",
    ):
        assert path in schema["paths"], path
    claim = schema["paths"]["/api/v1/review-queue/claim/"]["post"]["responses"]
    assert {"201", "404", "409"} <= claim.keys()
