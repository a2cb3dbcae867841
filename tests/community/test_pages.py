"""The cohort pages, as their people use them: who sees a cohort (members, facilitators and its
managers; everyone else 404), what facilitators add (progress, milestones, announcements), what
managers do (start, edit, invite, the join code) and how educators join and answer."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from community.models import Cohort, CohortMembership, Thread
from reviews import services as review_services
from submissions import services as submission_services
from tests.support.badges import pass_submission
from tests.support.cast import make_member
from tests.support.factories import UserFactory
from tests.support.reviews import set_policy
from tests.support.submissions import submit

pytestmark = pytest.mark.django_db


def _page(client, user, world):
    client.force_login(user)
    return client.get(f"/cohorts/{world.cohort.public_id}/")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("educator", 200),
        ("colleague", 200),
        ("district_admin", 200),
        ("state_admin", 200),
        ("staff", 200),
        ("other_educator", 404),  # invited, not answered yet
        ("other_admin", 404),
        ("reviewer", 404),
        ("author", 404),
        ("outsider", 404),
    ],
)
def test_only_its_people_and_managers_see_a_cohort(client, cast, world, who, expected) -> None:
    response = _page(client, getattr(cast, who), world)
    assert response.status_code == expected
    if expected == 404:
        assert world.cohort.name not in response.content.decode()


def test_visitors_are_sent_to_sign_in(client, world) -> None:
    response = client.get(f"/cohorts/{world.cohort.public_id}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_members_see_what_they_learn_and_who_is_in_it_but_no_progress(client, cast, world):
    body = _page(client, cast.educator, world).content.decode()
    assert "Formative checks" in body or "formative-checks" in body
    assert cast.colleague.get_full_name() in body and world.facilitator.get_full_name() in body
    assert cast.other_educator.get_full_name() not in body  # invited is not in
    assert 'data-testid="progress"' not in body and 'data-testid="manage"' not in body
    assert world.cohort.join_code not in body


def test_facilitators_see_progress_as_statuses_only(
    client, cast, world, django_assert_max_num_queries
) -> None:
    formative, exit_tickets = world.credentials
    submission_services.submission_start(educator=cast.educator, credential=formative)
    set_policy(cast.issuer, second_review_rate=Decimal("0"))
    review_services.reviewer_designate(reviewer=cast.reviewer, credential=exit_tickets, by=None)
    pass_submission(cast.educator, exit_tickets, cast.reviewer)
    submit(cast.colleague, exit_tickets, words="Secret evidence words")
    client.force_login(world.facilitator)
    with django_assert_max_num_queries(30) as few:
        response = client.get(f"/cohorts/{world.cohort.public_id}/")
    body = response.content.decode()
    table = body[body.index('data-testid="progress"') :]
    table = table[: table.index("</table>")]
    educator_row = table[table.index(cast.educator.get_full_name()) :].split("</tr>")[0]
    colleague_row = table[table.index(cast.colleague.get_full_name()) :].split("</tr>")[0]
    assert "In progress" in educator_row and "Earned" in educator_row
    assert "Not started" in colleague_row and "Submitted" in colleague_row
    assert "Secret evidence words" not in body
    # More members cost no more queries: the grid is read at once.
    for number in range(5):
        person = UserFactory(email=f"more{number}@test.org")
        CohortMembership.objects.create(cohort=world.cohort, user=person, status="active")
        submission_services.submission_start(educator=person, credential=formative)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/cohorts/{world.cohort.public_id}/")


def test_a_facilitator_sets_a_milestone_with_a_title_and_a_valid_date(client, cast, world):
    client.force_login(world.facilitator)
    url = f"/cohorts/{world.cohort.public_id}/milestones/"
    response = client.post(url, {"title": "  ", "due_on": "2027-02-30"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body and "Enter a valid date." in body
    response = client.post(url, {"title": "Far away", "due_on": "2031-01-01"})
    assert response.status_code == 400 and "near the cohort" in response.content.decode()
    response = client.post(url, {"title": "Video recorded", "due_on": "2027-03-03"})
    assert response.status_code == 302
    # Milestones dated in 2027 are upcoming from the members' point of view.
    body = _page(client, cast.educator, world).content.decode()
    assert "Video recorded" in body and "Mar 3, 2027" in body


def test_members_and_managers_cannot_post_milestones_or_announcements(client, cast, world):
    for user in (cast.educator, cast.district_admin, cast.other_admin):
        client.force_login(user)
        base = f"/cohorts/{world.cohort.public_id}/"
        milestone = client.post(base + "milestones/", {"title": "X", "due_on": "2027-03-03"})
        announce = client.post(base + "announcements/", {"title": "X", "body": "Y"})
        assert (milestone.status_code, announce.status_code) == (404, 404)
    assert not world.cohort.milestones.exists() and not Thread.objects.exists()


def test_an_announcement_reaches_the_members_by_email_once(
    client, cast, world, django_capture_on_commit_callbacks
) -> None:
    client.force_login(world.facilitator)
    url = f"/cohorts/{world.cohort.public_id}/announcements/"
    assert client.post(url, {"title": "", "body": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "Week 2", "body": "Bring an exit ticket."})
    assert response.status_code == 302
    [email] = mail.outbox
    assert sorted(email.bcc) == sorted([cast.educator.email, cast.colleague.email])
    assert "Week 2" in email.subject and "Bring an exit ticket." in email.body
    assert f"/cohorts/{world.cohort.public_id}/" in email.body
    body = _page(client, cast.colleague, world).content.decode()
    assert "Week 2" in body and "Bring an exit ticket." in body


def test_an_admin_starts_a_cohort_with_clear_errors(client, cast, world) -> None:
    client.force_login(cast.district_admin)
    assert client.get("/cohorts/new/").status_code == 200
    bad = client.post(
        "/cohorts/new/",
        {
            "organization": cast.other_district.pk,
            "name": " ",
            "starts_on": "2027-05-01",
            "ends_on": "2027-04-01",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "Choose an organization you administer." in body
    assert "This field is required." in body
    started = client.post(
        "/cohorts/new/",
        {
            "organization": cast.district.pk,
            "name": "Exit tickets together",
            "starts_on": "2027-05-01",
            "ends_on": "2027-06-01",
            "micro_credentials": [world.credentials[1].pk],
        },
    )
    cohort = Cohort.objects.get(name="Exit tickets together")
    assert started["Location"] == f"/cohorts/{cohort.public_id}/"
    assert list(cohort.micro_credentials.all()) == [world.credentials[1]]


def test_a_cohort_needs_something_to_learn_and_dates_in_order(client, cast) -> None:
    client.force_login(cast.district_admin)
    response = client.post(
        "/cohorts/new/",
        {"organization": cast.district.pk, "name": "N", "starts_on": "2027-05-01",
         "ends_on": "2027-04-01"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400 and "must end on or after" in body


@pytest.mark.parametrize("who", ["educator", "reviewer", "outsider", "author"])
def test_people_who_run_nothing_cannot_start_a_cohort(client, cast, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get("/cohorts/new/").status_code == 404
    assert "Start a cohort" not in client.get("/cohorts/").content.decode()


def test_managers_edit_and_other_admins_get_404(client, cast, world) -> None:
    url = f"/cohorts/{world.cohort.public_id}/edit/"
    for user in (cast.other_admin, cast.educator, world.facilitator):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(cast.state_admin)
    response = client.post(
        url,
        {"name": "Renamed", "starts_on": "2027-01-10", "ends_on": "2027-06-30",
         "stack": world.cohort.stack_id, "description": "New"},
    )  # fmt: skip
    assert response.status_code == 302
    world.cohort.refresh_from_db()
    assert (world.cohort.name, world.cohort.ends_on) == ("Renamed", datetime.date(2027, 6, 30))
    assert world.cohort.organization == cast.district  # the running organization stays


def test_an_invitation_is_emailed_and_answered_by_its_person_only(
    client, cast, world, django_capture_on_commit_callbacks
) -> None:
    newcomer = UserFactory(email="newcomer@test.org")
    client.force_login(cast.district_admin)
    url = f"/cohorts/{world.cohort.public_id}/invite/"
    missing = client.post(url, {"email": "nobody@test.org", "role": "member"})
    assert missing.status_code == 400 and "No account uses this email" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(url, {"email": "NEWCOMER@test.org", "role": "facilitator"})
    assert invited.status_code == 302
    [email] = mail.outbox
    assert email.to == ["newcomer@test.org"] and "as a facilitator" in email.subject
    assert "http://testserver/cohorts/invitations/" in email.body
    invitation = CohortMembership.objects.get(user=newcomer)
    for someone in (cast.educator, cast.district_admin):
        client.force_login(someone)
        answer = f"/cohorts/invitations/{invitation.public_id}/accept/"
        assert client.post(answer).status_code == 404
    client.force_login(newcomer)
    page = client.get("/cohorts/invitations/").content.decode()
    assert world.cohort.name in page
    response = client.post(f"/cohorts/invitations/{invitation.public_id}/accept/")
    assert response["Location"] == f"/cohorts/{world.cohort.public_id}/"
    assert 'data-testid="progress"' in _page(client, newcomer, world).content.decode()


def test_a_declined_invitation_opens_nothing(client, cast, world) -> None:
    invitation = CohortMembership.objects.get(user=cast.other_educator)
    client.force_login(cast.other_educator)
    client.post(f"/cohorts/invitations/{invitation.public_id}/decline/")
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert _page(client, cast.other_educator, world).status_code == 404


def test_joining_with_a_code(client, cast, world) -> None:
    person = UserFactory(email="late@test.org")
    school_person = make_member("educator", cast.school2, email="pine@test.org")
    client.force_login(person)
    refused = client.post("/cohorts/join/", {"code": world.cohort.join_code})
    assert refused.status_code == 400 and "This code is for people of North District" in (
        refused.content.decode()
    )
    client.force_login(school_person)
    wrong = client.post("/cohorts/join/", {"code": "ZZZZ9999"})
    assert wrong.status_code == 400 and "does not match a cohort" in wrong.content.decode()
    joined = client.post("/cohorts/join/", {"code": world.cohort.join_code.lower()})
    assert joined["Location"] == f"/cohorts/{world.cohort.public_id}/"


def test_a_manager_draws_a_new_code_or_turns_it_off(client, cast, world) -> None:
    old = world.cohort.join_code
    url = f"/cohorts/{world.cohort.public_id}/join-code/"
    client.force_login(world.facilitator)
    assert client.post(url, {"action": "new"}).status_code == 404
    client.force_login(cast.district_admin)
    assert client.post(url, {"action": "bogus"}).status_code == 400
    client.post(url, {"action": "new"})
    world.cohort.refresh_from_db()
    assert world.cohort.join_code and world.cohort.join_code != old
    assert world.cohort.join_code in _page(client, cast.district_admin, world).content.decode()
    client.post(url, {"action": "off"})
    world.cohort.refresh_from_db()
    assert world.cohort.join_code == ""


def test_my_cohorts_and_the_home_page_show_cohorts_and_invitations(
    client, cast, world, django_assert_max_num_queries
) -> None:
    client.force_login(cast.other_educator)
    home = client.get("/").content.decode()
    assert "Invitations waiting for your answer" in home and world.cohort.name in home
    client.force_login(cast.educator)
    home = client.get("/").content.decode()
    assert 'data-testid="home-cohorts"' in home and world.cohort.name in home
    with django_assert_max_num_queries(15):
        mine = client.get("/cohorts/")
    assert world.cohort.name in mine.content.decode()
    client.force_login(cast.district_admin)
    assert 'data-testid="managed-cohorts"' in client.get("/cohorts/").content.decode()


def test_a_member_leaves(client, cast, world) -> None:
    client.force_login(cast.colleague)
    assert client.post(f"/cohorts/{world.cohort.public_id}/leave/").status_code == 302
    assert _page(client, cast.colleague, world).status_code == 404
