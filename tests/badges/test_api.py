"""GET /api/v1/badges/ and POST /api/v1/badges/{id}/revoke/."""

import pytest

from badges import documents, services
from badges.models import Badge
from tests.support.badges import SITE, pass_submission
from tests.support.credentials import published_credential

pytestmark = pytest.mark.django_db


def test_list_returns_the_callers_badges(
    client, cast, credential, badge, django_assert_max_num_queries
):
    services.badge_award(submission=pass_submission(cast.colleague, credential, cast.reviewer))
    for slug in ("more-1", "more-2"):
        more = published_credential(cast.issuer, slug, with_artifact=False)
        services.badge_award(submission=pass_submission(cast.educator, more, cast.reviewer))
    client.force_login(cast.educator)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/badges/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    row = next(r for r in body["results"] if r["id"] == str(badge.public_id))
    assert row["micro_credential"] == str(credential.public_id)
    assert row["issued_on"] and row["expires"] is None and row["revoked"] is False
    assert row["assertion_url"] == documents.assertion_url(badge)
    assert row["credential_url"] == f"{SITE}/ob3/credentials/{badge.public_id}"
    assert row["image_url"] == f"{SITE}/badges/{badge.public_id}/badge.png"
    assert row["public_url"] == f"{SITE}/badges/{badge.public_id}/"


def test_list_needs_authentication(client):
    assert client.get("/api/v1/badges/").status_code in (401, 403)


def test_revoke_by_issuer_staff(client, badge, issuer_staff):
    client.force_login(issuer_staff)
    url = f"/api/v1/badges/{badge.public_id}/revoke/"
    missing = client.post(url, {}, content_type="application/json")
    assert missing.status_code == 400 and "reason" in missing.json()
    blank = client.post(url, {"reason": "   "}, content_type="application/json")
    assert blank.status_code == 400
    response = client.post(url, {"reason": "Awarded in error"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["revoked"] is True
    assert response.json()["revocation_reason"] == "Awarded in error"
    assert Badge.objects.get(pk=badge.pk).revoked_by == issuer_staff


def test_revoke_by_platform_staff(client, cast, badge):
    client.force_login(cast.staff)
    response = client.post(
        f"/api/v1/badges/{badge.public_id}/revoke/",
        {"reason": "Policy"},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_revoke_by_anyone_else_is_404(client, cast, badge, other_issuer_staff):
    url = f"/api/v1/badges/{badge.public_id}/revoke/"
    for user in (cast.educator, cast.colleague, cast.reviewer, cast.author, other_issuer_staff):
        client.force_login(user)
        response = client.post(url, {"reason": "No"}, content_type="application/json")
        assert response.status_code == 404, user
    assert Badge.objects.get(pk=badge.pk).revoked_at is None
    client.force_login(cast.staff)
    missing = client.post(
        "/api/v1/badges/00000000-0000-0000-0000-000000000000/revoke/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert missing.status_code == 404


def test_schema_documents_the_badge_endpoints(client, cast):
    client.force_login(cast.staff)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/badges/" in schema and "/api/v1/badges/{public_id}/revoke/" in schema
