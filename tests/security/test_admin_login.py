"""The Django admin has no door of its own: /admin/login/ sends everyone to the site's sign-in
(allauth, with its brute-force limits), and a password posted to it signs nobody in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "Too many failed login attempts"


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == LOGIN, location
    return parse_qs(parts.query)["next"][0]


def test_the_admin_sends_visitors_to_the_site_login_with_next(client: Client, cast) -> None:
    response = client.get("/admin/accounts/user/", follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert _next_of(response.redirect_chain[-1][0]) == "/admin/accounts/user/"
    assert response.status_code == 200 and 'name="login"' in response.content.decode()
    # Not the admin's own form: the site's sign-in page, which has no "username" field.
    assert 'name="username"' not in response.content.decode()


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client: Client, cast) -> None:
    response = client.post(
        ADMIN_LOGIN + "?next=/admin/",
        {"username": "staff@test.org", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and _next_of(response["Location"]) == "/admin/"
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/admin/").status_code == 302


def test_site_login_limits_hold_for_the_admin_door(client: Client, cast) -> None:
    for _ in range(5):
        client.post(LOGIN, {"login": "staff@test.org", "password": "guess"})
    locked = client.post(LOGIN, {"login": "staff@test.org", "password": PASSWORD})
    assert LOCKED in locked.content.decode()
    # The admin's login is no way around the lock, with either field name.
    for form in ({"username": "staff@test.org"}, {"login": "staff@test.org"}):
        client.post(ADMIN_LOGIN, {**form, "password": PASSWORD})
        assert client.get("/admin/").status_code == 302


def test_staff_sign_in_on_the_site_and_land_in_the_admin(client: Client, cast) -> None:
    response = client.post(
        LOGIN, {"login": "staff@test.org", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Signed in already: the admin's login page goes straight on.
    assert client.get(ADMIN_LOGIN + "?next=/admin/accounts/")["Location"] == "/admin/accounts/"


def test_signed_in_non_staff_are_not_told_the_admin_exists(client: Client, cast) -> None:
    client.force_login(cast.educator)
    assert client.get("/admin/", follow=True).status_code == 404
    assert client.get(ADMIN_LOGIN).status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_admin_login_keeps_next_on_the_site(client: Client, cast, target: str) -> None:
    response = client.get(ADMIN_LOGIN, {"next": target})
    assert _next_of(response["Location"]) == "/admin/"
    client.force_login(cast.staff)
    assert client.get(ADMIN_LOGIN, {"next": target})["Location"] == "/admin/"
