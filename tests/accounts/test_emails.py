"""Several verified email addresses per account (ADR 0026): add one (a verification link),
sign in with it, reset the password to it, make it primary, remove another; nobody takes an
address another account verified."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.selectors import user_by_verified_email, users_by_verified_emails
from tests.support.factories import PASSWORD

PROFILE = "/account/profile/"
LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"

pytestmark = pytest.mark.django_db


def _add(client, email):
    return client.post(PROFILE, {"action": "add_email", "email": email}, follow=True)


def _verify_from_mail(client, to):
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert link, message.body
    response = client.post(link.group(1))
    assert response.status_code == 302


def _signs_in(client, login, password=PASSWORD):
    client.logout()
    response = client.post(LOGIN, {"login": login, "password": password})
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def _add_verified(client, user, email):
    client.force_login(user)
    _add(client, email)
    _verify_from_mail(client, email)


def test_an_added_address_is_verified_by_its_link_and_then_signs_in(client, cast):
    client.force_login(cast.educator)
    body = _add(client, "Rivera@Home.example").content.decode()
    assert "We sent a link to rivera@home.example" in body
    address = EmailAddress.objects.get(email="rivera@home.example")
    assert address.user == cast.educator and not address.verified and not address.primary
    # Not verified yet: it signs nobody in and finds nobody.
    assert not _signs_in(client, "rivera@home.example")
    assert user_by_verified_email("rivera@home.example") is None
    client.force_login(cast.educator)
    _verify_from_mail(client, "rivera@home.example")
    address.refresh_from_db()
    assert address.verified
    assert _signs_in(client, "rivera@home.example")
    assert client.get("/").context["user"] == cast.educator
    assert _signs_in(client, "RIVERA@home.example")
    assert _signs_in(client, "educator@test.org")  # the primary one still does
    assert not _signs_in(client, "rivera@home.example", "wrong-password")


def test_make_a_verified_address_primary_then_remove_the_old_one(client, cast):
    _add_verified(client, cast.educator, "rivera@home.example")
    response = client.post(
        PROFILE, {"action": "make_primary", "email": "rivera@home.example"}, follow=True
    )
    assert "rivera@home.example is now your primary address" in response.content.decode()
    cast.educator.refresh_from_db()
    assert cast.educator.email == "rivera@home.example"
    assert EmailAddress.objects.get(user=cast.educator, primary=True).email == (
        "rivera@home.example"
    )
    assert _signs_in(client, "educator@test.org")  # still verified, still theirs
    client.force_login(cast.educator)
    client.post(PROFILE, {"action": "remove_email", "email": "educator@test.org"})
    assert not EmailAddress.objects.filter(email="educator@test.org").exists()
    assert not _signs_in(client, "educator@test.org")
    assert _signs_in(client, "rivera@home.example")


def test_the_primary_cannot_be_removed_and_an_unverified_one_cannot_become_primary(client, cast):
    client.force_login(cast.educator)
    _add(client, "new@home.example")
    body = client.post(
        PROFILE, {"action": "make_primary", "email": "new@home.example"}, follow=True
    ).content.decode()
    assert "Verify this address before" in body
    body = client.post(
        PROFILE, {"action": "remove_email", "email": "educator@test.org"}, follow=True
    ).content.decode()
    assert "Make another address primary before" in body
    cast.educator.refresh_from_db()
    assert cast.educator.email == "educator@test.org"
    assert EmailAddress.objects.filter(email="educator@test.org").exists()


def test_nobody_adds_an_address_another_account_verified(client, cast):
    _add_verified(client, cast.colleague, "shared@home.example")
    mail.outbox.clear()
    client.force_login(cast.educator)
    for taken in ("shared@home.example", "SHARED@home.example", "other@test.org"):
        response = _add(client, taken)
        assert response.status_code == 200
        assert "This address belongs to another account" in response.content.decode()
    assert not EmailAddress.objects.filter(user=cast.educator, email="shared@home.example")
    assert mail.outbox == []


def test_an_unverified_extra_address_does_not_block_its_owner(client, cast):
    client.force_login(cast.colleague)
    _add(client, "mine@home.example")  # the colleague never verifies it
    _add_verified(client, cast.educator, "mine@home.example")
    assert user_by_verified_email("mine@home.example") == cast.educator
    assert _signs_in(client, "mine@home.example")
    assert client.get("/").context["user"] == cast.educator


def test_someone_elses_address_answers_404_and_changes_nothing(client, cast):
    client.force_login(cast.educator)
    for action in ("make_primary", "remove_email", "resend"):
        response = client.post(PROFILE, {"action": action, "email": "colleague@test.org"})
        assert response.status_code == 404
        response = client.post(PROFILE, {"action": action, "email": "nul\x00@x.example"})
        assert response.status_code == 404
    assert EmailAddress.objects.filter(user=cast.colleague, email="colleague@test.org").exists()
    body = _add(client, "not an address\x00").content.decode()
    assert "Enter a valid email address" in body


def test_password_reset_goes_to_any_verified_address_only(client, cast):
    _add_verified(client, cast.educator, "rivera@home.example")
    client.force_login(cast.educator)
    _add(client, "unproven@home.example")
    client.logout()
    mail.outbox.clear()
    client.post(RESET, {"email": "rivera@home.example"})
    assert [m.to for m in mail.outbox] == [["rivera@home.example"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    mail.outbox.clear()
    client.post(RESET, {"email": "unproven@home.example"})
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_lookups_find_people_under_every_verified_address(client, cast):
    _add_verified(client, cast.educator, "rivera@home.example")
    found = users_by_verified_emails(["RIVERA@home.example", "educator@test.org", "nobody@x.org"])
    assert found == {"rivera@home.example": cast.educator, "educator@test.org": cast.educator}


def test_the_profile_lists_addresses_in_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    for n in range(6):
        EmailAddress.objects.create(user=cast.educator, email=f"a{n}@home.example")
    client.force_login(cast.educator)
    client.get(PROFILE)
    with django_assert_max_num_queries(8):
        body = client.get(PROFILE).content.decode()
    assert body.count("Not verified") == 6
