"""Reviewing a team (ADR 0032): one queue item, one claim over every member, shared criteria
scored once and the others per member, a decision and a badge per member."""

from decimal import Decimal

import pytest

from badges.models import Badge
from reviews import selectors, services
from reviews.models import Review
from submissions.models import Submission
from tests.support.reviews import levels, set_policy
from tests.support.teams import submitted_team, team_credential


@pytest.fixture
def credential(cast):
    return team_credential(cast.issuer)


@pytest.fixture
def team(cast, credential):
    """A submitted team of two (the lead first), and a qualified reviewer; every submission
    would be sampled for a second review if teams were."""
    services.reviewer_designate(reviewer=cast.reviewer, credential=credential, by=None)
    set_policy(cast.issuer, second_review_rate=Decimal("1"))
    return submitted_team(cast.educator, credential, [cast.colleague])


def _scores(version, *, shared_pass=True, failing_members=()):
    by_title = levels(version)
    plan = version.criteria.get(title="Team plan")
    own = version.criteria.get(title="Own reflection")
    fail, ok = by_title["Team plan"]
    shared = [services.ScoreInput(plan, ok if shared_pass else fail, "Plan more checks.")]
    return shared, own, by_title["Own reflection"]


def _complete(review, by, members, *, shared_pass=True, failing=()):
    version = review.submission.version
    shared, own, (fail, ok) = _scores(version, shared_pass=shared_pass)
    individual = {
        m.pk: [services.ScoreInput(own, fail if m in failing else ok, "Reflect on one student.")]
        for m in members
    }
    return services.review_team_complete(
        review=review, by=by, shared=shared, individual=individual, feedback="Good teamwork."
    )


@pytest.mark.django_db
def test_the_queue_shows_a_team_once_and_a_claim_holds_every_member(cast, team):
    lead, member = team
    queue = list(selectors.review_queue_for(cast.reviewer))
    assert [s.pk for s in queue] == [lead.pk]
    with pytest.raises(services.NotClaimable):
        services.review_claim(submission=member, reviewer=cast.reviewer)
    review = services.review_claim(submission=lead, reviewer=cast.reviewer)
    assert set(Submission.objects.filter(team=lead.team).values_list("status", flat=True)) == {
        "in_review"
    }
    assert Review.objects.filter(
        submission=member, reviewer=cast.reviewer, status="active"
    ).exists()
    # The reviewer holds the claim on each member, so sees each member's evidence while reviewing.
    assert cast.reviewer.has_perm("submissions.view_evidence", member)
    services.review_release(review=review, by=cast.reviewer)
    assert set(Submission.objects.filter(team=lead.team).values_list("status", flat=True)) == {
        "submitted"
    }
    assert not cast.reviewer.has_perm("submissions.view_evidence", member)


