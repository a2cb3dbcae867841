"""The cohort endpoints: the caller's cohorts, starting one (managers only, a message per
field), and a cohort's people, micro-credentials and milestones for its people (404 for
everyone else)."""

import datetime

import pytest
from rest_framework.test import APIClient

from community import services
from community.models import Cohort

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_holds_my_cohorts_with_my_role(cast, world, django_assert_max_num_queries):
    services.cohort_create(
        by=cast.other_admin,
        organization=cast.other_district,
        name="Elsewhere",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 2, 1),
    )
    expected = {
        cast.educator: [("Checking for Understanding, spring", "member")],
        world.facilitator: [("Checking for Understanding, spring", "facilitator")],
        cast.district_admin: [("Checking for Understanding, spring", "manager")],
        cast.other_admin: [("Elsewhere", "manager")],
        cast.other_educator: [],  # invited, not answered
        cast.reviewer: [],
        cast.outsider: [],
    }
    for user, cohorts in expected.items():
        with django_assert_max_num_queries(8):
            response = _client(user).get("/api/v1/cohorts/")
        assert response.status_code == 200
        rows = [(row["name"], row["role"]) for row in response.json()["results"]]
        assert rows == cohorts, user.email


def test_the_detail_names_people_credentials_and_milestones(cast, world) -> None:
    services.milestone_create(
        cohort=world.cohort,
        by=world.facilitator,
        title="Video recorded",
        due_on=datetime.date(2027, 3, 3),
    )
    response = _client(cast.educator).get(f"/api/v1/cohorts/{world.cohort.public_id}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == str(world.cohort.public_id)
    assert {p["id"] for p in data["members"]} == {
        str(cast.educator.public_id),
        str(cast.colleague.public_id),
    }
    assert [p["id"] for p in data["facilitators"]] == [str(world.facilitator.public_id)]
    assert [c["slug"] for c in data["micro_credentials"]] == ["formative-checks", "exit-tickets"]
    assert [(m["title"], m["due_on"]) for m in data["milestones"]] == [
        ("Video recorded", "2027-03-03")
    ]
    assert data["join_code"] is None  # for its managers only
    admin = _client(cast.district_admin).get(f"/api/v1/cohorts/{world.cohort.public_id}/")
    assert admin.json()["join_code"] == world.cohort.join_code


@pytest.mark.parametrize("who", ["other_educator", "other_admin", "reviewer", "author", "outsider"])
def test_non_members_get_404(cast, world, who) -> None:
    response = _client(getattr(cast, who)).get(f"/api/v1/cohorts/{world.cohort.public_id}/")
    assert response.status_code == 404
    assert world.cohort.name not in response.content.decode()


def test_visitors_get_401(world) -> None:
    assert APIClient().get(f"/api/v1/cohorts/{world.cohort.public_id}/").status_code == 401
    assert APIClient().get("/api/v1/cohorts/").status_code == 401


def _new(cast, world, **changes):
    return {
        "organization": str(cast.district.public_id),
        "name": "Exit tickets together",
        "starts_on": "2027-05-01",
        "ends_on": "2027-06-01",
        "micro_credentials": [str(world.credentials[1].public_id)],
        **changes,
    }


def test_an_admin_starts_a_cohort(cast, world) -> None:
    response = _client(cast.state_admin).post(
        "/api/v1/cohorts/", _new(cast, world, stack=world.cohort.stack.slug), format="json"
    )
    assert response.status_code == 201, response.json()
    cohort = Cohort.objects.get(public_id=response.json()["id"])
    assert cohort.organization == cast.district and cohort.created_by == cast.state_admin
    assert response.json()["role"] == "manager" and response.json()["join_code"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "This field may not be blank."),
        ({"ends_on": "2027-04-01"}, "ends_on", "must end on or after"),
        ({"ends_on": "2027-13-01"}, "ends_on", "Date has wrong format"),
        ({"micro_credentials": []}, "micro_credentials", "Choose a stack or at least one"),
        ({"micro_credentials": ["not-a-uuid"]}, "micro_credentials", "valid UUID"),
        ({"stack": "no-such-stack"}, "stack", "No published stack"),
        (
            {"micro_credentials": ["00000000-0000-0000-0000-000000000000"]},
            "micro_credentials",
            "published micro-credentials only",
        ),
    ],
)
def test_a_bad_cohort_answers_400_with_a_message_per_field(
    cast, world, changes, field, message
) -> None:
    response = _client(cast.district_admin).post(
        "/api/v1/cohorts/", _new(cast, world, **changes), format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()[field])


@pytest.mark.parametrize("who", ["educator", "other_admin", "reviewer", "outsider"])
def test_only_managers_start_a_cohort_for_their_organization(cast, world, who) -> None:
    before = Cohort.objects.count()
    response = _client(getattr(cast, who)).post(
        "/api/v1/cohorts/", _new(cast, world), format="json"
    )
    assert response.status_code == 400
    assert "organization you administer" in response.json()["organization"][0]
    assert Cohort.objects.count() == before
