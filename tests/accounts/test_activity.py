"""'Last activity' (accounts/middleware.py): what an educator does shows on their district's
dashboard and export, at the cost of one write per person per quarter hour."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import ACTIVITY_RESOLUTION
from accounts.user_cache import user_cache_forget
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _last_activity(user: User):
    return User.objects.values_list("last_activity_at", flat=True).get(pk=user.pk)


def _never_active(user: User) -> None:
    User.objects.filter(pk=user.pk).update(last_activity_at=None)


def test_signing_in_and_working_is_activity_the_district_admin_sees(client, cast):
    _never_active(cast.educator)
    admin = client.__class__()
    admin.force_login(cast.district_admin)
    dashboard = reverse("organizations:dashboard")
    row = admin.get(dashboard, {"q": cast.educator.email}).content.decode()
    assert "Never" in row

    before = timezone.now()
    signed_in = client.post(
        "/accounts/login/", {"login": cast.educator.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert _last_activity(cast.educator) >= before

    row = admin.get(dashboard, {"q": cast.educator.email}).content.decode()
    today = timezone.localdate().strftime("%b %-d, %Y")
    assert today in row and "Never" not in row
    export = admin.get(reverse("organizations:export_progress", args=["csv"]))
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    mine = next(r for r in csv.DictReader(io.StringIO(body)) if r["Email"] == cast.educator.email)
    assert mine["Last activity"].startswith(timezone.localdate().isoformat())


def test_activity_is_written_at_most_once_a_quarter_hour(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.educator)
    page = reverse("submissions:mine")
    client.get(page)
    first = _last_activity(cast.educator)
    with CaptureQueriesContext(connection) as queries:
        client.get(page)
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)
    assert _last_activity(cast.educator) == first

    earlier = timezone.now() - ACTIVITY_RESOLUTION - timedelta(minutes=1)
    User.objects.filter(pk=cast.educator.pk).update(last_activity_at=earlier)
    user_cache_forget(pk=cast.educator.pk)  # the write above went behind the services
    client.get(page)
    assert _last_activity(cast.educator) > earlier + ACTIVITY_RESOLUTION


def test_requests_that_are_nobody_record_nothing(client, cast):
    _never_active(cast.educator)
    client.force_login(cast.educator)
    assert client.get("/healthz").status_code == 200  # never looks at its user
    assert _last_activity(cast.educator) is None
    client.logout()
    assert client.get(reverse("credentials:catalog")).status_code == 200
    assert _last_activity(cast.educator) is None


def test_an_api_token_call_is_activity(cast):
    from rest_framework.test import APIClient

    from accounts.tokens import api_token_create

    _never_active(cast.educator)
    _, secret = api_token_create(user=cast.educator, name="sis sync")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/submissions/").status_code == 200
    assert _last_activity(cast.educator) is not None