@pytest.mark.django_db
def test_each_member_is_decided_on_the_shared_scores_and_their_own(
    cast, team, django_capture_on_commit_callbacks, mailoutbox
):
    lead, member = team
    review = services.review_claim(submission=lead, reviewer=cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        reviews = _complete(review, cast.reviewer, [lead, member], failing=[member])
    assert [r.decision for r in reviews] == ["passed", "not_yet"]
    assert Submission.objects.get(pk=lead.pk).status == "passed"
    assert Submission.objects.get(pk=member.pk).status == "not_yet"
    # No second review for a team, though the policy samples everyone.
    assert not any(r.second_review_required for r in reviews)
    # One badge, for the member who passed.
    assert list(Badge.objects.values_list("submission__educator", flat=True)) == [cast.educator.pk]
    # The "not yet" feedback reaches the member, with the shared criterion's score.
    told = [m for m in mailoutbox if m.to == [cast.colleague.email]]
    assert told and told[-1].subject.startswith("Not yet")
    member_review = Review.objects.get(submission=member, status="completed")
    assert member_review.feedback == "Good teamwork."
    assert sorted(member_review.scores.values_list("criterion__title", flat=True)) == [
        "Own reflection",
        "Team plan",
    ]


@pytest.mark.django_db
def test_a_passing_team_earns_a_badge_each(cast, team, django_capture_on_commit_callbacks):
    lead, member = team
    review = services.review_claim(submission=lead, reviewer=cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        _complete(review, cast.reviewer, [lead, member])
    earners = set(Badge.objects.values_list("submission__educator", flat=True))
    assert earners == {cast.educator.pk, cast.colleague.pk}


@pytest.mark.django_db
def test_a_shared_criterion_below_passing_is_not_yet_for_everyone(
    cast, team, django_capture_on_commit_callbacks
):
    lead, member = team
    review = services.review_claim(submission=lead, reviewer=cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        reviews = _complete(review, cast.reviewer, [lead, member], shared_pass=False)
    assert [r.decision for r in reviews] == ["not_yet", "not_yet"]
    assert not Badge.objects.exists()


@pytest.mark.django_db
def test_completion_names_each_members_missing_score(cast, team):
    lead, member = team
    review = services.review_claim(submission=lead, reviewer=cast.reviewer)
    shared, own, (_fail, ok) = _scores(lead.version)
    with pytest.raises(services.ReviewIncomplete) as incomplete:
        services.review_team_complete(
            review=review,
            by=cast.reviewer,
            shared=shared,
            individual={lead.pk: [services.ScoreInput(own, ok, "")]},
            feedback="",
        )
    assert incomplete.value.problems == {f"{own.public_id}:{member.public_id}": "Choose a level."}
    assert Submission.objects.get(pk=member.pk).status == "in_review"
    # The one-educator completion refuses a team.
    with pytest.raises(services.ReviewError, match="team is reviewed as one"):
        services.review_complete(review=review, by=cast.reviewer, scores=shared, feedback="")


@pytest.mark.django_db
def test_api_detail_and_completion_of_a_team(cast, team, client):
    lead, member = team
    client.force_login(cast.reviewer)
    claimed = client.post(
        "/api/v1/review-queue/claim/", {"submission": str(lead.public_id)}, "application/json"
    )
    assert claimed.status_code == 201
    review_id = claimed.json()["id"]
    detail = client.get(f"/api/v1/reviews/{review_id}/").json()
    assert [row["title"] for row in detail["evidence"]] == ["Team plan", "Summary"]
    assert [m["submission"] for m in detail["team"]] == [str(lead.public_id), str(member.public_id)]
    assert [[row["title"] for row in m["evidence"]] for m in detail["team"]] == [
        ["Reflection"],
        ["Reflection"],
    ]
    by_title = levels(lead.version)
    plan = lead.version.criteria.get(title="Team plan")
    own = lead.version.criteria.get(title="Own reflection")
    missing = client.post(
        f"/api/v1/reviews/{review_id}/complete/",
        {
            "scores": [
                {
                    "criterion": str(own.public_id),
                    "level": str(by_title["Own reflection"][1].public_id),
                }
            ]
        },
        "application/json",
    )
    assert missing.status_code == 400
    assert "member" in missing.json()["scores"][str(own.public_id)]
    body = {
        "feedback": "Well done.",
        "scores": [
            {"criterion": str(plan.public_id), "level": str(by_title["Team plan"][1].public_id)},
            *[
                {
                    "criterion": str(own.public_id),
                    "level": str(by_title["Own reflection"][1].public_id),
                    "member": str(s.public_id),
                }
                for s in (lead, member)
            ],
        ],
    }
    done = client.post(f"/api/v1/reviews/{review_id}/complete/", body, "application/json")
    assert done.status_code == 200, done.content
    assert [m["decision"] for m in done.json()["team"]] == ["passed", "passed"]
    assert Submission.objects.get(pk=member.pk).status == "passed"


@pytest.mark.django_db
def test_the_team_scoring_page_scores_shared_once_and_each_member(
    cast, team, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    lead, member = team
    client.force_login(cast.reviewer)
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert reverse("reviews:claim", args=[lead.public_id]) in queue
    assert reverse("reviews:claim", args=[member.public_id]) not in queue
    review = services.review_claim(submission=lead, reviewer=cast.reviewer)
    url = reverse("reviews:review", args=[review.public_id])
    page = client.get(url).content.decode()
    assert page.count("We plan exit tickets together.") == 1  # shared evidence, once
    assert page.count("What I changed in my class.") == 2  # each member's own reflection
    assert cast.educator.get_full_name() in page and cast.colleague.get_full_name() in page
    by_title = levels(lead.version)
    plan = lead.version.criteria.get(title="Team plan")
    own = lead.version.criteria.get(title="Own reflection")
    fail, ok = by_title["Own reflection"]
    form = {
        f"level-{plan.public_id}": str(by_title["Team plan"][1].public_id),
        f"level-{own.public_id}-{lead.public_id}": str(ok.public_id),
        "feedback": "Thank you both.",
        "send": "1",
    }
    # The member's own criterion is missing: named, nothing decided.
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "Choose a level." in refused.content.decode()
    assert Submission.objects.get(pk=member.pk).status == "in_review"
    form[f"level-{own.public_id}-{member.public_id}"] = str(fail.public_id)
    form[f"feedback-{own.public_id}-{member.public_id}"] = "Name one student you moved."
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, form)
    assert sent.status_code == 302
    assert Submission.objects.get(pk=lead.pk).status == "passed"
    assert Submission.objects.get(pk=member.pk).status == "not_yet"
    # The member reads the shared score and their own feedback on their page.
    client.force_login(cast.colleague)
    theirs = client.get(reverse("submissions:detail", args=[member.public_id])).content.decode()
    assert "Name one student you moved." in theirs and "Thank you both." in theirs
