"""A completed review answers 409 with the decision that stands; time codes are finite numbers,
and any non-finite one already stored still renders on every page and answer that shows it."""

import math

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from reviews import services
from reviews.models import ReviewComment
from submissions.models import Artifact
from tests.support.reviews import complete, levels

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(version, *, failing=()):
    scores = []
    for criterion in version.criteria.all():
        fail, ok = levels(version)[criterion.title]
        level = fail if criterion.title in failing else ok
        scores.append(
            {"criterion": str(criterion.public_id), "level": str(level.public_id), "feedback": "x"}
        )
    return {"scores": scores, "feedback": "Thanks"}


@pytest.mark.parametrize(("failing", "decision"), [((), "passed"), (("Evidence",), "not_yet")])
def test_completing_a_completed_review_answers_409_with_the_decision(
    cast, submitted, failing, decision
):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    url = f"/api/v1/reviews/{review.public_id}/complete/"
    first = _api(cast.reviewer).post(url, _payload(submitted.version, failing=failing), "json")
    assert first.status_code == 200
    # The same click again, even with the other verdict: the first decision stands.
    again = _api(cast.reviewer).post(url, _payload(submitted.version), format="json")
    assert again.status_code == 409
    assert again.json()["decision"] == decision
    assert "already complete" in again.json()["detail"]
    # A malformed retry gets the same answer: the decision is what matters.
    assert _api(cast.reviewer).post(url, {}, format="json").json()["decision"] == decision


@pytest.mark.parametrize("role", ["educator", "other_educator", "district_admin", "staff"])
def test_a_completed_review_stays_404_for_everyone_but_its_reviewer(cast, submitted, role):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    complete(review, cast.reviewer)
    url = f"/api/v1/reviews/{review.public_id}/complete/"
    response = _api(getattr(cast, role)).post(url, _payload(submitted.version), format="json")
    assert response.status_code == 404
    assert "decision" not in response.json()


def test_the_schema_documents_the_409_with_its_decision(cast):
    schema = _api(cast.staff).get("/api/schema/?format=json").json()
    conflict = schema["paths"]["/api/v1/reviews/{public_id}/complete/"]["post"]["responses"]["409"]
    ref = conflict["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"detail", "decision"}


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "1e400", "inf"])
def test_a_comment_time_must_be_a_finite_number(cast, submitted, value):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    requirement = submitted.version.requirements.first()
    response = _api(cast.reviewer).post(
        f"/api/v1/reviews/{review.public_id}/comments/",
        {"requirement": str(requirement.public_id), "time_seconds": value, "text": "Here."},
        format="json",
    )
    assert response.status_code == 400
    assert "time_seconds" in response.json()
    assert not ReviewComment.objects.exists()


def test_a_literal_infinity_in_the_body_is_refused(cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    requirement = submitted.version.requirements.first()
    body = (
        f'{{"requirement": "{requirement.public_id}", "time_seconds": Infinity, "text": "Here."}}'
    )
    response = _api(cast.reviewer).post(
        f"/api/v1/reviews/{review.public_id}/comments/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "detail" in response.json()
    assert not ReviewComment.objects.exists()


def test_the_service_refuses_a_non_finite_time(cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    requirement = submitted.version.requirements.filter(kind="artifact").first()
    with pytest.raises(services.ReviewError):
        services.review_comment_add(
            review=review,
            requirement=requirement,
            artifact=None,
            time_seconds=math.inf,
            text="Here.",
            by=cast.reviewer,
        )


def test_the_review_form_refuses_a_time_code_that_is_not_one(client, cast, submitted):
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    requirement = submitted.version.requirements.first()
    client.force_login(cast.reviewer)
    for time in ("inf", "NaN", "1e400", "9" * 30):
        response = client.post(
            f"/reviews/{review.public_id}/comments/",
            {"requirement": str(requirement.public_id), "time": time, "text": "Here."},
            follow=True,
        )
        # Refused, shown again as typed with the error beside the time code.
        assert response.status_code == 400
        body = response.content.decode()
        assert f'value="{time}"' in body and "Here.</textarea>" in body
    assert not ReviewComment.objects.exists()


@pytest.fixture
def stored_non_finite(cast, submitted):
    """A review with comments whose time codes were stored as inf, -inf and nan (rows written
    directly, as an older release let them in), then completed and released to the educator."""
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    requirement = submitted.version.requirements.first()
    for value in (math.inf, -math.inf, math.nan):
        ReviewComment.objects.create(
            review=review, requirement=requirement, time_seconds=value, text=f"At {value}."
        )
    return review


def test_stored_non_finite_times_render_on_the_review_page_and_api(cast, stored_non_finite):
    review = stored_non_finite
    client = _api(cast.reviewer)
    page_client = APIClient()
    page_client.force_login(cast.reviewer)
    page = page_client.get(f"/reviews/{review.public_id}/")
    assert page.status_code == 200 and "At inf." in page.content.decode()
    comments = client.get(f"/api/v1/reviews/{review.public_id}/comments/")
    assert comments.status_code == 200
    rows = comments.json()["results"]
    assert len(rows) == 3
    assert all(row["time_seconds"] is None and row["time_code"] == "" for row in rows)
    assert client.get(f"/api/v1/reviews/{review.public_id}/").status_code == 200


def test_stored_non_finite_times_render_for_the_educator_and_admins(cast, stored_non_finite):
    review = stored_non_finite
    complete(review, cast.reviewer)
    submission = review.submission
    educator = APIClient()
    educator.force_login(cast.educator)
    page = educator.get(f"/submissions/{submission.public_id}/")
    assert page.status_code == 200 and "At nan." in page.content.decode()
    answer = _api(cast.educator).get(f"/api/v1/submissions/{submission.public_id}/")
    assert answer.status_code == 200
    assert {c["time_code"] for c in answer.json()["review"]["comments"]} == {""}
    assert _api(cast.educator).get("/api/v1/submissions/").status_code == 200
    admin = APIClient()
    admin.force_login(User.objects.create_superuser("root@test.org", "pw-not-used-here"))
    assert admin.get("/admin/reviews/review/").status_code == 200
    assert admin.get(f"/admin/reviews/review/{review.pk}/change/").status_code == 200


def test_a_stored_non_finite_duration_renders_as_null(cast, submitted, local_media):
    artifact = Artifact.objects.get(submission=submitted)  # the submitted video
    Artifact.objects.filter(pk=artifact.pk).update(duration_seconds=math.inf)
    review = services.review_claim(submission=submitted, reviewer=cast.reviewer)
    mine = _api(cast.educator).get(f"/api/v1/artifacts/{artifact.public_id}/")
    assert mine.status_code == 200 and mine.json()["duration_seconds"] is None
    detail = _api(cast.reviewer).get(f"/api/v1/reviews/{review.public_id}/")
    assert detail.status_code == 200
    files = [f for row in detail.json()["evidence"] for f in row["files"]]
    assert [f["duration_seconds"] for f in files] == [None]
    page = APIClient()
    page.force_login(cast.reviewer)
    assert page.get(f"/reviews/{review.public_id}/").status_code == 200
