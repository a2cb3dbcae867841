"""`GET/POST /api/v1/cohorts/{id}/posts/`: members and facilitators only (404 for everyone
else); a post without `reply_to` starts a thread, with it replies in that post's thread."""

import datetime
import uuid

import pytest
from rest_framework.test import APIClient

from community import discussion, services
from community.models import Post, Thread
from tests.support.cast import Cast
from tests.support.credentials import published_credential
from tests.support.discussion import Room, join, make_room, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(cast: Cast) -> Room:
    return make_room(cast)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(room: Room) -> str:
    return f"/api/v1/cohorts/{room.cohort.public_id}/posts/"


def test_a_post_without_reply_to_starts_a_thread(cast: Cast, room: Room) -> None:
    response = _api(cast.educator).post(
        _url(room),
        {
            "body": "Wait time\n\nHow long do you wait, @James Chen?",
            "micro_credential": str(room.credential.public_id),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["thread"]["title"] == "Wait time"
    assert body["thread"]["micro_credential"] == str(room.credential.public_id)
    assert body["author"]["name"] == "Maria Lopez"
    assert [person["name"] for person in body["mentions"]] == ["James Chen"]
    assert body["body_html"].startswith("<p>Wait time</p>")
    titled = _api(cast.educator).post(_url(room), {"body": "x", "title": "Named"}, format="json")
    assert titled.json()["thread"]["title"] == "Named"


def test_a_post_with_reply_to_replies_in_that_thread(cast: Cast, room: Room) -> None:
    first = discussion.thread_start(seat=room.seat(cast.educator), body="Question")
    response = _api(cast.colleague).post(
        _url(room), {"body": "Answer", "reply_to": str(first.public_id)}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["thread"]["id"] == str(first.thread.public_id)
    assert response.json()["reply_to"] == str(first.public_id)
    assert Thread.objects.count() == 1


def test_bad_posts_answer_400_with_a_message(cast: Cast, room: Room) -> None:
    other_room = make_other_cohort(cast)
    foreign_post = discussion.thread_start(seat=other_room, body="Elsewhere")
    elsewhere = published_credential(cast.issuer, "not-in-cohort")
    api = _api(cast.educator)
    cases = [
        ({"body": ""}, "body"),
        ({}, "body"),
        ({"body": "Hi", "reply_to": str(foreign_post.public_id)}, "reply_to"),
        ({"body": "Hi", "reply_to": str(uuid.uuid4())}, "reply_to"),
        ({"body": "Hi", "reply_to": "nope"}, "reply_to"),
        ({"body": "Hi", "micro_credential": str(elsewhere.public_id)}, "micro_credential"),
        ({"body": "x" * (discussion.MAX_BODY_CHARS + 1)}, "body"),
    ]
    for data, field in cases:
        response = api.post(_url(room), data, format="json")
        assert response.status_code == 400, (data, response.content)
        assert field in response.json(), (data, response.json())
    assert Post.objects.filter(thread__cohort=room.cohort).count() == 0


def test_a_locked_thread_refuses_a_reply(cast: Cast, room: Room) -> None:
    first = discussion.thread_start(seat=room.seat(cast.educator), body="Question")
    discussion.thread_moderate(seat=room.seat(room.facilitator), thread=first.thread, action="lock")
    response = _api(cast.colleague).post(
        _url(room), {"body": "Late", "reply_to": str(first.public_id)}, format="json"
    )
    assert response.status_code == 400
    assert "locked" in response.json()["detail"]


def test_non_members_get_404(cast: Cast, room: Room) -> None:
    discussion.thread_start(seat=room.seat(cast.educator), body="Members only")
    for person in (cast.other_educator, cast.district_admin, cast.outsider, room.leaver):
        api = _api(person)
        assert api.get(_url(room)).status_code == 404
        assert api.post(_url(room), {"body": "Hi"}, format="json").status_code == 404
    missing = f"/api/v1/cohorts/{uuid.uuid4()}/posts/"
    assert _api(cast.educator).get(missing).status_code == 404
    assert APIClient().get(_url(room)).status_code == 401
    assert Post.objects.count() == 1


def test_the_list_is_paginated_newest_first_without_hidden_posts(
    cast: Cast, room: Room, django_assert_max_num_queries
) -> None:
    for number in range(8):
        discussion.thread_start(seat=room.seat(cast.educator), body=f"Post {number} @James Chen")
    hidden = discussion.thread_start(seat=room.seat(cast.colleague), body="Hidden one")
    discussion.post_moderate(seat=room.seat(room.facilitator), post=hidden, hide=True)
    with django_assert_max_num_queries(10):
        response = _api(cast.educator).get(_url(room))
    body = response.json()
    assert body["count"] == 8
    assert body["results"][0]["body"] == "Post 7 @James Chen"
    facilitator_view = _api(room.facilitator).get(_url(room)).json()
    assert facilitator_view["count"] == 9 and facilitator_view["results"][0]["hidden"] is True
    only = _api(cast.educator).get(_url(room), {"thread": body["results"][1]["thread"]["id"]})
    assert only.json()["count"] == 1


def test_files_go_with_a_multipart_post(cast: Cast, room: Room, local_media) -> None:
    response = _api(cast.educator).post(
        _url(room), {"body": "Chart", "files": [png()]}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    attachment = response.json()["attachments"][0]
    assert attachment["content_type"] == "image/png"
    assert attachment["url"].startswith(f"/cohorts/{room.cohort.public_id}/discussion/")


def make_other_cohort(cast: Cast) -> discussion.Seat:
    """A second cohort the educator is also in (a post there is not this cohort's)."""
    cohort = services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Another cohort",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 2, 1),
    )
    join(cohort, cast.educator, cast.district_admin)
    seat = discussion.discussion_seat(cast.educator, cohort.public_id)
    assert seat is not None
    return seat


def test_the_list_orders_by_creation_either_way_and_refuses_other_orderings(
    cast: Cast, room: Room
) -> None:
    for number in range(3):
        discussion.thread_start(seat=room.seat(cast.educator), body=f"Post {number}")
    api = _api(cast.educator)

    def bodies(ordering: str) -> list[str]:
        results = api.get(_url(room), {"ordering": ordering}).json()["results"]
        return [row["body"] for row in results]

    assert bodies("created") == ["Post 0", "Post 1", "Post 2"]
    assert bodies("-created") == ["Post 2", "Post 1", "Post 0"]
    refused = api.get(_url(room), {"ordering": "password"})
    assert refused.status_code == 400 and list(refused.json()) == ["ordering"]
