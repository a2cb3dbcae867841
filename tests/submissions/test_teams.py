"""Team attempts (ADR 0032): consent, leaving, completeness across members, one submission
for all, and the API's messages."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from submissions import services, teams
from submissions.models import Submission, TeamEvent, TeamMembership
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory
from tests.support.teams import (
    complete_team,
    formed_team,
    invitation,
    team_credential,
    write,
)

Status = TeamMembership.Status


@pytest.fixture
def credential(cast):
    return team_credential(cast.issuer)


# --------------------------------------------------------------------------------------------
# Starting and consent
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nobody_joins_without_accepting_and_the_invitee_is_emailed(
    cast, credential, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        lead = teams.team_start(
            lead=cast.educator, credential=credential, emails=[" Colleague@Test.org "]
        )
    membership = invitation(lead, cast.colleague)
    assert membership.status == Status.INVITED
    assert membership.submission is None
    assert not Submission.objects.filter(educator=cast.colleague).exists()
    assert lead.team.lead == cast.educator
    mail = [m for m in mailoutbox if m.to == [cast.colleague.email]]
    assert len(mail) == 1 and "invited you to a team attempt" in mail[0].subject
    assert "/submissions/team-invitations/" in mail[0].body


@pytest.mark.django_db
def test_accepting_gives_the_member_their_own_draft_and_tells_the_lead(
    cast, credential, django_capture_on_commit_callbacks, mailoutbox
):
    lead = teams.team_start(
        lead=cast.educator, credential=credential, emails=[cast.colleague.email]
    )
    with django_capture_on_commit_callbacks(execute=True):
        own = teams.membership_accept(
            membership=invitation(lead, cast.colleague), by=cast.colleague
        )
    assert own.educator == cast.colleague and own.team == lead.team and own.is_editable
    assert invitation(lead, cast.colleague).status == Status.ACCEPTED
    assert any("joined your team" in m.subject for m in mailoutbox if m.to == [cast.educator.email])
    # A double click answers the same draft.
    again = teams.membership_accept(membership=invitation(lead, cast.colleague), by=cast.colleague)
    assert again.pk == own.pk
    events = list(TeamEvent.objects.filter(team=lead.team).values_list("to_status", flat=True))
    assert events == ["accepted", "invited", "accepted"]


@pytest.mark.django_db
def test_only_the_invitee_answers_their_invitation(cast, credential):
    lead = teams.team_start(
        lead=cast.educator, credential=credential, emails=[cast.colleague.email]
    )
    with pytest.raises(teams.TeamError):
        teams.membership_accept(membership=invitation(lead, cast.colleague), by=cast.other_educator)
    with pytest.raises(teams.TeamError):
        teams.membership_decline(membership=invitation(lead, cast.colleague), by=cast.educator)
    assert invitation(lead, cast.colleague).status == Status.INVITED


@pytest.mark.django_db
def test_declining_tells_the_lead_and_leaves_no_attempt(
    cast, credential, django_capture_on_commit_callbacks, mailoutbox
):
    lead = teams.team_start(
        lead=cast.educator, credential=credential, emails=[cast.colleague.email]
    )
    with django_capture_on_commit_callbacks(execute=True):
        teams.membership_decline(membership=invitation(lead, cast.colleague), by=cast.colleague)
    assert invitation(lead, cast.colleague).status == Status.DECLINED
    assert not Submission.objects.filter(educator=cast.colleague).exists()
    assert any("declined" in m.subject for m in mailoutbox if m.to == [cast.educator.email])
    with pytest.raises(teams.TeamError):
        teams.membership_accept(membership=invitation(lead, cast.colleague), by=cast.colleague)


@pytest.mark.django_db
def test_a_team_start_names_every_problem(cast, credential):
    busy = UserFactory(email="busy@test.org")
    services.submission_start(educator=busy, credential=credential)
    with pytest.raises(teams.TeamInvalid) as refused:
        teams.team_start(
            lead=cast.educator,
            credential=credential,
            emails=[cast.educator.email, "nobody@test.org", busy.email],
        )
    text = " ".join(refused.value.problems)
    assert "not yourself" in text
    assert "No one has an account with nobody@test.org" in text
    assert "busy@test.org is already in an attempt" in text
    assert "at most 3 members" in text
    assert not Submission.objects.filter(educator=cast.educator).exists()


@pytest.mark.django_db
def test_a_team_needs_someone_to_invite_and_a_credential_that_takes_teams(cast, credential):
    with pytest.raises(teams.TeamInvalid, match="at least 1 colleague"):
        teams.team_start(lead=cast.educator, credential=credential, emails=[])
    alone = published_credential(cast.issuer, slug="alone")
    with pytest.raises(teams.TeamInvalid, match="does not take team attempts"):
        teams.team_start(lead=cast.educator, credential=alone, emails=[cast.colleague.email])


@pytest.mark.django_db
def test_accepting_while_holding_another_open_attempt_is_refused(cast, credential):
    lead = teams.team_start(
        lead=cast.educator, credential=credential, emails=[cast.colleague.email]
    )
    services.submission_start(educator=cast.colleague, credential=credential)
    with pytest.raises(teams.TeamError, match="already have an open attempt"):
        teams.membership_accept(membership=invitation(lead, cast.colleague), by=cast.colleague)
    assert invitation(lead, cast.colleague).status == Status.INVITED


@pytest.mark.django_db(transaction=True)
def test_two_invitations_accepted_at_once_join_one_team(cast, credential):
    """Two leads invite the same person; both acceptances race: exactly one team gets them."""
    first = teams.team_start(
        lead=cast.educator, credential=credential, emails=[cast.colleague.email]
    )
    second = teams.team_start(
        lead=cast.other_educator, credential=credential, emails=[cast.colleague.email]
    )
    memberships = [invitation(first, cast.colleague), invitation(second, cast.colleague)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(membership):
        try:
            barrier.wait()
            teams.membership_accept(membership=membership, by=cast.colleague)
            outcomes.append("joined")
        except teams.TeamError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(m,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined", "refused"]
    assert (
        Submission.objects.filter(
            educator=cast.colleague, status__in=Submission.OPEN_STATUSES
        ).count()
        == 1
    )
    accepted = TeamMembership.objects.filter(user=cast.colleague, status=Status.ACCEPTED)
    assert accepted.count() == 1


# --------------------------------------------------------------------------------------------
# Evidence, leaving, submitting
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_writes_shared_answers_on_the_leads_draft_but_not_the_leads_own(cast, credential):
    lead, (_lead, mine) = formed_team(cast.educator, credential, [cast.colleague])
    write(lead, "Team plan", "Our plan, by the colleague.", cast.colleague)
    assert lead.responses.get(requirement__title="Team plan").text == "Our plan, by the colleague."
    with pytest.raises(services.SubmissionError, match="shared answers"):
        write(lead, "Reflection", "Not mine to write.", cast.colleague)
    # The member's own draft asks only for their own reflection.
    assert set(services.submission_problems(mine)) == {
        str(mine.version.requirements.get(title="Reflection").public_id)
    }


@pytest.mark.django_db
def test_only_the_lead_submits_and_only_when_everyones_part_is_complete(cast, credential):
    lead, own = formed_team(cast.educator, credential, [cast.colleague])
    with pytest.raises(services.IllegalTransition):
        services.submission_submit(submission=own[1], by=cast.colleague)
    with pytest.raises(teams.TeamError, match="Only the team's lead"):
        teams.team_submit(team=lead.team, by=cast.colleague)
    complete_team(lead, [own[0]])  # the colleague's reflection is missing
    with pytest.raises(services.SubmissionIncomplete) as incomplete:
        teams.team_submit(team=lead.team, by=cast.educator)
    reflection = own[1].version.requirements.get(title="Reflection")
    key = f"{reflection.public_id}:{own[1].public_id}"
    assert incomplete.value.problems == {
        key: f"{cast.colleague.get_full_name()}: Write a response."
    }
    assert Submission.objects.get(pk=own[1].pk).status == Submission.Status.DRAFT


@pytest.mark.django_db
def test_submitting_sends_everyone_and_cancels_open_invitations(
    cast, credential, django_capture_on_commit_callbacks, mailoutbox
):
    lead, own = formed_team(cast.educator, credential, [cast.colleague])
    late = UserFactory(email="late@test.org")
    TeamMembership.objects.create(team=lead.team, user=late, invited_by=cast.educator)
    complete_team(lead, own)
    with django_capture_on_commit_callbacks(execute=True):
        teams.team_submit(team=lead.team, by=cast.educator)
    statuses = {s.educator_id: s.status for s in Submission.objects.filter(team=lead.team)}
    assert statuses == {cast.educator.pk: "submitted", cast.colleague.pk: "submitted"}
    assert TeamMembership.objects.get(user=late).status == Status.CANCELLED
    assert any("cancelled" in m.subject for m in mailoutbox if m.to == [late.email])
    received = [m for m in mailoutbox if m.subject.startswith("We received your submission")]
    assert sorted(m.to[0] for m in received) == [cast.colleague.email, cast.educator.email]
    # A double click changes nothing; a member can no longer leave.
    teams.team_submit(team=lead.team, by=cast.educator)
    with pytest.raises(teams.TeamError, match="has submitted"):
        teams.membership_leave(membership=invitation(lead, cast.colleague), by=cast.colleague)


@pytest.mark.django_db
def test_a_member_can_leave_before_submission_and_the_team_then_cannot_submit(
    cast, credential, django_capture_on_commit_callbacks, mailoutbox
):
    lead, own = formed_team(cast.educator, credential, [cast.colleague])
    complete_team(lead, own)
    with django_capture_on_commit_callbacks(execute=True):
        teams.membership_leave(membership=invitation(lead, cast.colleague), by=cast.colleague)
    assert Submission.objects.get(pk=own[1].pk).status == Submission.Status.WITHDRAWN
    assert any("left your team" in m.subject for m in mailoutbox if m.to == [cast.educator.email])
    with pytest.raises(teams.TeamError, match="at least 2 members"):
        teams.team_submit(team=lead.team, by=cast.educator)
    with pytest.raises(teams.TeamError, match="lead cannot leave"):
        teams.membership_leave(membership=invitation(lead, cast.educator), by=cast.educator)


@pytest.mark.django_db
def test_the_lead_withdraws_the_whole_team(cast, credential):
    lead, _own = formed_team(cast.educator, credential, [cast.colleague])
    with pytest.raises(services.IllegalTransition):
        services.submission_withdraw(submission=lead, by=cast.educator)
    teams.team_withdraw(team=lead.team, by=cast.educator)
    assert set(Submission.objects.filter(team=lead.team).values_list("status", flat=True)) == {
        "withdrawn"
    }


# --------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------


def _api(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_api_starts_a_team_attempt_and_the_invitee_accepts(cast, credential, client):
    api = _api(client, cast.educator)
    answer = api.post(
        "/api/v1/submissions/",
        {"micro_credential": str(credential.public_id), "team": [cast.colleague.email]},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    team = answer.json()["team"]
    assert team["lead"] is True
    assert [(m["email"], m["status"]) for m in team["members"]] == [
        (cast.educator.email, "accepted"),
        (cast.colleague.email, "invited"),
    ]
    api = _api(client, cast.colleague)
    listed = api.get("/api/v1/team-invitations/").json()
    assert listed["count"] == 1
    invitation_id = listed["results"][0]["id"]
    accepted = api.post(f"/api/v1/team-invitations/{invitation_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    mine = api.get(f"/api/v1/submissions/{accepted.json()['submission']}/").json()
    assert mine["team"]["lead"] is False and mine["status"] == "draft"


@pytest.mark.django_db
def test_api_refuses_a_bad_team_with_a_message_per_problem(cast, credential, client):
    api = _api(client, cast.educator)
    answer = api.post(
        "/api/v1/submissions/",
        {"micro_credential": str(credential.public_id), "team": ["nobody@test.org", "x"]},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "team" in answer.json()
    answer = api.post(
        "/api/v1/submissions/",
        {"micro_credential": str(credential.public_id), "team": ["nobody@test.org"]},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["team"] == [
        "No one has an account with nobody@test.org: invite people who do."
    ]
    assert not Submission.objects.filter(educator=cast.educator).exists()


@pytest.mark.django_db
def test_api_someone_elses_invitation_and_a_teams_submission_answer_404(cast, credential, client):
    lead, own = formed_team(cast.educator, credential, [cast.colleague])
    other = UserFactory(email="third@test.org")
    TeamMembership.objects.create(team=lead.team, user=other, invited_by=cast.educator)
    pending = invitation(lead, other)
    api = _api(client, cast.other_educator)
    assert api.post(f"/api/v1/team-invitations/{pending.public_id}/accept/").status_code == 404
    assert api.get(f"/api/v1/submissions/{lead.public_id}/").status_code == 404
    # A member sees their own attempt, not the lead's.
    api = _api(client, cast.colleague)
    assert api.get(f"/api/v1/submissions/{lead.public_id}/").status_code == 404
    assert api.get(f"/api/v1/submissions/{own[1].public_id}/").status_code == 200


@pytest.mark.django_db
def test_api_submit_by_the_lead_names_each_members_gap(cast, credential, client):
    lead, own = formed_team(cast.educator, credential, [cast.colleague])
    complete_team(lead, [own[0]])
    api = _api(client, cast.educator)
    answer = api.post(f"/api/v1/submissions/{lead.public_id}/submit/")
    assert answer.status_code == 400
    assert list(answer.json()["requirements"].values()) == [
        f"{cast.colleague.get_full_name()}: Write a response."
    ]
    write(own[1], "Reflection", "Mine.", cast.colleague)
    assert api.post(f"/api/v1/submissions/{lead.public_id}/submit/").status_code == 200
    assert Submission.objects.get(pk=own[1].pk).status == "submitted"


@pytest.mark.django_db
def test_detail_api_says_whether_teams_are_allowed(cast, credential, client):
    api = _api(client, cast.educator)
    body = api.get(f"/api/v1/micro-credentials/{credential.public_id}/").json()
    assert body["teams_allowed"] is True and body["team_max_size"] == 3
    assert [r["shared"] for r in body["evidence_requirements"]] == [True, True, False]
    assert [c["shared"] for c in body["rubric"]["criteria"]] == [True, False]


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_invite_accept_and_show_the_team(cast, credential, client):
    client.force_login(cast.educator)
    started = client.post(
        reverse("submissions:start_team", args=[credential.slug]),
        {"team": cast.colleague.email},
    )
    assert started.status_code == 302
    lead = Submission.objects.get(educator=cast.educator)
    client.force_login(cast.colleague)
    page = client.get(reverse("submissions:team_invitations"))
    assert credential.published_version.title in page.content.decode()
    membership = invitation(lead, cast.colleague)
    joined = client.post(
        reverse("submissions:team_invitation_answer", args=[membership.public_id]),
        {"answer": "accept"},
    )
    mine = Submission.objects.get(educator=cast.colleague)
    assert joined["Location"] == reverse("submissions:detail", args=[mine.public_id])
    workspace = client.get(joined["Location"]).content.decode()
    assert "Your team" in workspace and "Leave the team" in workspace
    assert "Shared: one answer for the team" in workspace
    # The shared answers autosave on the lead's draft.
    assert (
        reverse(
            "submissions:save_response",
            args=[lead.public_id, lead.version.requirements.get(title="Team plan").public_id],
        )
        in workspace
    )
    saved = client.post(
        reverse(
            "submissions:save_response",
            args=[lead.public_id, lead.version.requirements.get(title="Team plan").public_id],
        ),
        {"text": "Written by the colleague."},
    )
    assert saved.status_code == 200
    refused = client.post(
        reverse(
            "submissions:save_response",
            args=[lead.public_id, lead.version.requirements.get(title="Reflection").public_id],
        ),
        {"text": "Not mine."},
    )
    assert refused.status_code == 404
    client.force_login(cast.other_educator)
    assert client.get(reverse("submissions:detail", args=[mine.public_id])).status_code == 404


@pytest.mark.django_db
def test_the_submission_list_reads_teams_in_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
):
    client.force_login(cast.educator)
    client.get("/api/v1/submissions/")  # from here on the signed-in user is cached (accounts/)
    counts = []
    for more in (1, 3):
        for index in range(more):
            other = team_credential(cast.issuer, f"team-{more}-{index}")
            teams.team_start(lead=cast.educator, credential=other, emails=[cast.colleague.email])
        with django_assert_max_num_queries(20) as captured:
            body = client.get("/api/v1/submissions/").json()
        assert all(row["team"]["lead"] for row in body["results"])
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
