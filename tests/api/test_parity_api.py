"""API parity with the pages: review drafts and comments, withdrawing a submission, badge sharing,
verification, personal API tokens, cancelling an assignment, discarding a roster import. Each
with who must not get in."""

import json

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import api_token_create
from badges import documents
from badges import services as badge_services
from badges.models import Badge
from reporting.models import Assignment
from reporting.services import assignment_create
from reviews import services as review_services
from reviews.models import CriterionScore, ReviewComment
from rosters.models import RosterImport
from rosters.services import roster_import_preview
from submissions.models import Submission
from tests.support.badges import SITE, get_json, pass_submission, path_of
from tests.support.credentials import published_credential
from tests.support.reviews import levels
from tests.support.submissions import ready_artifact, submit


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def site(settings, tmp_path):
    # Badge documents carry absolute ids the test client must resolve; images go to a temp dir.
    settings.SITE_URL = SITE
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    from badges import images

    images._class_cache.clear()


@pytest.fixture
def credential(cast):
    return published_credential(cast.issuer)


@pytest.fixture
def review(cast, credential):
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    submission = submit(cast.educator, credential)
    return review_services.review_claim(submission=submission, reviewer=cast.reviewer)


# --- Review drafts and comments --------------------------------------------------------------


@pytest.mark.django_db
def test_review_draft_saves_and_says_what_is_missing(cast, review):
    version = review.submission.version
    criteria = list(version.criteria.all())
    fail, ok = levels(version)[criteria[0].title]
    draft = {
        "scores": [{"criterion": str(criteria[0].public_id), "level": str(fail.public_id)}],
        "feedback": "So far, so good.",
    }
    url = f"/api/v1/reviews/{review.public_id}/draft/"
    for user in (cast.educator, cast.author, cast.outsider):
        assert _api(user).put(url, draft, format="json").status_code == 404
    assert not CriterionScore.objects.exists()

    response = _api(cast.reviewer).put(url, draft, format="json")
    assert response.status_code == 200, response.json()
    problems = response.json()["problems"]
    assert set(problems) == {str(c.public_id) for c in criteria}
    assert "feedback" in problems[str(criteria[0].public_id)].lower()
    score = CriterionScore.objects.get(review=review, criterion=criteria[0])
    assert score.level == fail
    review.refresh_from_db()
    assert review.feedback == "So far, so good."
    # The page shows the same draft.
    detail = _api(cast.reviewer).get(f"/api/v1/reviews/{review.public_id}/").json()
    assert detail["scores"][0]["level"] == str(fail.public_id)

    # A level of another criterion is refused, and the saved draft stays.
    wrong = {"scores": [{"criterion": str(criteria[1].public_id), "level": str(ok.public_id)}]}
    response = _api(cast.reviewer).put(url, wrong, format="json")
    assert response.status_code == 400
    assert not CriterionScore.objects.filter(criterion=criteria[1]).exists()


