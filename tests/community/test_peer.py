"""Critical friends: a draft shared with people of the educator's cohorts, read-only, with
comments on a requirement or a criterion; sharing ends at submission; reviewers never see it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from community import peer, services
from community.models import PeerShare
from reviews import services as review_services
from submissions import services as submission_services
from tests.support.cast import Cast
from tests.support.credentials import published_credential
from tests.support.reviews import make_reviewer
from tests.support.submissions import ready_artifact

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast, django_capture_on_commit_callbacks):
    cohort = services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Exit tickets, together",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 6, 1),
    )
    services.cohort_join_by_code(user=cast.educator, code=cohort.join_code)
    services.cohort_join_by_code(user=cast.colleague, code=cohort.join_code)
    credential = published_credential(cast.issuer)
    draft = submission_services.submission_start(educator=cast.educator, credential=credential)
    return draft


def _requirement(draft, title: str):
    return draft.version.requirements.get(title=title)


def test_an_educator_shares_a_draft_with_a_cohort_colleague_who_gets_an_email(
    cast: Cast, world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        shares = peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    assert [share.person for share in shares] == [cast.colleague]
    assert [message.to for message in mail.outbox] == [[cast.colleague.email]]
    assert reverse("friends:draft", args=[world.public_id]) in mail.outbox[0].body
    # Sharing again with the same person changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator) == []
    assert len(mail.outbox) == 1


def test_only_people_of_my_cohorts_can_be_chosen(cast: Cast, world) -> None:
    with pytest.raises(peer.PeerError, match="only with people in your cohorts"):
        peer.peer_share(submission=world, people=[cast.other_educator], by=cast.educator)
    with pytest.raises(peer.PeerError, match="Only the educator"):
        peer.peer_share(submission=world, people=[cast.educator], by=cast.colleague)
    with pytest.raises(peer.PeerError, match="at least one"):
        peer.peer_share(submission=world, people=[], by=cast.educator)
    assert not PeerShare.objects.exists()


def test_the_friend_reads_the_draft_and_comments_on_a_requirement(
    cast: Cast, world, client, django_capture_on_commit_callbacks
) -> None:
    context = _requirement(world, "Context")
    submission_services.response_save(
        submission=world,
        requirement=context,
        text="My class of 28 sixth graders.",
        by=cast.educator,
    )
    peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    client.force_login(cast.colleague)
    page = client.get(reverse("friends:draft", args=[world.public_id]))
    assert page.status_code == 200
    assert "My class of 28 sixth graders." in page.content.decode()
    assert 'name="text"' not in page.content.decode()  # read-only: no response editor
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("friends:comment", args=[world.public_id]),
            {"body": "Say which exit ticket you used.", "requirement": str(context.public_id)},
        )
    assert answer.status_code == 302
    assert [message.to for message in mail.outbox] == [[cast.educator.email]]
    client.force_login(cast.educator)
    workspace = client.get(reverse("submissions:detail", args=[world.public_id])).content.decode()
    assert "Say which exit ticket you used." in workspace
    assert "Comments from your critical friends" in workspace


def test_a_refused_comment_keeps_the_typed_text(cast: Cast, world, client) -> None:
    peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    client.force_login(cast.colleague)
    page = client.post(
        reverse("friends:comment", args=[world.public_id]),
        {"body": "Look at criterion two", "criterion": "not-a-uuid"},
    )
    assert page.status_code == 400
    assert "not a valid anchor" in page.content.decode()
    other = published_credential(cast.issuer, slug="other-one")
    foreign = other.published_version.criteria.first()
    page = client.post(
        reverse("friends:comment", args=[world.public_id]),
        {"body": "Wrong rubric", "criterion": str(foreign.public_id)},
    )
    assert page.status_code == 400
    assert "not part of this micro-credential" in page.content.decode()


def test_sharing_ends_at_submission(cast: Cast, world, client) -> None:
    peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    for requirement in world.version.requirements.filter(required=True):
        if requirement.kind == "text":
            submission_services.response_save(
                submission=world, requirement=requirement, text="We checked.", by=cast.educator
            )
        else:
            ready_artifact(world, requirement)
    submission_services.submission_submit(submission=world, by=cast.educator)
    assert PeerShare.objects.get().ended_at is not None
    client.force_login(cast.colleague)
    assert client.get(reverse("friends:draft", args=[world.public_id])).status_code == 404
    answer = client.post(reverse("friends:comment", args=[world.public_id]), {"body": "Too late?"})
    assert answer.status_code == 404


def test_a_stopped_share_closes_the_draft_and_its_evidence(cast: Cast, world, client) -> None:
    video = ready_artifact(world, _requirement(world, "Video"))
    (share,) = peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    client.force_login(cast.colleague)
    open_url = reverse("submissions:artifact_open", args=[video.public_id, "original"])
    assert client.get(open_url).status_code == 302  # to a short-lived signed link
    client.force_login(cast.educator)
    client.post(reverse("friends:share_end", args=[share.public_id]))
    client.force_login(cast.colleague)
    assert client.get(reverse("friends:draft", args=[world.public_id])).status_code == 404
    assert client.get(open_url).status_code == 404


def test_nobody_else_gets_in(cast: Cast, world, client) -> None:
    peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    peer.peer_comment_add(submission=world, author=cast.colleague, body="Strong start.")
    reviewer = make_reviewer(cast.issuer, world.credential)
    for person in (cast.other_educator, reviewer, cast.district_admin, cast.outsider):
        client.force_login(person)
        assert client.get(reverse("friends:draft", args=[world.public_id])).status_code == 404
        api = client.get(f"/api/v1/submissions/{world.public_id}/peer-comments/")
        assert api.status_code == 404
        shared = client.post(
            f"/api/v1/submissions/{world.public_id}/peer-share/",
            {"people": [str(cast.colleague.public_id)]},
            content_type="application/json",
        )
        assert shared.status_code == 404


def test_the_api_shares_and_comments(cast: Cast, world, client) -> None:
    client.force_login(cast.educator)
    refused = client.post(
        f"/api/v1/submissions/{world.public_id}/peer-share/",
        {"people": [str(cast.other_educator.public_id)]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "only with people in your cohorts" in refused.json()["detail"]
    shared = client.post(
        f"/api/v1/submissions/{world.public_id}/peer-share/",
        {"people": [str(cast.colleague.public_id)]},
        content_type="application/json",
    )
    assert shared.status_code == 201
    assert [row["person"]["id"] for row in shared.json()] == [str(cast.colleague.public_id)]
    criterion = world.version.criteria.first()
    client.force_login(cast.colleague)
    made = client.post(
        f"/api/v1/submissions/{world.public_id}/peer-comments/",
        {"body": "Name the level you aim for.", "criterion": str(criterion.public_id)},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["criterion"] == str(criterion.public_id)
    assert made.json()["requirement"] is None
    empty = client.post(
        f"/api/v1/submissions/{world.public_id}/peer-comments/",
        {"body": "   "},
        content_type="application/json",
    )
    assert empty.status_code == 400
    client.force_login(cast.educator)
    listed = client.get(f"/api/v1/submissions/{world.public_id}/peer-comments/").json()
    assert [row["body"] for row in listed["results"]] == ["Name the level you aim for."]


def test_reviewers_never_see_peer_comments(cast: Cast, world, client) -> None:
    peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    peer.peer_comment_add(submission=world, author=cast.colleague, body="PEER-SECRET-NOTE")
    for requirement in world.version.requirements.filter(required=True):
        if requirement.kind == "text":
            submission_services.response_save(
                submission=world, requirement=requirement, text="We checked.", by=cast.educator
            )
        else:
            ready_artifact(world, requirement)
    submission_services.submission_submit(submission=world, by=cast.educator)
    reviewer = make_reviewer(cast.issuer, world.credential)
    review = review_services.review_claim(submission=world, reviewer=reviewer)
    client.force_login(reviewer)
    for url in (
        reverse("reviews:review", args=[review.public_id]),
        reverse("submissions:detail", args=[world.public_id]),
        f"/api/v1/submissions/{world.public_id}/",
    ):
        answer = client.get(url)
        assert "PEER-SECRET-NOTE" not in answer.content.decode()
        assert cast.colleague.email not in answer.content.decode()
    assert client.get(f"/api/v1/submissions/{world.public_id}/peer-comments/").status_code == 404


def test_a_hostile_comment_is_shown_as_text(cast: Cast, world, client) -> None:
    peer.peer_share(submission=world, people=[cast.colleague], by=cast.educator)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    peer.peer_comment_add(submission=world, author=cast.colleague, body=hostile)
    for person, url in (
        (cast.colleague, reverse("friends:draft", args=[world.public_id])),
        (cast.educator, reverse("submissions:detail", args=[world.public_id])),
    ):
        client.force_login(person)
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
