"""Signing in with email, and brute-force protection on the login form."""

import pytest

from tests.support.factories import PASSWORD

LOGIN = "/accounts/login/"


@pytest.mark.django_db
def test_login_with_email_and_password(client, cast):
    response = client.post(LOGIN, {"login": "EDUCATOR@test.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == cast.educator


@pytest.mark.django_db
def test_wrong_password_shows_an_inline_error(client, cast):
    response = client.post(LOGIN, {"login": "educator@test.org", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, cast):
    for _ in range(5):
        client.post(LOGIN, {"login": "educator@test.org", "password": "guess"})
    response = client.post(LOGIN, {"login": "educator@test.org", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_lockout_is_per_account(client, cast):
    for _ in range(5):
        client.post(LOGIN, {"login": "educator@test.org", "password": "guess"})
    response = client.post(LOGIN, {"login": "colleague@test.org", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_refuses_an_open_redirect(client, cast):
    response = client.post(
        LOGIN + "?next=https://evil.example.com/",
        {"login": "educator@test.org", "password": PASSWORD, "next": "https://evil.example.com/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_logout_requires_post(client, cast):
    client.force_login(cast.educator)
    client.get("/accounts/logout/")
    assert client.get("/").context["user"].is_authenticated
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_signup_asks_for_a_name_and_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "display_name": "Nia Newcomer",
            "password1": "a-long-unusual-pass-42",
            "password2": "a-long-unusual-pass-42",
        },
    )
    assert response.status_code == 302
    from accounts.models import User

    assert User.objects.get(email="new@example.org").display_name == "Nia Newcomer"


@pytest.mark.django_db
def test_password_reset_sends_an_email(client, cast, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "educator@test.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "educator@test.org" in mailoutbox[0].to