@pytest.mark.django_db
def test_review_comments_add_list_delete(cast, review, django_assert_max_num_queries):
    submission = review.submission
    video_requirement = submission.version.requirements.get(kind="artifact")
    artifact = submission.artifacts.filter(requirement=video_requirement).first() or (
        ready_artifact(submission, video_requirement)
    )
    url = f"/api/v1/reviews/{review.public_id}/comments/"
    timed = {
        "requirement": str(video_requirement.public_id),
        "artifact": str(artifact.public_id),
        "time_seconds": 75,
        "text": "Here the students explain their thinking.",
    }
    for user in (cast.educator, cast.colleague, cast.district_admin):
        assert _api(user).post(url, timed, format="json").status_code == 404
        assert _api(user).get(url).status_code == 404
    assert not ReviewComment.objects.exists()

    reviewer = _api(cast.reviewer)
    response = reviewer.post(url, timed, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["time_code"] == "1:15"
    text_requirement = submission.version.requirements.filter(kind="text").first()
    plain = {"requirement": str(text_requirement.public_id), "text": "Clear context."}
    assert reviewer.post(url, plain, format="json").status_code == 201
    no_recording = {**plain, "time_seconds": 3}
    assert reviewer.post(url, no_recording, format="json").status_code == 400
    other = published_credential(cast.issuer, slug="other")
    foreign = {**plain, "requirement": str(other.published_version.requirements.first().public_id)}
    assert reviewer.post(url, foreign, format="json").status_code == 400

    with django_assert_max_num_queries(8):
        listed = reviewer.get(url).json()
    assert listed["count"] == 2
    assert [c["text"] for c in listed["results"]][1] == "Here the students explain their thinking."

    comment_id = response.json()["id"]
    assert _api(cast.educator).delete(f"{url}{comment_id}/").status_code == 404
    assert reviewer.delete(f"{url}{comment_id}/").status_code == 204
    assert ReviewComment.objects.count() == 1


# --- Withdrawing a submission --------------------------------------------------------------------


@pytest.mark.django_db
def test_withdraw_a_submission_before_review(cast, credential):
    submission = submit(cast.educator, credential)
    url = f"/api/v1/submissions/{submission.public_id}/withdraw/"
    for user in (cast.colleague, cast.reviewer, cast.district_admin):
        assert _api(user).post(url).status_code == 404
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
    response = _api(cast.educator).post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    # The next attempt starts from the withdrawn work.
    again = _api(cast.educator).post(
        "/api/v1/submissions/", {"micro_credential": str(credential.public_id)}, format="json"
    )
    assert again.status_code == 201
    assert again.json()["attempt"] == 2


@pytest.mark.django_db
def test_a_submission_in_review_cannot_be_withdrawn(cast, review):
    url = f"/api/v1/submissions/{review.submission.public_id}/withdraw/"
    response = _api(cast.educator).post(url)
    assert response.status_code == 409
    assert Submission.objects.get(pk=review.submission_id).status == "in_review"


# --- Badges: sharing and verification ----------------------------------------------------------


@pytest.fixture
def badge(site, cast):
    credential = published_credential(cast.issuer, "badge-credential", with_artifact=False)
    return badge_services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )


@pytest.mark.django_db
def test_badge_sharing_is_the_earners_choice(cast, badge):
    url = f"/api/v1/badges/{badge.public_id}/sharing/"
    choices = {
        "is_public": False,
        "evidence_summary": "Daily exit tickets.",
        "evidence_published": True,
    }
    # Platform staff (superusers) included: the sharing choices are the earner's alone.
    for user in (cast.colleague, cast.reviewer, cast.district_admin, cast.staff):
        assert _api(user).get(url).status_code == 404
        assert _api(user).put(url, choices, format="json").status_code == 404
    assert Badge.objects.get(pk=badge.pk).is_public is True
    earner = _api(cast.educator)
    assert earner.get(url).json()["is_public"] is True
    response = earner.put(url, choices, format="json")
    assert response.status_code == 200
    badge.refresh_from_db()
    assert (badge.is_public, badge.evidence_published) == (False, True)
    assert _api().get(path_of(documents.public_url(badge))).status_code == 404  # private page
    empty = {**choices, "evidence_summary": " "}
    assert earner.put(url, empty, format="json").status_code == 400


