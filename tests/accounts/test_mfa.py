"""A second factor for platform and issuer staff (MFA_REQUIRED_FOR_STAFF, on in production):
set-up before any other page, the code at every sign-in, recovery codes that work once. The
codes are computed here from the secret the set-up page shows, as an authenticator app does."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import ApiToken
from organizations.models import Role
from tests.support.cast import make_member
from tests.support.factories import PASSWORD

LOGIN = "/accounts/login/"
SETUP = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
REAUTHENTICATE = "/accounts/reauthenticate/"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def _code(secret: str, periods_ahead: int = 0) -> str:
    # What the app shows now (the site accepts one period either side: MFA_TOTP_TOLERANCE).
    counter = int(time.time()) // 30 + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


def _sign_in(client: Client, email: str) -> str:
    response = client.post(LOGIN, {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def _signed_in(client: Client) -> bool:
    return bool(client.get("/account/profile/").status_code == 200)


def _set_up(client: Client) -> tuple[str, list[str]]:
    # allauth asks for the password again before adding an authenticator.
    ask = client.get(SETUP)
    assert ask.status_code == 302 and ask["Location"].startswith(REAUTHENTICATE)
    confirmed = client.post(ask["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200 and "Authenticator secret" in page.content.decode()
    secret = page.context["form"].secret
    response = client.post(SETUP, {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()
    user = page.context["user"]
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return secret, RecoveryCodes(codes).get_unused_codes()


@pytest.mark.django_db
def test_staff_set_up_a_second_factor_and_sign_in_with_it(client, cast, mfa_required):
    _sign_in(client, "staff@test.org")
    # Before set-up, every page (the admin too) leads to it; sign-out and set-up stay open.
    for path in ("/", "/admin/", "/account/api-tokens/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), path
    secret, _ = _set_up(client)
    assert client.get("/").status_code == 200 and client.get("/admin/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302

    # The password alone no longer signs in: the code is asked for.
    assert _sign_in(client, "staff@test.org") == AUTHENTICATE
    assert not _signed_in(client)
    valid = {_code(secret, shift) for shift in (-1, 0, 1)}
    wrong = next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in valid)
    refused = client.post(AUTHENTICATE, {"code": wrong})
    assert refused.status_code == 200 and not _signed_in(client)
    assert client.post(AUTHENTICATE, {"code": _code(secret, 1)})["Location"] == "/"
    assert _signed_in(client)


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, cast, mfa_required):
    _sign_in(client, "staff@test.org")
    _, recovery = _set_up(client)
    client.post("/accounts/logout/")
    _sign_in(client, "staff@test.org")
    assert client.post(AUTHENTICATE, {"code": recovery[0]}).status_code == 302
    assert _signed_in(client)
    client.post("/accounts/logout/")
    _sign_in(client, "staff@test.org")
    again = client.post(AUTHENTICATE, {"code": recovery[0]})
    assert again.status_code == 200 and not _signed_in(client)
    assert client.post(AUTHENTICATE, {"code": recovery[1]}).status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_issuer_staff_must_set_up_and_educators_need_not(client, cast, mfa_required):
    make_member(Role.ISSUER_STAFF, cast.issuer, email="issuer-staff@test.org")
    _sign_in(client, "issuer-staff@test.org")
    assert client.get("/badges/")["Location"].startswith(SETUP + "?next=%2Fbadges%2F")
    api = client.get("/api/v1/submissions/")
    assert api.status_code == 403 and "two-factor" in api.json()["detail"]
    client.post("/accounts/logout/")
    _sign_in(client, "educator@test.org")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_without_the_setting_staff_are_not_sent_to_set_up(client, cast):
    _sign_in(client, "staff@test.org")
    assert client.get("/").status_code == 200


def _password_token(email: str) -> tuple[int, dict]:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": email, "password": PASSWORD}, format="json"
    )
    return response.status_code, response.json()


@pytest.mark.django_db
def test_the_token_endpoint_is_no_way_around_the_second_factor(cast, mfa_required):
    make_member(Role.ISSUER_STAFF, cast.issuer, email="issuer-staff@test.org")
    for email in ("staff@test.org", "issuer-staff@test.org"):
        status, body = _password_token(email)
        assert status == 400 and "second factor" in body["non_field_errors"][0], email
    assert not ApiToken.objects.exists()
    assert _password_token("educator@test.org")[0] == 201  # control: a password is enough


@pytest.mark.django_db
def test_whoever_set_up_a_second_factor_gets_no_token_for_a_password(client, cast, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    _sign_in(client, "educator@test.org")
    _set_up(client)
    status, body = _password_token("educator@test.org")
    assert status == 400 and "API tokens page" in body["non_field_errors"][0]


@pytest.mark.django_db
def test_the_check_costs_an_educators_page_no_query(client, cast, settings):
    client.force_login(cast.educator)
    client.get("/account/profile/")  # warm the caches both runs share (roles, session)
    counts = []
    for required in (False, True):
        settings.MFA_REQUIRED_FOR_STAFF = required
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/account/profile/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
