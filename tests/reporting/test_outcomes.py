"""The organization outcome rollup (reporting.outcomes, ADR 0040): the dashboard's statistics
read from it must be exactly what grouping the attempts gives, for every scope and filter it
serves, whatever changed: an attempt that moves on or is withdrawn, an educator who moves
school or teaches at two, two accounts merged."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.merging import account_merge
from organizations.models import Membership, Role
from organizations.services import membership_end, membership_grant
from reporting import outcomes, rollup
from reporting.models import EducatorOutcomes, OrganizationOutcomes
from reporting.selectors import ProgressFilters, dashboard_summary, staff_people
from reporting.selectors.dashboard import outcomes_serve
from reporting.selectors.progress import ROLLUP_STATUS, educators_counted
from submissions import services as submission_services
from tests.support.factories import UserFactory
from tests.support.submissions import attempt

pytestmark = pytest.mark.django_db


def _served_filters(cast, credentials) -> list[ProgressFilters]:
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    year_ago = (first_of_month - timedelta(days=365)).replace(day=1)
    return [
        ProgressFilters(),
        ProgressFilters(school=cast.school),
        ProgressFilters(school=cast.school2),
        ProgressFilters(credential_id=credentials[0].pk),
        ProgressFilters(focus_area_id=credentials[1].published_version.focus_area_id),
        ProgressFilters(start=date(today.year, 1, 1), end=today),  # this calendar year
        ProgressFilters(start=year_ago, end=last_month_end),  # whole months, all past
        ProgressFilters(start=year_ago),
        ProgressFilters(end=last_month_end, school=cast.school),
        ProgressFilters(status="earned", search="educator", sort="-earned"),  # not statistics
    ]


def _assert_served_as_aggregated(cast, credentials) -> None:
    for root in (cast.state, cast.district, cast.other_district, cast.school):
        for filters in _served_filters(cast, credentials):
            assert outcomes_serve(filters)
            assert dashboard_summary(root, filters) == dashboard_summary(
                root, filters, live=True
            ), (
                root.name,
                filters,
            )
    for root in (cast.state, cast.district, cast.school, cast.school2):
        for status in ("", *ROLLUP_STATUS):
            for filters in (ProgressFilters(status=status), ProgressFilters(school=cast.school2)):
                expected = staff_people(root, filters).count()
                assert educators_counted(root, filters) == expected, (root.name, status)


def test_the_statistics_from_the_rollup_are_the_aggregated_ones(cast, activity):
    idle = UserFactory(email="idle@test.org")
    membership_grant(user=idle, organization=cast.school2, role=Role.EDUCATOR)
    assert educators_counted(cast.state, ProgressFilters(status="not_started")) == 1
    summary = dashboard_summary(cast.state, ProgressFilters())
    assert summary.earned > 0 and summary.submitted > 0 and summary.in_progress > 0
    _assert_served_as_aggregated(cast, activity)


def test_every_step_and_a_withdrawal_show_at_once(cast, activity):
    draft = attempt(cast, cast.other_educator, activity[1], "draft")
    _assert_served_as_aggregated(cast, activity)
    submission_services.submission_withdraw(submission=draft, by=cast.other_educator)
    attempt(cast, cast.colleague, activity[2], "passed", decided_days_ago=40)
    _assert_served_as_aggregated(cast, activity)


def test_a_move_between_schools_and_a_second_school_show_at_once(cast, activity):
    membership = Membership.objects.get(
        user=cast.educator, organization=cast.school, role=Role.EDUCATOR
    )
    membership_grant(user=cast.educator, organization=cast.school2, role=Role.EDUCATOR)
    # At two schools of one district: counted once in the district and the state.
    _assert_served_as_aggregated(cast, activity)
    membership_grant(user=cast.educator, organization=cast.other_district, role=Role.EDUCATOR)
    _assert_served_as_aggregated(cast, activity)
    membership_end(membership=membership)
    _assert_served_as_aggregated(cast, activity)
    assert dashboard_summary(cast.state, ProgressFilters(school=cast.school)).earned == 0


def test_a_merged_account_leaves_nothing_behind(cast, activity):
    duplicate = UserFactory(email="old-address@test.org")
    membership_grant(user=duplicate, organization=cast.school2, role=Role.EDUCATOR)
    attempt(cast, duplicate, activity[2], "passed", decided_days_ago=70)
    _assert_served_as_aggregated(cast, activity)
    account_merge(kept=cast.colleague, folded=duplicate, by=cast.staff)
    _assert_served_as_aggregated(cast, activity)
    # Its attempts went to the account kept; whatever membership it keeps counts it as staff.
    for share in EducatorOutcomes.objects.filter(educator_id=duplicate.pk):
        assert {cell[0] for cell in share.cells} == {outcomes.EDUCATORS}


def test_a_rebuild_writes_what_the_changes_wrote(cast, activity):
    membership_grant(user=cast.educator, organization=cast.school2, role=Role.EDUCATOR)
    cells = set(OrganizationOutcomes.objects.values_list(
        "organization_id", "version_id", "status", "is_renewal", "decided_month", "attempts"
    ))  # fmt: skip
    OrganizationOutcomes.objects.all().delete()
    rollup.progress_rollup_rebuild(chunk=2)
    assert cells == set(OrganizationOutcomes.objects.values_list(
        "organization_id", "version_id", "status", "is_renewal", "decided_month", "attempts"
    ))  # fmt: skip
    assert outcomes.outcomes_rebuild(chunk=1) == len(cells)


def test_a_period_not_in_whole_months_is_aggregated_per_request(cast, activity):
    today = timezone.localdate()
    for filters in (
        ProgressFilters(start=today - timedelta(days=365), end=today),  # the last 12 months
        ProgressFilters(start=today.replace(day=1), end=today.replace(day=1) + timedelta(days=1)),
    ):
        if filters.end is not None and filters.end >= today and filters.start.day == 1:
            continue  # on the first days of a month the second one is whole months after all
        assert not outcomes_serve(filters)
        assert dashboard_summary(cast.state, filters) == dashboard_summary(
            cast.state, filters, live=True
        )


def test_the_median_time_to_earn_is_the_percentile_of_the_attempts(cast, activity):
    """Even and odd numbers of earnings, spans within one day and across days: the median read
    at the middle ranks is PostgreSQL's PERCENTILE_CONT over all of them."""
    formative = activity[0]
    for n, hours in enumerate([5, 30, 30, 77, 200, 1]):
        person = UserFactory(email=f"median-{n}@test.org")
        membership_grant(user=person, organization=cast.school2, role=Role.EDUCATOR)
        passed = attempt(cast, person, formative, "passed", decided_days_ago=n + 1)
        passed.submitted_at = passed.decided_at - timedelta(hours=hours, seconds=n * 7)
        passed.save(update_fields=["submitted_at"])
        _assert_served_as_aggregated(cast, activity)
    funnel = dashboard_summary(cast.state, ProgressFilters()).funnel
    assert {row["credential_id"]: row["median_days"] for row in funnel}[formative.pk] > 1


def test_a_searched_or_narrowed_count_is_counted_per_request(cast, activity):
    assert educators_counted(cast.state, ProgressFilters(search="educator")) is None
    narrowed = ProgressFilters(status="earned", credential_id=activity[0].pk)
    assert educators_counted(cast.state, narrowed) is None
    assert educators_counted(cast.state, ProgressFilters(credential_id=activity[0].pk)) == 3
