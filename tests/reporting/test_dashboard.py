"""The staff progress dashboard, transcripts, exports and the API: numbers, scoping, query
counts that do not grow with the data."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from organizations.models import Role
from organizations.services import membership_grant
from reporting.exports import safe_cell
from reporting.selectors import ProgressFilters, staff_progress, transcript_for
from reporting.services import assignment_create
from tests.support.factories import UserFactory
from tests.support.submissions import attempt


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _rows(client, **params):
    response = client.get(reverse("organizations:dashboard"), params)
    assert response.status_code == 200
    return response


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_progress_counts_and_pd_hours_in_a_period(cast, activity):
    rows = {u.email: u for u in staff_progress(cast.district, ProgressFilters())}
    assert set(rows) == {"educator@test.org", "colleague@test.org"}
    me, colleague = rows["educator@test.org"], rows["colleague@test.org"]
    assert (me.in_progress, me.submitted, me.not_yet, me.earned) == (1, 0, 0, 2)
    assert me.pd_hours == Decimal("17.5") and me.school_name == "Oak School"
    assert (colleague.submitted, colleague.not_yet, colleague.earned) == (1, 1, 0)

    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    last_month = ProgressFilters(start=today - timedelta(days=30), end=today)
    me = staff_progress(cast.district, last_month).get(email="educator@test.org")
    assert (me.earned, me.pd_hours) == (1, Decimal("10"))  # the 400-day-old one is outside


@pytest.mark.django_db
def test_filters_search_and_sorting(client, cast, activity):
    client.force_login(cast.district_admin)
    school = _rows(client, school=str(cast.school2.public_id)).context["page"].object_list
    assert [u.email for u in school] == ["colleague@test.org"]
    earned = _rows(client, status="earned").context["page"].object_list
    assert [u.email for u in earned] == ["educator@test.org"]
    found = _rows(client, q="COLLEAGUE@").context["page"].object_list
    assert [u.email for u in found] == ["colleague@test.org"]
    by_earned = _rows(client, sort="-earned").context["page"].object_list
    assert [u.email for u in by_earned] == ["educator@test.org", "colleague@test.org"]
    think = activity[2]
    mc = _rows(client, credential=str(think.public_id)).context["page"].object_list
    assert {u.email: u.in_progress for u in mc} == {
        "educator@test.org": 1,
        "colleague@test.org": 0,
    }


@pytest.mark.django_db
def test_funnel_median_and_charts(client, cast, activity):
    client.force_login(cast.district_admin)
    context = _rows(client).context
    funnel = {row["title"]: row for row in context["funnel"]}
    formative = funnel["Credential formative-checks"]
    assert (formative["started"], formative["submitted"], formative["not_yet"]) == (2, 2, 1)
    assert formative["earned"] == 1
    assert formative["median_days"] == pytest.approx(3.0, abs=0.01)  # submitted 3 days before
    trend = context["trend_chart"]
    assert sum(bar.value for bar in trend.bars) == 1  # one earned in the last 12 months
    html = context["trend_chart"].title
    assert "per month" in html
    body = _rows(client).content.decode()
    assert body.count('role="img"') == 2 and body.count("Data table:") == 2


@pytest.mark.django_db
def test_transcript_totals_and_pdf(client, cast, activity):
    transcript = transcript_for(cast.educator)
    assert [e.title for e in transcript.entries] == [
        "Credential exit-tickets",
        "Credential formative-checks",
    ]
    assert transcript.total_pd_hours == Decimal("17.5")
    assert transcript.total_ceus == Decimal("1.5")
    assert all(e.verification_url == "" for e in transcript.entries)  # no badges app yet

    client.force_login(cast.educator)
    page = client.get(reverse("organizations:transcript"))
    assert page.status_code == 200
    assert b'data-testid="total-pd-hours">17.5<' in page.content
    pdf = client.get(reverse("organizations:transcript_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_admins_see_transcripts_of_their_staff_only(client, cast, activity):
    mine = reverse("organizations:transcript_pdf", args=[cast.educator.public_id])
    theirs = reverse("organizations:transcript_pdf", args=[cast.other_educator.public_id])
    client.force_login(cast.district_admin)
    assert client.get(mine).status_code == 200
    assert client.get(theirs).status_code == 404
    client.force_login(cast.state_admin)
    assert client.get(theirs).status_code == 200
    client.force_login(cast.colleague)  # a colleague is not an admin
    assert client.get(mine).status_code == 404
    page = reverse("organizations:transcript", args=[cast.educator.public_id])
    assert client.get(page).status_code == 404


# --------------------------------------------------------------------------------------------
# Scoping: pages, exports, API
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_district_admin_sees_nothing_of_another_district(client, cast, activity):
    client.force_login(cast.district_admin)
    page = _rows(client)
    assert b"other@test.org" not in page.content
    other = {"org": str(cast.other_district.public_id)}
    assert client.get(reverse("organizations:dashboard"), other).status_code == 404
    export = client.get(reverse("organizations:export_progress", args=["csv"]))
    assert {row["Email"] for row in _csv(export)} == {"educator@test.org", "colleague@test.org"}
    earned = client.get(reverse("organizations:export_earned", args=["csv"]))
    assert {row["Email"] for row in _csv(earned)} == {"educator@test.org"}
    earned_url = reverse("organizations:export_earned", args=["csv"])
    assert client.get(earned_url, other).status_code == 404
    api = f"/api/v1/organizations/{cast.other_district.public_id}/progress/"
    assert client.get(api).status_code == 404
    assert client.get(api + "?format=csv").status_code == 404
    listed = client.get("/api/v1/organizations/").json()["results"]
    assert cast.other_district.name not in {o["name"] for o in listed}


@pytest.mark.django_db
def test_state_admin_sees_both_districts(client, cast, activity):
    client.force_login(cast.state_admin)
    page = _rows(client)
    assert page.context["root"] == cast.state
    emails = {u.email for u in page.context["page"].object_list}
    assert emails == {"educator@test.org", "colleague@test.org", "other@test.org"}
    export = client.get(reverse("organizations:export_progress", args=["csv"]))
    assert len(_csv(export)) == 3
    api = client.get(f"/api/v1/organizations/{cast.state.public_id}/progress/").json()
    assert api["count"] == 3


@pytest.mark.django_db
def test_educators_and_outsiders_get_404(client, cast):
    for user in (cast.educator, cast.outsider, cast.reviewer):
        client.force_login(user)
        assert client.get(reverse("organizations:dashboard")).status_code == 404
        assert client.get(reverse("organizations:export_progress", args=["csv"])).status_code == 404
        assert client.get(reverse("organizations:roster_upload")).status_code == 404
        assert client.get(reverse("organizations:assignments")).status_code == 404
        api = f"/api/v1/organizations/{cast.district.public_id}/progress/"
        assert client.get(api).status_code == 404
        assert client.get("/api/v1/organizations/").json()["count"] == 0
    client.logout()
    assert client.get(reverse("organizations:dashboard")).status_code == 302  # to sign in


@pytest.mark.django_db
def test_admin_of_several_picks_one(client, cast, activity):
    membership_grant(
        user=cast.district_admin, organization=cast.other_district, role=Role.DISTRICT_ADMIN
    )
    client.force_login(cast.district_admin)
    page = _rows(client, org=str(cast.other_district.public_id))
    assert {u.email for u in page.context["page"].object_list} == {"other@test.org"}
    assert b'id="org-picker"' in page.content


# --------------------------------------------------------------------------------------------
# Exports and the API
# --------------------------------------------------------------------------------------------


def test_csv_injection_guard():
    assert safe_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    for prefix in ("+", "-", "@", "\t"):
        assert safe_cell(prefix + "1+1") == "'" + prefix + "1+1"
    assert safe_cell("Oak School") == "Oak School"
    assert safe_cell(-3) == -3 and safe_cell(None) == ""


@pytest.mark.django_db
def test_exports_neutralize_formulas_in_names(client, cast, activity):
    cast.educator.display_name = '=cmd|"/c calc"!A1'
    cast.educator.save()
    client.force_login(cast.district_admin)
    rows = _csv(client.get(reverse("organizations:export_progress", args=["csv"])))
    assert '\'=cmd|"/c calc"!A1' in {row["Name"] for row in rows}
    from openpyxl import load_workbook

    response = client.get(reverse("organizations:export_progress", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Name"
    names = {row[0] for row in values[1:]}
    assert '\'=cmd|"/c calc"!A1' in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_export_keeps_the_dashboard_filters(client, cast, activity):
    client.force_login(cast.district_admin)
    url = reverse("organizations:export_progress", args=["csv"])
    rows = _csv(client.get(url, {"school": str(cast.school2.public_id)}))
    assert [(r["Email"], r["Not yet"], r["Submitted"]) for r in rows] == [
        ("colleague@test.org", "1", "1")
    ]
    earned = _csv(client.get(reverse("organizations:export_earned", args=["csv"])))
    assert sorted(r["Micro-credential"] for r in earned) == [
        "Credential exit-tickets",
        "Credential formative-checks",
    ]
    assert {r["PD hours"] for r in earned} == {"7.5", "10.0"}


@pytest.mark.django_db
def test_progress_api_json_and_csv(client, cast, activity):
    client.force_login(cast.district_admin)
    url = f"/api/v1/organizations/{cast.district.public_id}/progress/"
    data = client.get(url).json()
    assert data["count"] == 2
    row = next(r for r in data["results"] if r["educator"]["email"] == "educator@test.org")
    assert row == {
        "educator": {
            "id": str(cast.educator.public_id),
            "name": cast.educator.get_full_name(),
            "email": "educator@test.org",
            "school": "Oak School",
        },
        "in_progress": 1,
        "submitted": 0,
        "not_yet": 0,
        "earned": 2,
        "pd_hours": 17.5,
        "last_activity": row["last_activity"],
    }
    # The same moment the dashboard shows, in the API's ISO 8601 with the time zone.
    cast.educator.refresh_from_db()
    assert parse_datetime(row["last_activity"]) == cast.educator.last_activity_at
    school = client.get(f"/api/v1/organizations/{cast.school2.public_id}/progress/").json()
    assert [r["educator"]["email"] for r in school["results"]] == ["colleague@test.org"]
    response = client.get(url + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert {r["Email"] for r in _csv(response)} == {"educator@test.org", "colleague@test.org"}


@pytest.mark.django_db
def test_api_roster_import_and_assignments(client, cast, credentials):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.district_admin)
    base = f"/api/v1/organizations/{cast.district.public_id}"
    content = b"email,name,school,role\nz@example.org,Z,Oak School,educator\n"
    file = SimpleUploadedFile("s.csv", content)
    created = client.post(base + "/roster-imports/", {"users_file": file})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["summary"] == {"invite": 1} and body["can_confirm"]
    confirm = client.post(f"{base}/roster-imports/{body['id']}/confirm/")
    assert confirm.status_code == 200 and confirm.json()["status"] == "applied"
    again = client.post(f"{base}/roster-imports/{body['id']}/confirm/")
    assert again.status_code == 400

    made = client.post(
        base + "/assignments/",
        {"kind": "required", "micro_credential": str(credentials[0].public_id),
         "school": str(cast.school.public_id), "due_on": "2099-01-01"},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    listed = client.get(base + "/assignments/").json()["results"]
    assert listed[0]["targeted"] == 2 and listed[0]["completed"] == 0  # educator and z@

    outside = client.post(
        base + "/assignments/",
        {"kind": "required", "micro_credential": str(credentials[0].public_id),
         "school": str(cast.other_school.public_id)},
        content_type="application/json",
    )  # fmt: skip
    assert outside.status_code == 400
    client.force_login(cast.other_admin)
    assert client.get(base + "/assignments/").status_code == 404
    assert client.get(f"{base}/roster-imports/{body['id']}/").status_code == 404


@pytest.mark.django_db
def test_assignments_completion_overdue_and_educator_home(client, cast, credentials):
    from datetime import timedelta

    from django.template.loader import render_to_string
    from django.utils import timezone

    formative = credentials[0]
    yesterday = timezone.localdate() - timedelta(days=1)
    assignment_create(organization=cast.district, by=cast.district_admin, kind="required",
                      school=cast.school, credential=formative, due_on=yesterday)  # fmt: skip
    classmate = UserFactory(email="classmate@test.org")
    membership_grant(user=classmate, organization=cast.school, role=Role.EDUCATOR)
    attempt(cast, cast.educator, formative, "passed")
    client.force_login(cast.district_admin)
    row = _rows(client).context["assignments"][0]
    assert (row["targeted"], row["completed"]) == (2, 1)
    assert [u.email for u in row["overdue"]] == ["classmate@test.org"]

    html = render_to_string("reporting/_home.html", {"user": classmate})
    assert "Credential formative-checks" in html and "Overdue" in html
    html = render_to_string("reporting/_home.html", {"user": cast.educator})
    assert "Earned" in html
    html = render_to_string("reporting/_home.html", {"user": cast.other_educator})
    assert "Credential formative-checks" not in html


# --------------------------------------------------------------------------------------------
# Query counts: the same bound at two sizes
# --------------------------------------------------------------------------------------------


def _grow(cast, credentials, people, prefix):
    for index in range(people):
        person = UserFactory(email=f"{prefix}{index}@test.org")
        membership_grant(user=person, organization=cast.school2, role=Role.EDUCATOR)
        attempt(cast, person, credentials[index % 3], ["passed", "not_yet", "draft"][index % 3])


# 18, and two for credit granted: the page's educators' totals and the totals per body.
DASHBOARD_QUERIES = 20


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_the_data(
    client, cast, credentials, django_assert_max_num_queries
):
    client.force_login(cast.district_admin)
    assignment_create(organization=cast.district, by=cast.district_admin, kind="recommended",
                      school=cast.school2, credential=credentials[0])  # fmt: skip
    _grow(cast, credentials, 3, "small")
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        small = _rows(client)
    _grow(cast, credentials, 30, "large")
    for index in range(3):
        assignment_create(organization=cast.district, by=cast.district_admin, kind="required",
                          school=cast.school2, credential=credentials[index])  # fmt: skip
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        large = _rows(client)
    assert small.context["page"].paginator.count == 5
    assert large.context["page"].paginator.count == 35
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/organizations/{cast.district.public_id}/progress/")
    assert response.json()["count"] == 35


# --------------------------------------------------------------------------------------------
# The statistics cache (reporting/progress_cache.py)
# --------------------------------------------------------------------------------------------


def _summary(response) -> dict[str, str]:
    return dict(response.context["summary"])


@pytest.mark.django_db
def test_statistics_come_from_the_cache_until_an_outcome_changes(
    client, cast, activity, django_assert_max_num_queries
):
    formative, _exit_tickets, think_alouds = activity
    client.force_login(cast.district_admin)
    before = _summary(_rows(client))
    # Again: the grouped passes, the funnel's medians and the assignments are not read.
    with django_assert_max_num_queries(DASHBOARD_QUERIES - 6):
        again = _rows(client)
    assert _summary(again) == before
    assert again.content.count(b'id="funnel-table"') == 1
    assert again.content.count(b'role="img"') == 2
    # A new colleague's attempt started, then one decided, show at the next page.
    person = UserFactory(email="newcomer@test.org")
    membership_grant(user=person, organization=cast.school2, role=Role.EDUCATOR)
    attempt(cast, person, think_alouds, "draft")
    assert int(_summary(_rows(client))["In progress"]) == int(before["In progress"]) + 1
    attempt(cast, person, formative, "passed")
    after = _summary(_rows(client))
    assert int(after["Earned"]) == int(before["Earned"]) + 1
    assert int(after["Educators"]) == int(before["Educators"]) + 1


@pytest.mark.django_db
def test_statistics_differ_per_scope_and_filters(client, cast, activity):
    client.force_login(cast.district_admin)
    everyone = _summary(_rows(client))
    one_school = _summary(_rows(client, school=str(cast.school2.public_id)))
    assert everyone["In progress"] == "1" and one_school["In progress"] == "0"
    assert _summary(_rows(client)) == everyone  # each entry is its own
    client.force_login(cast.state_admin)
    state = _summary(_rows(client))  # both districts: another scope, not the district's entry
    assert int(state["Earned"]) == int(everyone["Earned"]) + 1


@pytest.mark.django_db
def test_a_renewal_adds_pd_hours_but_never_a_second_earned_credential(client, cast, credentials):
    """ADR 0018: one micro-credential earned and then renewed is one earned micro-credential
    everywhere an admin looks; the renewal's PD hours count in the period it passed in."""
    from badges.models import Badge
    from badges.services import badge_award
    from reporting.selectors import dashboard_summary

    formative = credentials[0]
    first = attempt(cast, cast.educator, formative, "passed", decided_days_ago=400)
    badge = badge_award(submission=first)
    Badge.objects.filter(pk=badge.pk).update(expires_at=timezone.now() + timedelta(days=30))
    renewal = attempt(cast, cast.educator, formative, "passed", decided_days_ago=5)
    assert renewal.is_renewal

    recent = ProgressFilters(start=timezone.localdate() - timedelta(days=30))
    for filters, earned, pd_hours in [(ProgressFilters(), 1, "20"), (recent, 0, "10")]:
        me = {u.email: u for u in staff_progress(cast.district, filters)}["educator@test.org"]
        assert (me.earned, me.pd_hours) == (earned, Decimal(pd_hours))
        summary = dashboard_summary(cast.district, filters)
        assert (summary.earned, summary.pd_hours) == (earned, Decimal(pd_hours))
        # The first earning is older than the trend's 12 months; a renewal is not an earning.
        assert sum(count for _, count in summary.by_month) == 0
        assert [row["earned"] for row in summary.funnel] == [earned]
    assert not staff_progress(cast.district, ProgressFilters(status="earned", start=recent.start))

    transcript = transcript_for(cast.educator)
    assert transcript.total_label == "Total: 1 micro-credential, 1 renewal"
    assert transcript.total_pd_hours == Decimal("20")
    client.force_login(cast.district_admin)
    rows = _csv(client.get(reverse("organizations:export_earned", args=["csv"])))
    assert [(r["Micro-credential"], r["Renewal"]) for r in rows] == [
        ("Credential formative-checks", "no"),
        ("Credential formative-checks", "yes"),
    ]
    api = client.get(f"/api/v1/organizations/{cast.district.public_id}/progress/").json()
    row = next(r for r in api["results"] if r["educator"]["email"] == "educator@test.org")
    assert (row["earned"], row["pd_hours"]) == (1, 20.0)


