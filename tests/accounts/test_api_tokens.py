"""Personal API tokens: obtained with email and password, stored hashed, revocable."""

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.support.factories import PASSWORD


@pytest.mark.django_db
def test_token_is_issued_stored_hashed_and_authenticates(cast):
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/", {"email": "Educator@test.org", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201
    token = response.json()["token"]
    stored = ApiToken.objects.get(user=cast.educator)
    assert token not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/submissions/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_and_bad_input(cast):
    api = APIClient()
    wrong = api.post(
        "/api/v1/auth/token/", {"email": "educator@test.org", "password": "x"}, format="json"
    )
    assert wrong.status_code == 400 and "non_field_errors" in wrong.json()
    bad = api.post("/api/v1/auth/token/", {"email": "not-an-email"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"email", "password"}


@pytest.mark.django_db
def test_token_endpoint_is_rate_limited_with_retry_after(cast):
    api = APIClient()
    statuses = [
        api.post(
            "/api/v1/auth/token/", {"email": "educator@test.org", "password": "x"}, format="json"
        )
        for _ in range(12)
    ]
    assert statuses[-1].status_code == 429
    assert int(statuses[-1]["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_locked_account_answers_429_in_the_documented_error_shape(cast):
    """After repeated failures the account is locked (allauth's limit, before the endpoint's
    own throttle): even the right password gets a 429 {"detail"}, as the schema documents."""
    api = APIClient()
    for _ in range(6):
        api.post(
            "/api/v1/auth/token/", {"email": "educator@test.org", "password": "x"}, format="json"
        )
    locked = api.post(
        "/api/v1/auth/token/", {"email": "educator@test.org", "password": PASSWORD}, format="json"
    )
    assert locked.status_code == 429
    assert set(locked.json()) == {"detail"} and locked.json()["detail"]
    assert int(locked["Retry-After"]) > 0
    assert not ApiToken.objects.filter(user=cast.educator).exists()


@pytest.mark.django_db
def test_revoked_or_unknown_tokens_are_refused(client, cast):
    client.force_login(cast.educator)
    page = client.post("/account/api-tokens/", {"name": "HR sync"})
    token = page.context["new_token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/submissions/").status_code == 200
    stored = ApiToken.objects.get(user=cast.educator)
    client.post("/account/api-tokens/", {"revoke": str(stored.public_id)})
    assert api.get("/api/v1/submissions/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token mc_forged")
    assert api.get("/api/v1/submissions/").status_code == 401


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_token(client, cast):
    client.force_login(cast.educator)
    client.post("/account/api-tokens/", {"name": "mine"})
    stored = ApiToken.objects.get(user=cast.educator)
    client.force_login(cast.colleague)
    assert client.post("/account/api-tokens/", {"revoke": str(stored.public_id)}).status_code == 404
    stored.refresh_from_db()
    assert stored.revoked_at is None
