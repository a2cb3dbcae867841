"""Personal API tokens die when they should: at their expiry, and all at once on a password
change or reset and on a deactivation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import api_token_create
from tests.support.factories import PASSWORD

NEW_PASSWORD = "a-new-and-long-passphrase-2026"


def _api(plain: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return api


def _works(plain: str) -> bool:
    return _api(plain).get("/api/v1/submissions/").status_code == 200


@pytest.mark.django_db
def test_a_new_token_expires_after_the_configured_days(cast, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    token, _ = api_token_create(user=cast.educator)
    assert (token.expires_at - timezone.now()).days == 29  # 30 days less the moments since


@pytest.mark.django_db
def test_an_expired_token_is_refused_with_the_usual_401(cast):
    token, plain = api_token_create(user=cast.educator)
    assert _works(plain)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _api(plain).get("/api/v1/submissions/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_changing_the_password_revokes_every_token(client, cast):
    _, first = api_token_create(user=cast.educator)
    _, second = api_token_create(user=cast.educator, name="second")
    _, colleagues = api_token_create(user=cast.colleague)
    client.force_login(cast.educator)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not _works(first) and not _works(second)
    assert _works(colleagues)


@pytest.mark.django_db
def test_resetting_the_password_revokes_every_token(client, cast):
    _, plain = api_token_create(user=cast.educator)
    client.post("/accounts/password/reset/", {"email": "educator@test.org"})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body)
    assert link is not None
    form = client.get(link.group(0), follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(0),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    cast.educator.refresh_from_db()
    assert cast.educator.check_password(NEW_PASSWORD)
    assert not _works(plain)


@pytest.mark.django_db
def test_deactivating_in_the_admin_revokes_tokens_for_good(client, cast):
    _, plain = api_token_create(user=cast.educator)
    cast.staff.is_superuser = True
    cast.staff.save()
    client.force_login(cast.staff)
    url = f"/admin/accounts/user/{cast.educator.pk}/change/"
    form = {
        "email": cast.educator.email,
        "display_name": cast.educator.display_name,
        "is_active": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    assert client.post(url, form).status_code == 302
    cast.educator.refresh_from_db()
    assert not cast.educator.is_active
    cast.educator.is_active = True  # reactivated: the old tokens stay dead
    cast.educator.save()
    assert not _works(plain)


@pytest.mark.django_db
def test_the_admin_password_change_revokes_tokens(client, cast):
    _, plain = api_token_create(user=cast.educator)
    cast.staff.is_superuser = True
    cast.staff.save()
    client.force_login(cast.staff)
    response = client.post(
        f"/admin/accounts/user/{cast.educator.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not _works(plain)


@pytest.mark.django_db
def test_tokens_page_and_api_show_last_use_and_expiry(client, cast):
    token, plain = api_token_create(user=cast.educator)
    expired, _ = api_token_create(user=cast.educator, name="old one")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert _works(plain)
    listed = _api(plain).get("/api/v1/auth/tokens/").json()["results"]
    assert [row["id"] for row in listed] == [str(token.public_id)]
    assert listed[0]["last_used_at"] is not None
    assert listed[0]["expires_at"][:10] == token.expires_at.date().isoformat()
    client.force_login(cast.educator)
    page = client.get("/account/api-tokens/").content.decode()
    assert "Expires" in page and token.expires_at.strftime("%b %-d, %Y") in page
    assert "old one" not in page