@pytest.mark.django_db
def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(client, cast, activity):
    client.force_login(cast.district_admin)
    backwards = {"period": "custom", "start": "2026-05-01", "end": "2026-04-01"}
    response = client.get(reverse("organizations:dashboard"), backwards)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The end date is before the start date." in body
    assert 'data-testid="exports-refused"' in body  # no export of a period that cannot be
    assert response.context["filters"].start is None and response.context["filters"].end is None
    for name in ("organizations:export_progress", "organizations:export_earned"):
        refused = client.get(reverse(name, args=["csv"]), backwards)
        assert refused.status_code == 400, name
        assert "end date is before the start date" in refused.content.decode()
    # The same day is a period; so is a range the right way round.
    same_day = {"period": "custom", "start": "2026-04-01", "end": "2026-04-01"}
    assert client.get(reverse("organizations:dashboard"), same_day).status_code == 200
    export = client.get(reverse("organizations:export_progress", args=["csv"]), same_day)
    assert export.status_code == 200


@pytest.mark.django_db
def test_the_progress_api_refuses_a_period_that_ends_before_it_starts(client, cast, activity):
    client.force_login(cast.district_admin)
    url = f"/api/v1/organizations/{cast.district.public_id}/progress/"
    response = client.get(url, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert "The end date is before the start date." in str(response.json())
    assert client.get(url, {"start": "2026-04-01", "end": "2026-05-01"}).status_code == 200