@pytest.mark.django_db
def test_verify_a_link_and_an_ob3_credential(cast, badge, issuer_staff_user):
    client = _api()  # anyone, no account
    response = client.post(
        "/api/v1/verify/",
        {"url": documents.assertion_url(badge), "email": cast.educator.email},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["valid"] is True and body["status"] == "valid"
    assert body["recipient_matches"] is True
    assert body["badge"] == str(badge.public_id)
    assert body["issuer"]["name"] == cast.issuer.name

    credential = get_json(APIClient(), path_of(documents.credential_url(badge)))
    tampered = json.loads(json.dumps(credential))
    tampered["credentialSubject"]["achievement"]["name"] = "Grander"
    body = client.post("/api/v1/verify/", {"badge": tampered}, format="json").json()
    assert body["valid"] is False
    assert any("signature" in problem for problem in body["problems"])

    badge_services.badge_revoke(badge=badge, by=issuer_staff_user, reason="Awarded in error")
    body = client.post("/api/v1/verify/", {"badge": credential}, format="json").json()
    assert body["status"] == "revoked" and body["valid"] is False

    foreign = client.post("/api/v1/verify/", {"url": "https://evil.example/b.json"}, format="json")
    assert foreign.status_code == 400
    assert client.post("/api/v1/verify/", {}, format="json").status_code == 400


@pytest.mark.django_db
def test_verify_is_rate_limited_per_client(cast, badge, settings):
    settings.BADGES_VERIFY_RATE_PER_MINUTE = 2
    client = _api()
    payload = {"url": documents.assertion_url(badge), "email": "guess@test.org"}
    for _ in range(2):
        assert client.post("/api/v1/verify/", payload, format="json").status_code == 200
    refused = client.post("/api/v1/verify/", payload, format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.fixture
def issuer_staff_user(cast):
    from organizations.models import Role
    from organizations.services import membership_grant
    from tests.support.factories import UserFactory

    user = UserFactory(email="issuerstaff@test.org")
    membership_grant(user=user, organization=cast.issuer, role=Role.ISSUER_STAFF)
    return user


# --- Personal API tokens -------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_tokens_list_create_revoke(cast, django_assert_max_num_queries):
    api_token_create(user=cast.colleague, name="Someone else's")
    old, _ = api_token_create(user=cast.educator, name="Old laptop")
    client = _api(cast.educator)
    response = client.post("/api/v1/auth/tokens/", {"name": "SIS sync"}, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["token"].startswith(created["prefix"])

    # The new token works at once, and is listed without its secret.
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {created['token']}")
    with django_assert_max_num_queries(6):
        listed = with_token.get("/api/v1/auth/tokens/").json()
    assert [row["name"] for row in listed["results"]] == ["SIS sync", "Old laptop"]
    assert "token" not in listed["results"][0]

    someone_elses = ApiToken.objects.get(name="Someone else's")
    assert client.delete(f"/api/v1/auth/tokens/{someone_elses.public_id}/").status_code == 404
    assert ApiToken.objects.get(pk=someone_elses.pk).revoked_at is None
    assert client.delete(f"/api/v1/auth/tokens/{created['id']}/").status_code == 204
    assert with_token.get("/api/v1/auth/tokens/").status_code == 401
    assert [row["name"] for row in client.get("/api/v1/auth/tokens/").json()["results"]] == [
        old.name
    ]
    assert _api().get("/api/v1/auth/tokens/").status_code == 401


# --- Organizations: cancel an assignment, discard a roster import --------------------------------


@pytest.mark.django_db
def test_cancel_an_assignment(cast, credential):
    assignment = assignment_create(
        organization=cast.district,
        by=cast.district_admin,
        kind=Assignment.Kind.RECOMMENDED,
        educator=cast.educator,
        credential=credential,
    )
    url = (
        f"/api/v1/organizations/{cast.district.public_id}/assignments/"
        f"{assignment.public_id}/cancel/"
    )
    for user in (cast.other_admin, cast.educator, cast.reviewer):
        assert _api(user).post(url).status_code == 404
    other_url = (
        f"/api/v1/organizations/{cast.other_district.public_id}/assignments/"
        f"{assignment.public_id}/cancel/"
    )
    assert _api(cast.other_admin).post(other_url).status_code == 404
    assert Assignment.objects.get(pk=assignment.pk).cancelled_at is None
    response = _api(cast.district_admin).post(url)
    assert response.status_code == 200
    assert response.json()["cancelled_at"]
    assert Assignment.objects.get(pk=assignment.pk).cancelled_at is not None
    listed = _api(cast.district_admin).get(
        f"/api/v1/organizations/{cast.district.public_id}/assignments/"
    )
    assert str(assignment.public_id) not in json.dumps(listed.json())


@pytest.mark.django_db
def test_discard_a_roster_import(cast):
    roster_import = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=b"email,name,school,role\nnew.hire@example.org,New Hire,Oak School,educator\n",
    )
    url = (
        f"/api/v1/organizations/{cast.district.public_id}/roster-imports/"
        f"{roster_import.public_id}/discard/"
    )
    for user in (cast.other_admin, cast.educator, cast.author):
        assert _api(user).post(url).status_code == 404
    assert RosterImport.objects.get(pk=roster_import.pk).status == "preview"
    response = _api(cast.district_admin).post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "discarded"
    confirm = url.replace("/discard/", "/confirm/")
    assert _api(cast.district_admin).post(confirm).status_code == 400
