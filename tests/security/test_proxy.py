"""Behind a proxy (TRUSTED_PROXY_COUNT): every request comes from the proxy's address, so the
client address is the entry the proxy appended to X-Forwarded-For. Rate limits per IP then
hold per client, not per proxy; and what a client writes in the header never counts."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIClient

from common.api.throttling import ApiRateThrottle
from common.ratelimit import client_ip
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the load balancer: REMOTE_ADDR of every request
LOGIN = "/accounts/login/"
LOCKED = "Too many failed login attempts"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def _via_proxy(client_address: str, forged: str = "") -> dict[str, str]:
    """What the proxy passes on: its own address, and the header with the client's appended."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # no proxy trusted: the header is ignored
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the client's own entry is skipped
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),  # two proxies
        # Fewer entries than proxies: not through them all, so the entry may be the client's.
        (2, "203.0.113.5", PROXY),
        (1, "", PROXY),  # no header (a health check straight to gunicorn)
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)
    assert client_ip(request) == expected
    # Sign-in limits and API throttles read the same address, whatever the header holds.
    assert get_adapter().get_client_ip(request) == expected
    assert ApiRateThrottle().get_ident(Request(request)) == expected


def test_a_header_shorter_than_the_proxy_count_is_no_error_page(cast, settings):
    """allauth's own reading refused such a header with ImproperlyConfigured: a 500 on the
    sign-in page for a request that did not come through every proxy."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert Client().get(LOGIN, **extra).status_code == 200
    response = Client().post(LOGIN, {"login": "educator@test.org", "password": PASSWORD}, **extra)
    assert response.status_code == 302


def _guess_many_accounts(client: Client, extra: dict[str, str]) -> None:
    for n in range(10):  # ten accounts, one failure each: only the address ties them
        client.post(LOGIN, {"login": f"nobody{n}@test.org", "password": "guess"}, **extra)


def test_without_the_setting_one_guesser_locks_out_everyone_behind_the_proxy(cast):
    # The failure this setting exists for: every user shares the proxy's address.
    _guess_many_accounts(Client(), _via_proxy("203.0.113.9"))
    colleague = Client().post(
        LOGIN, {"login": "educator@test.org", "password": PASSWORD}, **_via_proxy("198.51.100.7")
    )
    assert LOCKED in colleague.content.decode()


def test_behind_the_proxy_the_login_limit_is_per_client(cast, behind_one_proxy):
    guesser = _via_proxy("203.0.113.9")
    _guess_many_accounts(Client(), guesser)
    locked = Client().post(LOGIN, {"login": "educator@test.org", "password": PASSWORD}, **guesser)
    assert LOCKED in locked.content.decode()
    # A forged entry in front of the guesser's own does not buy a fresh bucket.
    forged = Client().post(
        LOGIN,
        {"login": "educator@test.org", "password": PASSWORD},
        **_via_proxy("203.0.113.9", forged="192.0.2.44"),
    )
    assert LOCKED in forged.content.decode()
    colleague = Client().post(
        LOGIN, {"login": "educator@test.org", "password": PASSWORD}, **_via_proxy("198.51.100.7")
    )
    assert colleague.status_code == 302  # signed in


def test_behind_the_proxy_the_token_endpoint_limit_is_per_client(cast, behind_one_proxy):
    api = APIClient()
    guesser = _via_proxy("203.0.113.10")
    answers = [
        api.post(
            "/api/v1/auth/token/",
            {"email": f"nobody{n}@test.org", "password": "x"},
            format="json",
            **guesser,
        )
        for n in range(11)
    ]
    assert answers[-1].status_code == 429
    other = APIClient().post(
        "/api/v1/auth/token/",
        {"email": "educator@test.org", "password": PASSWORD},
        format="json",
        **_via_proxy("198.51.100.8", forged="203.0.113.10"),
    )
    assert other.status_code == 201 and other.json()["token"]
