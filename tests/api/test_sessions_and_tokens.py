"""Sessions and tokens on the API: a browser session needs its CSRF token for unsafe methods;
revoked and unknown personal tokens are refused, even on public endpoints."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create, api_token_revoke
from submissions.models import Submission
from tests.support.credentials import published_credential
from tests.support.permission_matrix import API


@pytest.mark.django_db
def test_a_session_post_without_its_csrf_token_is_refused(cast: Any) -> None:
    credential = published_credential(cast.issuer, "formative-checks", with_artifact=False)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.educator)
    body = {"micro_credential": str(credential.public_id)}

    refused = client.post(API + "submissions/", body, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Submission.objects.exists()

    csrf = "x" * 32
    client.cookies["csrftoken"] = csrf
    accepted = client.post(API + "submissions/", body, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201
    assert Submission.objects.get().educator == cast.educator
    assert client.get(API + "submissions/").status_code == 200  # safe methods need no token


@pytest.mark.django_db
def test_revoked_and_unknown_tokens_are_refused_even_on_public_endpoints(cast: Any) -> None:
    token, plain = api_token_create(user=cast.educator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    assert client.get(API + "submissions/").status_code == 200
    api_token_revoke(token=token)
    assert client.get(API + "submissions/").status_code == 401
    assert client.get(API + "focus-areas/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token mc_not-a-token")
    assert client.get(API + "submissions/").status_code == 401
