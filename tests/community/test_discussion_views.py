"""The discussion pages as people use them: members start threads and reply, facilitators
moderate and resolve reports, everyone else gets 404; list and thread pages in a few queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from common.storage import private_storage
from community import discussion
from community.models import CohortMembership, Post, PostAttachment, Thread
from tests.support.cast import Cast
from tests.support.discussion import Room, make_room, pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(cast: Cast) -> Room:
    return make_room(cast)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _list_url(room: Room) -> str:
    return reverse("community:discussion", kwargs={"cohort": room.cohort.public_id})


def _thread_url(room: Room, thread: Thread) -> str:
    return reverse(
        "community:thread", kwargs={"cohort": room.cohort.public_id, "thread": thread.public_id}
    )


def _start(room: Room, user, body: str = "Exit tickets?") -> Post:
    return discussion.thread_start(seat=room.seat(user), body=body)


def test_a_member_starts_a_thread_and_another_replies(cast: Cast, room: Room) -> None:
    maria = _client(cast.educator)
    response = maria.post(
        _list_url(room),
        {"title": "", "micro_credential": room.credential.pk, "body": "**Exit tickets**: how?"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == _thread_url(room, thread)
    assert thread.title == "Exit tickets: how?"
    page = _client(cast.colleague).get(_thread_url(room, thread))
    assert "<strong>Exit tickets</strong>: how?" in page.content.decode()
    first = thread.posts.get()
    reply = _client(cast.colleague).post(
        _thread_url(room, thread), {"body": "Three questions", "reply_to": str(first.public_id)}
    )
    assert reply.status_code == 302
    assert thread.posts.last().reply_to == first


def test_a_new_thread_needs_words_and_a_credential_of_the_cohort(cast: Cast, room: Room) -> None:
    response = _client(cast.educator).post(_list_url(room), {"body": "  "})
    assert response.status_code == 400
    assert "Write something before posting." in response.content.decode()
    response = _client(cast.educator).post(
        _list_url(room), {"body": "Hi", "micro_credential": 999999}
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()


def test_a_reply_to_a_post_of_another_thread_is_refused(cast: Cast, room: Room) -> None:
    first, other = _start(room, cast.educator), _start(room, cast.educator, "Other")
    response = _client(cast.colleague).post(
        _thread_url(room, first.thread), {"body": "Hi", "reply_to": str(other.public_id)}
    )
    assert response.status_code == 400
    assert "not in this thread" in response.content.decode()
    response = _client(cast.colleague).post(
        _thread_url(room, first.thread), {"body": "Hi", "reply_to": "not-a-uuid"}
    )
    assert response.status_code == 400


def test_a_locked_thread_says_so_and_refuses_replies(cast: Cast, room: Room) -> None:
    post = _start(room, cast.educator)
    _client(room.facilitator).post(
        reverse(
            "community:discussion_thread_moderate",
            kwargs={"cohort": room.cohort.public_id, "thread": post.thread.public_id},
        ),
        {"action": "lock"},
    )
    page = _client(cast.colleague).get(_thread_url(room, post.thread))
    assert "This thread is locked" in page.content.decode()
    response = _client(cast.colleague).post(_thread_url(room, post.thread), {"body": "Late"})
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert post.thread.posts.count() == 1


@pytest.mark.parametrize("who", ["other_educator", "district_admin", "outsider", "leaver"])
def test_people_outside_the_cohort_get_404_everywhere(cast: Cast, room: Room, who: str) -> None:
    post = _start(room, cast.educator)
    user = room.leaver if who == "leaver" else getattr(cast, who)
    client = _client(user)
    cohort = room.cohort.public_id
    urls = [
        _list_url(room),
        _thread_url(room, post.thread),
        reverse("community:discussion_notifications", kwargs={"cohort": cohort}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"body": "Let me in", "notify": "none"}).status_code == 404, url
    kwargs = {"cohort": cohort, "post": post.public_id}
    for name in (
        "discussion_post_report",
        "discussion_post_moderate",
        "discussion_reports_resolve",
    ):
        assert client.post(reverse(f"community:{name}", kwargs=kwargs)).status_code == 404
    assert Post.objects.count() == 1 and not post.reports.exists()


def test_anonymous_people_are_sent_to_sign_in(room: Room) -> None:
    response = Client().get(_list_url(room))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_members_cannot_moderate(cast: Cast, room: Room) -> None:
    post = _start(room, cast.colleague)
    client = _client(cast.educator)
    kwargs = {"cohort": room.cohort.public_id, "thread": post.thread.public_id}
    moderate = reverse("community:discussion_thread_moderate", kwargs=kwargs)
    assert client.post(moderate, {"action": "pin"}).status_code == 404
    post_kwargs = {"cohort": room.cohort.public_id, "post": post.public_id}
    hide = reverse("community:discussion_post_moderate", kwargs=post_kwargs)
    assert client.post(hide, {"action": "hide"}).status_code == 404
    post.thread.refresh_from_db()
    post.refresh_from_db()
    assert not post.thread.pinned and post.hidden_at is None


def test_a_report_reaches_the_facilitators_who_resolve_it(cast: Cast, room: Room) -> None:
    post = _start(room, cast.colleague, "Something unkind")
    kwargs = {"cohort": room.cohort.public_id, "post": post.public_id}
    maria = _client(cast.educator)
    maria.post(reverse("community:discussion_post_report", kwargs=kwargs), {"reason": "Unkind"})
    again = maria.post(reverse("community:discussion_post_report", kwargs=kwargs), follow=True)
    assert "already reported" in again.content.decode()
    assert "You reported this post." in maria.get(_thread_url(room, post.thread)).content.decode()
    assert "Open reports" not in maria.get(_list_url(room)).content.decode()

    facilitator = _client(room.facilitator)
    page = facilitator.get(_list_url(room)).content.decode()
    assert "Reported by Maria Lopez: Unkind" in page
    facilitator.post(reverse("community:discussion_reports_resolve", kwargs=kwargs))
    assert "Reported by" not in facilitator.get(_list_url(room)).content.decode()


def test_a_hidden_post_disappears_for_members(cast: Cast, room: Room) -> None:
    post = _start(room, cast.educator)
    rude = discussion.post_reply(seat=room.seat(cast.colleague), thread=post.thread, body="Rude!")
    kwargs = {"cohort": room.cohort.public_id, "post": rude.public_id}
    _client(room.facilitator).post(
        reverse("community:discussion_post_moderate", kwargs=kwargs), {"action": "hide"}
    )
    assert (
        "Rude!" not in _client(cast.educator).get(_thread_url(room, post.thread)).content.decode()
    )
    page = _client(room.facilitator).get(_thread_url(room, post.thread)).content.decode()
    assert "Rude!" in page and "Hidden from members" in page


def test_a_member_chooses_how_mentions_reach_them(cast: Cast, room: Room) -> None:
    url = reverse("community:discussion_notifications", kwargs={"cohort": room.cohort.public_id})
    client = _client(cast.educator)
    assert 'value="each" checked' in client.get(url).content.decode()
    assert client.post(url, {"notify": "digest"}).status_code == 302
    assert room.seat(cast.educator).membership.notify == CohortMembership.Notify.DIGEST
    assert client.post(url, {"notify": "hourly"}).status_code == 400


def test_attachments_are_posted_and_downloaded_by_members_only(
    cast: Cast, room: Room, local_media
) -> None:
    response = _client(cast.educator).post(
        _list_url(room), {"body": "Our chart", "files": [png(), pdf()]}
    )
    assert response.status_code == 302
    image, document = PostAttachment.objects.order_by("content_type").reverse()
    kwargs = {"cohort": room.cohort.public_id, "attachment": image.public_id}
    url = reverse("community:discussion_attachment", kwargs=kwargs)
    shown = _client(cast.colleague).get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
    kwargs["attachment"] = document.public_id
    download = _client(cast.colleague).get(
        reverse("community:discussion_attachment", kwargs=kwargs)
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert _client(cast.other_educator).get(url).status_code == 404
    assert _client(room.leaver).get(url).status_code == 404


def test_a_file_of_another_type_is_refused_with_a_message(
    cast: Cast, room: Room, local_media
) -> None:
    script = SimpleUploadedFile("lesson.png", b"#!/bin/sh\necho hi\n", "image/png")
    response = _client(cast.educator).post(_list_url(room), {"body": "See", "files": [script]})
    assert response.status_code == 400
    assert "only images (PNG, JPEG, GIF, WebP) and PDF documents" in response.content.decode()
    assert not Thread.objects.exists()


def test_the_thread_list_and_a_thread_take_few_queries(
    cast: Cast, room: Room, django_assert_max_num_queries
) -> None:
    for number in range(12):
        post = _start(room, cast.educator, f"Thread {number} for @James Chen")
        discussion.post_reply(seat=room.seat(cast.colleague), thread=post.thread, body="Reply")
    for number in range(10):
        discussion.post_reply(
            seat=room.seat(cast.colleague), thread=post.thread, body=f"More {number}", reply_to=post
        )
    client = _client(room.facilitator)
    client.get(_list_url(room))  # the session and the first request's extras
    with django_assert_max_num_queries(14):
        assert client.get(_list_url(room)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_thread_url(room, post.thread)).status_code == 200


def test_the_cohort_page_panel_lists_recent_threads(cast: Cast, room: Room, rf) -> None:
    for number in range(7):
        _start(room, cast.educator, f"Topic {number}")
    request = rf.get("/")
    request.user = cast.colleague
    html = render_to_string(
        "community/discussion/_recent.html", {"cohort": room.cohort}, request=request
    )
    assert html.count("Topic ") == 5 and "Topic 6" in html and "Topic 0" not in html
    request.user = cast.other_educator
    html = render_to_string(
        "community/discussion/_recent.html", {"cohort": room.cohort}, request=request
    )
    assert "Topic" not in html


def test_attachments_are_kept_in_private_s3_storage(cast: Cast, room: Room, s3_media) -> None:
    """On the real S3 API: the bytes go to the private bucket under an unguessable key, and
    come back only through the members' download view."""
    response = _client(cast.educator).post(_list_url(room), {"body": "Chart", "files": [png()]})
    assert response.status_code == 302
    attachment = PostAttachment.objects.get()
    assert attachment.storage_key.startswith("community/attachments/")
    assert "board" not in attachment.storage_key  # the name the browser sent is not the key
    storage = private_storage()
    assert storage.exists(attachment.storage_key)
    assert storage.querystring_auth  # private: any link to it must be signed
    kwargs = {"cohort": room.cohort.public_id, "attachment": attachment.public_id}
    shown = _client(cast.colleague).get(reverse("community:discussion_attachment", kwargs=kwargs))
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
