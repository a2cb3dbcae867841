"""Credit granted by recognition bodies on the district dashboard and in the progress export:
per educator (totals per unit and body) and per body, with query counts that do not grow with
the number of educators or requests."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Role
from organizations.services import membership_grant
from recognition import services
from recognition.models import RecognitionBody
from reporting import exports
from tests.reporting.test_dashboard import DASHBOARD_QUERIES
from tests.support.badges import SITE
from tests.support.credentials import make_credential
from tests.support.factories import UserFactory
from tests.support.recognition import earn_badge, make_body, make_rule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    from badges import images

    images._class_cache.clear()


@pytest.fixture
def bodies(cast):
    """A state board (approval required) and a district salary schedule (granted at once)."""
    approver = UserFactory(email="approver@test.org")
    board = make_body("Columbia board", applies_to=cast.state, approvers=[approver])
    salary = make_body("Riverside", kind=RecognitionBody.Kind.DISTRICT, applies_to=cast.district)
    first = make_credential(cast.issuer, "formative-checks", pd_hours="10")
    second = make_credential(cast.issuer, "exit-tickets", pd_hours="5")
    return {
        "approver": approver,
        "board_rule": make_rule(board, credential=first, amount="10", unit="hours"),
        "salary_rule": make_rule(
            salary,
            credential=second,
            outcome="salary_credit",
            amount="1",
            unit="salary credit",
            requires_approval=False,
        ),
        "credentials": (first, second),
    }


def _grant(cast, educator, bodies, *, board=True):
    first, second = bodies["credentials"]
    if board:
        badge = earn_badge(educator, first, cast.reviewer)
        request = services.credit_request_create(
            educator=educator, recognition=bodies["board_rule"], badges=[badge]
        )
        services.credit_request_approve(request=request, by=bodies["approver"])
    badge = earn_badge(educator, second, cast.reviewer)
    services.credit_request_create(
        educator=educator, recognition=bodies["salary_rule"], badges=[badge]
    )


def _dashboard(client, cast):
    return client.get(reverse("organizations:dashboard") + f"?org={cast.district.public_id}")


def test_the_dashboard_shows_credit_per_educator_and_per_body(client, cast, bodies):
    _grant(cast, cast.educator, bodies)
    _grant(cast, cast.colleague, bodies, board=False)
    # A pending request is not credit granted.
    badge = earn_badge(cast.colleague, bodies["credentials"][0], cast.reviewer)
    services.credit_request_create(
        educator=cast.colleague, recognition=bodies["board_rule"], badges=[badge]
    )
    client.force_login(cast.district_admin)

    response = _dashboard(client, cast)

    rows = {person.email: person.credit_granted for person in response.context["page"]}
    assert rows[cast.educator.email] == "10 hours (Columbia board); 1 salary credit (Riverside)"
    assert rows[cast.colleague.email] == "1 salary credit (Riverside)"
    by_body = [
        (r.body, r.amount_text, r.unit, r.educators) for r in response.context["credit_by_body"]
    ]
    assert by_body == [("Columbia board", "10", "hours", 1), ("Riverside", "2", "salary credit", 2)]
    page = response.content.decode()
    assert "10 hours (Columbia board); 1 salary credit (Riverside)" in page
    assert 'id="credit-by-body"' in page


def test_another_districts_admin_sees_none_of_it(client, cast, bodies):
    _grant(cast, cast.educator, bodies)
    client.force_login(cast.other_admin)

    response = client.get(reverse("organizations:dashboard"))

    assert response.context["credit_by_body"] == []
    assert "Columbia board" not in response.content.decode()


def _export(client, cast, kind="csv"):
    url = reverse("organizations:export_progress", args=[kind]) + f"?org={cast.district.public_id}"
    return client.get(url)


def test_the_progress_export_has_credit_granted_last(client, cast, bodies):
    _grant(cast, cast.educator, bodies)
    client.force_login(cast.district_admin)

    response = _export(client, cast)

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = list(csv.reader(io.StringIO(body)))
    assert reader[0][-1] == "Credit granted" and reader[0][:2] == ["Name", "Email"]
    rows = {row[1]: row for row in reader[1:]}
    assert rows[cast.educator.email][-1] == "10 hours (Columbia board); 1 salary credit (Riverside)"
    assert rows[cast.colleague.email][-1] == ""
    assert all(len(row) == len(reader[0]) for row in reader)
    assert _export(client, cast, "xlsx").status_code == 200


def _grow(cast, bodies, count, prefix):
    for index in range(count):
        person = UserFactory(email=f"{prefix}{index}@test.org")
        membership_grant(user=person, organization=cast.school2, role=Role.EDUCATOR)
        _grant(cast, person, bodies, board=index % 2 == 0)


def _count(call):
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return len(queries.captured_queries), result


def test_dashboard_and_export_queries_do_not_grow_with_credit(
    client, cast, bodies, django_assert_max_num_queries
):
    client.force_login(cast.district_admin)
    _grow(cast, bodies, 2, "small")
    _dashboard(client, cast)  # warm the statistics cache alike for both sizes
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        small, _ = _count(lambda: _dashboard(client, cast))
    small_export, _ = _count(lambda: b"".join(_export(client, cast).streaming_content))
    _grow(cast, bodies, 8, "large")
    _dashboard(client, cast)
    large, response = _count(lambda: _dashboard(client, cast))
    large_export, content = _count(lambda: b"".join(_export(client, cast).streaming_content))
    rows = content.decode().splitlines()
    assert (large, large_export) == (small, small_export)
    assert len(response.context["page"].object_list) == 12
    assert len(rows) == 13 and sum("Riverside" in row for row in rows) == 10


def test_an_export_reads_credit_once_per_chunk(client, cast, bodies, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    _grow(cast, bodies, 3, "chunk")
    client.force_login(cast.district_admin)
    with CaptureQueriesContext(connection) as queries:
        rows = b"".join(_export(client, cast).streaming_content).decode().splitlines()
    credit_reads = [q for q in queries.captured_queries if "recognition_creditrequest" in q["sql"]]
    assert len(rows) == 6  # header, the cast's two educators and three more
    assert len(credit_reads) == 3  # ceil(5 / 2) chunks
