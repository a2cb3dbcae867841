"""The submission endpoints of API.md, and who must not get in."""

import pytest
from rest_framework.test import APIClient

from submissions.models import Submission
from tests.support.credentials import published_credential


@pytest.fixture
def credential(cast):
    return published_credential(cast.issuer, with_artifact=False)


@pytest.fixture
def api():
    return APIClient()


def _start(api, credential):
    return api.post(
        "/api/v1/submissions/", {"micro_credential": str(credential.public_id)}, format="json"
    )


@pytest.mark.django_db
def test_start_write_submit_through_the_api(api, cast, credential):
    api.force_authenticate(cast.educator)
    created = _start(api, credential)
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["attempt"], body["micro_credential"]) == (
        "draft",
        1,
        str(credential.public_id),
    )
    assert _start(api, credential).status_code == 200  # the same open attempt
    sid = body["id"]
    incomplete = api.post(f"/api/v1/submissions/{sid}/submit/")
    assert incomplete.status_code == 400
    requirements = credential.published_version.requirements.filter(required=True)
    assert set(incomplete.json()["requirements"]) == {str(r.public_id) for r in requirements}
    for requirement in requirements:
        saved = api.put(
            f"/api/v1/submissions/{sid}/responses/{requirement.public_id}/",
            {"text": "Evidence of practice"},
            format="json",
        )
        assert saved.status_code == 200 and saved.json()["words"] == 3
    done = api.post(f"/api/v1/submissions/{sid}/submit/")
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    late = api.put(
        f"/api/v1/submissions/{sid}/responses/{requirements[0].public_id}/",
        {"text": "late"},
        format="json",
    )
    assert late.status_code == 409
    listing = api.get("/api/v1/submissions/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == sid
    assert len(listing["results"][0]["responses"]) == 3


@pytest.mark.django_db
def test_bad_input_gets_field_errors(api, cast, credential):
    api.force_authenticate(cast.educator)
    response = api.post("/api/v1/submissions/", {"micro_credential": "not-a-uuid"}, format="json")
    assert response.status_code == 400 and "micro_credential" in response.json()
    missing = api.post(
        "/api/v1/submissions/",
        {"micro_credential": "6f1c2b1e-0000-4000-8000-000000000000"},
        format="json",
    )
    assert missing.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["colleague", "other_educator", "reviewer", "author", "outsider", "other_admin"]
)
def test_others_get_404(api, cast, credential, who):
    api.force_authenticate(cast.educator)
    sid = _start(api, credential).json()["id"]
    requirement = credential.published_version.requirements.first()
    api.force_authenticate(getattr(cast, who))
    assert api.get(f"/api/v1/submissions/{sid}/").status_code == 404
    assert (
        api.put(
            f"/api/v1/submissions/{sid}/responses/{requirement.public_id}/",
            {"text": "x"},
            format="json",
        ).status_code
        == 404
    )
    assert api.post(f"/api/v1/submissions/{sid}/submit/").status_code == 404
    assert api.get("/api/v1/submissions/").json()["count"] == 0


@pytest.mark.django_db
def test_district_admin_sees_status_but_never_evidence(api, cast, credential):
    api.force_authenticate(cast.educator)
    sid = _start(api, credential).json()["id"]
    requirement = credential.published_version.requirements.first()
    api.put(
        f"/api/v1/submissions/{sid}/responses/{requirement.public_id}/",
        {"text": "private"},
        format="json",
    )
    api.force_authenticate(cast.district_admin)
    listing = api.get("/api/v1/submissions/").json()
    assert [row["id"] for row in listing["results"]] == [sid]
    assert listing["results"][0]["responses"] == []
    assert api.put(
        f"/api/v1/submissions/{sid}/responses/{requirement.public_id}/",
        {"text": "x"},
        format="json",
    ).status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["district_admin", "state_admin"])
def test_admin_detail_is_the_status_only_row_of_their_list(api, cast, who):
    """An admin opens what their list shows them, and sees no more there: the decision, not
    the evidence, the feedback or who reviewed it."""
    from decimal import Decimal

    from reviews import services as review_services
    from tests.support.reviews import complete, set_policy
    from tests.support.submissions import submit

    credential = published_credential(cast.issuer)
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    set_policy(cast.issuer, second_review_rate=Decimal("0"))
    submission = submit(cast.educator, credential, words="Private reflection on my class")
    review = review_services.review_claim(submission=submission, reviewer=cast.reviewer)
    complete(review, cast.reviewer, failing=("Evidence",), feedback="Private feedback")
    sid = str(submission.public_id)

    api.force_authenticate(getattr(cast, who))
    listed = api.get("/api/v1/submissions/").json()["results"]
    detail = api.get(f"/api/v1/submissions/{sid}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body == next(row for row in listed if row["id"] == sid)
    assert body["status"] == "not_yet"
    assert body["responses"] == [] and body["artifacts"] == []
    assert set(body["review"]) == {"decision", "decided_at"}
    text = detail.content.decode()
    for secret in ("Private reflection", "Private feedback", cast.reviewer.email, "lesson.mp4"):
        assert secret not in text
    # The owner still reads everything on the same endpoint.
    api.force_authenticate(cast.educator)
    assert "Private feedback" in api.get(f"/api/v1/submissions/{sid}/").content.decode()


@pytest.mark.django_db
def test_admin_detail_stays_within_their_staff(api, cast, credential):
    """An admin of another district, or one whose educator moved away, gets 404 like anyone."""
    from organizations.models import Membership

    api.force_authenticate(cast.educator)
    sid = _start(api, credential).json()["id"]
    api.force_authenticate(cast.other_admin)
    assert api.get(f"/api/v1/submissions/{sid}/").status_code == 404
    api.force_authenticate(cast.district_admin)
    assert api.get(f"/api/v1/submissions/{sid}/").status_code == 200
    Membership.objects.filter(user=cast.educator).update(is_active=False)
    assert api.get(f"/api/v1/submissions/{sid}/").status_code == 404
    assert api.get("/api/v1/submissions/").json()["count"] == 0
    # Seeing the status is not acting on it.
    Membership.objects.filter(user=cast.educator).update(is_active=True)
    assert api.post(f"/api/v1/submissions/{sid}/submit/").status_code == 404
    assert api.post(f"/api/v1/submissions/{sid}/withdraw/").status_code == 404


@pytest.mark.django_db
def test_anonymous_is_refused(api, credential):
    assert _start(api, credential).status_code in (401, 403)
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_list_stays_within_a_fixed_number_of_queries(api, cast, django_assert_max_num_queries):
    api.force_authenticate(cast.educator)
    for index in range(6):
        _start(api, published_credential(cast.issuer, f"q{index}", with_artifact=False))
    with django_assert_max_num_queries(15):
        response = api.get("/api/v1/submissions/")
    assert response.json()["count"] == 6
