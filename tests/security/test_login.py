"""Signing in under attack: open redirects after login, and brute force (per account and per
client IP) on the login form and on the API token endpoint, which shares the same limits."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
LOCKED = "Too many failed login attempts"

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "///evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " https://evil.example/",
    "http://testserver@evil.example/",
    "/%2F%2Fevil.example/",
    "\thttps://evil.example/",
]


def _fail(client: Client, email: str, times: int, **extra: str) -> None:
    for _ in range(times):
        client.post(LOGIN, {"login": email, "password": "guess"}, **extra)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(client: Client, cast: object, target: str) -> None:
    response = client.post(
        LOGIN, {"login": "educator@test.org", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    location = response["Location"]
    # A path on this site (a %2F-encoded "//" stays a path): no scheme, no host.
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", ""), location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_logout_does_not_redirect_off_site(client: Client, cast: object) -> None:
    client.force_login(cast.educator)  # type: ignore[attr-defined]
    response = client.post("/accounts/logout/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_a_safe_next_is_followed(client: Client, cast: object) -> None:
    # Control: the checks above would pass if `next` were ignored altogether.
    response = client.post(
        LOGIN, {"login": "educator@test.org", "password": PASSWORD, "next": "/badges/"}
    )
    assert response["Location"] == "/badges/"


def test_the_account_locks_after_five_failures_even_for_the_right_password(
    client: Client, cast: object
) -> None:
    _fail(client, "educator@test.org", 5)
    response = client.post(LOGIN, {"login": "educator@test.org", "password": PASSWORD})
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    # The lock is per account: a colleague on the same computer signs in.
    other = client.post(LOGIN, {"login": "colleague@test.org", "password": PASSWORD})
    assert other.status_code == 302


def test_one_address_guessing_many_accounts_is_limited_per_ip(cast: object) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(10):  # ten accounts, one failure each: no account reaches its own limit
        _fail(client, f"nobody{n}@test.org", 1)
    response = client.post(LOGIN, {"login": "educator@test.org", "password": PASSWORD})
    assert LOCKED in response.content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    ok = elsewhere.post(LOGIN, {"login": "educator@test.org", "password": PASSWORD})
    assert ok.status_code == 302  # another address is not punished


def test_the_token_endpoint_is_rate_limited_per_ip(cast: object) -> None:
    api = APIClient(REMOTE_ADDR="203.0.113.10")
    # Eleven accounts, one guess each: only the address ties them together.
    answers = [
        api.post(TOKEN, {"email": f"nobody{n}@test.org", "password": "x"}, format="json")
        for n in range(11)
    ]
    assert answers[-1].status_code == 429 and int(answers[-1]["Retry-After"]) > 0
    # A forged X-Forwarded-For does not buy a fresh bucket.
    forged = api.post(
        TOKEN,
        {"email": "educator@test.org", "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert forged.status_code == 429


def test_a_locked_account_gets_no_token_either(cast: object) -> None:
    # Five failures on the form lock the account; the API must not be a way around the lock.
    _fail(Client(REMOTE_ADDR="203.0.113.11"), "educator@test.org", 5)
    api = APIClient(REMOTE_ADDR="203.0.113.12")
    response = api.post(TOKEN, {"email": "educator@test.org", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "token" not in response.json()


def test_failures_on_the_token_endpoint_count_toward_the_account_lock(cast: object) -> None:
    # Guessing through the API from many addresses locks the account for the form too.
    for n in range(5):
        APIClient(REMOTE_ADDR=f"203.0.113.{20 + n}").post(
            TOKEN, {"email": "educator@test.org", "password": "guess"}, format="json"
        )
    response = Client(REMOTE_ADDR="198.51.100.8").post(
        LOGIN, {"login": "educator@test.org", "password": PASSWORD}
    )
    assert LOCKED in response.content.decode()


def test_the_locked_message_is_clear_and_the_right_password_works_after_the_window(
    client: Client, cast: object
) -> None:
    from django.core.cache import cache

    _fail(client, "educator@test.org", 5)
    assert (
        LOCKED
        in client.post(LOGIN, {"login": "educator@test.org", "password": PASSWORD}).content.decode()
    )
    cache.clear()  # the window has passed (allauth's counters live in the cache)
    response = client.post(LOGIN, {"login": "educator@test.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
