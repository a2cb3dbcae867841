"""The educator progress rollup (reporting.rollup, ADR 0038): the dashboard's table reads its
numbers, so it must stay what aggregating the submissions gives, whatever changed: an attempt
that moves on, a pass and its badge, a revocation, an educator who moves school, a new name, two
accounts merged. The table read through the rollup must list, count and order exactly as the
aggregation per request does."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.merging import account_merge
from accounts.services import user_update_profile
from badges.services import badge_award, badge_revoke
from organizations.models import Membership, Role
from organizations.services import membership_end, membership_grant
from reporting import rollup
from reporting.models import EducatorProgress
from reporting.selectors import NUMBERS, ProgressFilters, staff_people
from reporting.selectors.progress import (
    ROLLUP_SORTS,
    rollup_serves,
    staff_progress_ids,
    with_numbers,
)
from submissions import services as submission_services
from tests.support.factories import UserFactory
from tests.support.submissions import attempt

pytestmark = pytest.mark.django_db


def _row(user) -> tuple:
    progress = EducatorProgress.objects.get(educator_id=user.pk)
    return tuple(getattr(progress, name) for name in ("attempts", *NUMBERS))


def _aggregated(user) -> tuple:
    """The numbers as the dashboard aggregates them per request (no rollup)."""
    from django.db.models import Count

    from accounts.models import User

    row = (
        with_numbers(User.objects.filter(pk=user.pk), ProgressFilters())
        .annotate(attempts=Count("submissions"))
        .get()
    )
    return tuple(getattr(row, name) for name in ("attempts", *NUMBERS))


def _table(client, **params) -> list[str]:
    response = client.get(reverse("organizations:dashboard"), params)
    assert response.status_code == 200
    return [person.email for person in response.context["page"].object_list]


def test_every_step_of_an_attempt_is_in_the_rollup_at_once(cast, credentials):
    formative = credentials[0]
    assert _row(cast.colleague) == (0, 0, 0, 0, 0, Decimal("0"))
    submission = attempt(cast, cast.colleague, formative, "draft")
    assert _row(cast.colleague) == (1, 1, 0, 0, 0, Decimal("0"))
    attempt(cast, cast.colleague, credentials[1], "passed")
    assert _row(cast.colleague) == _aggregated(cast.colleague)
    assert _row(cast.colleague)[4] == 1 and _row(cast.colleague)[5] > 0
    submission_services.submission_withdraw(submission=submission, by=cast.colleague)
    assert _row(cast.colleague) == _aggregated(cast.colleague)
    assert _row(cast.colleague)[1] == 0  # the draft is withdrawn: nothing in progress


@pytest.fixture
def local_images(settings, tmp_path):
    """Baked badge images go to a temporary directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    from badges import images

    images._class_cache.clear()


def test_a_badge_issued_then_revoked_leaves_the_numbers_the_dashboard_shows(
    client, cast, credentials, local_images
):
    """The dashboard counts passed attempts, badge or no badge: issuing and revoking one
    changes nothing it shows, and the rollup agrees with the aggregation at each step."""
    passed = attempt(cast, cast.colleague, credentials[0], "passed")
    client.force_login(cast.district_admin)
    assert _table(client, status="earned") == ["colleague@test.org"]
    badge = badge_award(submission=passed)
    assert _row(cast.colleague) == _aggregated(cast.colleague)
    badge_revoke(badge=badge, by=cast.staff, reason="Issued in error")
    assert _row(cast.colleague) == _aggregated(cast.colleague)
    assert _table(client, status="earned") == ["colleague@test.org"]
    assert _table(client, sort="-earned")[0] == "colleague@test.org"


def test_an_educator_who_moves_school_is_listed_under_the_new_one(client, cast, activity):
    client.force_login(cast.district_admin)
    assert _table(client, school=str(cast.school2.public_id)) == ["colleague@test.org"]
    membership = Membership.objects.get(
        user=cast.educator, organization=cast.school, role=Role.EDUCATOR
    )
    membership_end(membership=membership)
    membership_grant(user=cast.educator, organization=cast.school2, role=Role.EDUCATOR)
    moved = _table(client, school=str(cast.school2.public_id), sort="-earned")
    assert moved == ["educator@test.org", "colleague@test.org"]
    assert _table(client, school=str(cast.school.public_id)) == []


def test_a_new_name_is_sorted_and_found_at_once(client, cast, activity):
    client.force_login(cast.district_admin)
    user_update_profile(user=cast.colleague, display_name="Aaron Aardvark")
    assert _table(client, sort="name")[0] == "colleague@test.org"
    assert _table(client, q="aardvark") == ["colleague@test.org"]
    assert _table(client, sort="-name")[-1] == "colleague@test.org"


def test_merged_accounts_are_recomputed_both(cast, credentials):
    duplicate = UserFactory(email="old-address@test.org")
    membership_grant(user=duplicate, organization=cast.school, role=Role.EDUCATOR)
    attempt(cast, duplicate, credentials[2], "passed")
    attempt(cast, cast.educator, credentials[0], "passed")
    account_merge(kept=cast.educator, folded=duplicate, by=cast.staff)
    assert _row(cast.educator) == _aggregated(cast.educator)
    assert _row(cast.educator)[4] == 2
    assert _row(duplicate) == (0, 0, 0, 0, 0, Decimal("0"))


def test_a_rebuild_writes_what_the_saves_wrote(cast, activity):
    before = {p.educator_id: p for p in EducatorProgress.objects.all()}
    EducatorProgress.objects.all().delete()
    assert rollup.progress_rollup_rebuild(chunk=2) >= len(before)
    after = {p.educator_id: p for p in EducatorProgress.objects.all()}
    fields = ("display_name", "email", "attempts", *NUMBERS)
    assert {k: [getattr(v, f) for f in fields] for k, v in after.items()} == {
        k: [getattr(v, f) for f in fields] for k, v in before.items()
    }


@pytest.mark.parametrize(
    "status", ["", "in_progress", "submitted", "not_yet", "earned", "not_started"]
)
def test_the_table_through_the_rollup_lists_and_orders_as_the_aggregation(cast, activity, status):
    UserFactory(email="idle@test.org", display_name="Educator Idle")
    membership_grant(
        user=UserFactory(email="zed@test.org", display_name="Zed"),
        organization=cast.school,
        role=Role.EDUCATOR,
    )
    for key in sorted(ROLLUP_SORTS):
        for sort in (key, f"-{key}"):
            filters = ProgressFilters(status=status, sort=sort)
            assert rollup_serves(filters)
            through_rollup = list(staff_progress_ids(cast.state, filters))
            aggregated = _aggregated_order(cast.state, filters)
            assert through_rollup == aggregated, sort
            assert len(through_rollup) == staff_people(cast.state, filters).count()


def _aggregated_order(root, filters) -> list[int]:
    from reporting.selectors.progress import _ordering

    people = with_numbers(staff_people(root, filters), filters)
    return list(people.order_by(*_ordering(filters.sort), "pk").values_list("pk", flat=True))


def test_a_narrowed_table_is_still_aggregated_per_request(cast, activity):
    """Numbers under a focus area, micro-credential or period are not the rollup's."""
    assert not rollup_serves(ProgressFilters(credential_id=1))
    assert not rollup_serves(ProgressFilters(sort="last_activity"))
    assert not rollup_serves(ProgressFilters(sort="-school"))
