"""The signed-in user comes from the cache (accounts/user_cache.py): a page after the first
reads no user row, and a change to the account shows at the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import user_set_active, user_set_password, user_update_profile

pytestmark = pytest.mark.django_db

PAGE = "/catalog/"


def _user_row_reads(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    return sum('FROM "accounts_user"' in query["sql"] for query in queries.captured_queries)


def _signed_in(client) -> bool:
    response = client.get(reverse("profile"))
    return response.status_code == 200


def test_the_second_page_reads_no_user_row(client, cast):
    client.force_login(cast.educator)

    assert _user_row_reads(client) >= 1  # the first page loads the user and caches it
    assert _user_row_reads(client) == 0


def test_a_deactivated_account_is_signed_out_at_the_next_request(client, cast):
    client.force_login(cast.educator)
    assert _signed_in(client) and _signed_in(client)  # cached

    user_set_active(user=cast.educator, is_active=False)

    assert not _signed_in(client)


def test_a_password_change_signs_out_the_other_sessions_at_once(client, cast):
    client.force_login(cast.educator)
    assert _signed_in(client) and _signed_in(client)

    user_set_password(user=cast.educator, password="a-brand-new-passphrase-2026")

    assert not _signed_in(client)


def test_a_changed_account_shows_at_the_next_request(client, cast):
    client.force_login(cast.educator)
    assert _signed_in(client)

    user_update_profile(user=cast.educator, display_name="Renamed Educator")

    assert "Renamed Educator" in client.get(PAGE).content.decode()


def test_staff_rights_taken_away_apply_at_the_next_request(client, cast):
    cast.educator.is_staff = True
    cast.educator.save()
    client.force_login(cast.educator)
    assert client.get("/admin/").status_code in (200, 302)
    assert _user_row_reads(client) == 0  # cached with is_staff

    cast.educator.is_staff = False
    cast.educator.save(update_fields=["is_staff"])

    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_each_session_gets_its_own_user(client, cast):
    other = client.__class__()
    client.force_login(cast.educator)
    other.force_login(cast.reviewer)
    client.get(PAGE), other.get(PAGE)  # both cached

    assert cast.educator.email in client.get(PAGE).content.decode()
    assert cast.reviewer.email in other.get(PAGE).content.decode()
    assert cast.educator.email not in other.get(PAGE).content.decode()
