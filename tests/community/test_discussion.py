"""A cohort's discussion through its services: who sees and posts, threads and replies,
mentions, attachments, moderation and reports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community import discussion, services
from community.markdown import first_line_title, render_markdown
from community.models import Mention, PostAttachment, PostReport
from community.services import CommunityError
from tests.support.cast import Cast
from tests.support.credentials import published_credential
from tests.support.discussion import Room, make_room, pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(cast: Cast) -> Room:
    return make_room(cast)


def test_only_active_people_of_the_cohort_have_a_seat(cast: Cast, room: Room) -> None:
    cohort_id = room.cohort.public_id
    assert discussion.discussion_seat(cast.educator, cohort_id) is not None
    assert discussion.discussion_seat(room.facilitator, cohort_id).facilitates
    assert not discussion.discussion_seat(cast.colleague, cohort_id).facilitates
    # The admin who runs the cohort manages it but is not in its discussion; nor is anyone else.
    for outsider in (cast.district_admin, cast.other_educator, room.leaver, cast.staff):
        assert discussion.discussion_seat(outsider, cohort_id) is None


def test_a_thread_takes_its_title_from_the_first_line(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(
        seat=room.seat(cast.educator),
        body="## Exit tickets that take one minute\n\nWhat do you ask?",
        micro_credential=room.credential,
    )
    assert post.thread.title == "Exit tickets that take one minute"
    assert post.thread.micro_credential == room.credential
    titled = discussion.thread_start(seat=room.seat(cast.educator), body="Hi", title="Welcome")
    assert titled.thread.title == "Welcome"
    assert first_line_title("x " * 200).endswith("…")


def test_a_thread_is_about_one_of_the_cohorts_credentials_or_general(
    cast: Cast, room: Room
) -> None:
    elsewhere = published_credential(cast.issuer, "not-in-cohort")
    with pytest.raises(CommunityError, match="this cohort's micro-credentials"):
        discussion.thread_start(
            seat=room.seat(cast.educator), body="Off topic", micro_credential=elsewhere
        )
    with pytest.raises(CommunityError, match="Write something"):
        discussion.thread_start(seat=room.seat(cast.educator), body="   ")


def test_replies_stay_in_their_thread(cast: Cast, room: Room) -> None:
    first = discussion.thread_start(seat=room.seat(cast.educator), body="Question one")
    other = discussion.thread_start(seat=room.seat(cast.educator), body="Question two")
    reply = discussion.post_reply(
        seat=room.seat(cast.colleague), thread=first.thread, body="Answer", reply_to=first
    )
    assert reply.reply_to == first
    with pytest.raises(CommunityError, match="same thread"):
        discussion.post_reply(
            seat=room.seat(cast.colleague), thread=first.thread, body="Mixed", reply_to=other
        )
    first.thread.refresh_from_db()
    assert first.thread.last_post_at == reply.created_at


def test_a_locked_thread_refuses_new_posts_even_from_facilitators(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(seat=room.seat(cast.educator), body="Closing soon")
    discussion.thread_moderate(seat=room.seat(room.facilitator), thread=post.thread, action="lock")
    for person in (cast.colleague, room.facilitator):
        with pytest.raises(CommunityError, match="locked"):
            discussion.post_reply(seat=room.seat(person), thread=post.thread, body="One more")
    discussion.thread_moderate(
        seat=room.seat(room.facilitator), thread=post.thread, action="unlock"
    )
    discussion.post_reply(seat=room.seat(cast.colleague), thread=post.thread, body="Thanks")


def test_only_facilitators_moderate(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(seat=room.seat(cast.educator), body="Pin me")
    with pytest.raises(CommunityError, match="Only the cohort's facilitators"):
        discussion.thread_moderate(seat=room.seat(cast.educator), thread=post.thread, action="pin")
    with pytest.raises(CommunityError, match="Only the cohort's facilitators"):
        discussion.post_moderate(seat=room.seat(cast.colleague), post=post, hide=True)
    thread = discussion.thread_moderate(
        seat=room.seat(room.facilitator), thread=post.thread, action="pin"
    )
    assert thread.pinned


def test_pinned_threads_come_first_and_hidden_ones_only_for_facilitators(
    cast: Cast, room: Room
) -> None:
    pinned = discussion.thread_start(seat=room.seat(cast.educator), body="Read me first").thread
    hidden = discussion.thread_start(seat=room.seat(cast.colleague), body="Spam").thread
    latest = discussion.thread_start(seat=room.seat(cast.colleague), body="Latest").thread
    facilitator = room.seat(room.facilitator)
    discussion.thread_moderate(seat=facilitator, thread=pinned, action="pin")
    discussion.thread_moderate(seat=facilitator, thread=hidden, action="hide")
    member_view = list(discussion.threads_visible(room.seat(cast.educator)))
    assert member_view == [pinned, latest]
    assert hidden in list(discussion.threads_visible(facilitator))
    assert discussion.thread_visible(room.seat(cast.educator), hidden.public_id) is None
    with pytest.raises(CommunityError, match="hidden"):
        discussion.post_reply(seat=room.seat(cast.educator), thread=hidden, body="Still here?")


def test_a_hidden_post_is_gone_for_members_and_marked_for_facilitators(
    cast: Cast, room: Room
) -> None:
    post = discussion.thread_start(seat=room.seat(cast.educator), body="Fine")
    bad = discussion.post_reply(seat=room.seat(cast.colleague), thread=post.thread, body="Rude")
    discussion.post_moderate(seat=room.seat(room.facilitator), post=bad, hide=True)
    assert list(discussion.posts_visible(room.seat(cast.educator))) == [post]
    assert bad in list(discussion.posts_visible(room.seat(room.facilitator)))
    discussion.post_moderate(seat=room.seat(room.facilitator), post=bad, hide=False)
    assert bad in list(discussion.posts_visible(room.seat(cast.educator)))


def test_one_report_per_person_and_post_resolved_by_a_facilitator(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(seat=room.seat(cast.educator), body="Hot take")
    report = discussion.post_report(seat=room.seat(cast.colleague), post=post, reason="Unkind")
    with pytest.raises(CommunityError, match="already reported"):
        discussion.post_report(seat=room.seat(cast.colleague), post=post)
    with pytest.raises(CommunityError, match="your own post"):
        discussion.post_report(seat=room.seat(cast.educator), post=post)
    assert discussion.open_reports(room.seat(cast.educator)) == []
    assert discussion.open_reports(room.seat(room.facilitator)) == [report]
    with pytest.raises(CommunityError, match="Only the cohort's facilitators"):
        discussion.report_resolve(seat=room.seat(cast.educator), report=report)
    discussion.report_resolve(seat=room.seat(room.facilitator), report=report)
    assert discussion.open_reports(room.seat(room.facilitator)) == []
    assert PostReport.objects.get().resolved_at is not None


def test_mentions_name_people_of_the_cohort_only(cast: Cast, room: Room) -> None:
    body = (
        "Thanks @James Chen and @fran! Also @other@test.org and @leaver@test.org, "
        "and @Maria Lopez (me). Email me at maria@school.org."
    )
    post = discussion.thread_start(seat=room.seat(cast.educator), body=body)
    assert set(post.mentions.all()) == {cast.colleague, room.facilitator}
    assert set(Mention.objects.values_list("person_id", flat=True)) == {
        cast.colleague.pk,
        room.facilitator.pk,
    }


def test_a_mention_by_email_and_not_a_longer_name(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(
        seat=room.seat(cast.colleague), body="cc @educator@test.org; @Jamesy is someone else"
    )
    assert list(post.mentions.all()) == [cast.educator]


def test_opening_the_thread_marks_mentions_seen(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(seat=room.seat(cast.educator), body="@James Chen look")
    seat = room.seat(cast.colleague)
    assert discussion.mentions_mark_seen(seat=seat, thread=post.thread) == 1
    assert Mention.objects.get().seen_at is not None


def test_markdown_is_rendered_without_scripts_or_unsafe_links() -> None:
    html = render_markdown(
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> [ok](https://example.org)'
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html.lower()
    assert '<a href="https://example.org" rel="nofollow ugc noopener noreferrer">ok</a>' in html


def test_images_and_pdfs_attach_from_their_bytes(cast: Cast, room: Room, local_media) -> None:
    post = discussion.thread_start(
        seat=room.seat(cast.educator), body="Our anchor chart", files=[png(), pdf()]
    )
    kinds = sorted(post.attachments.values_list("content_type", flat=True))
    assert kinds == ["application/pdf", "image/png"]


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("notes.txt", b"plain words\n", "image/png"), "only images"),
        (SimpleUploadedFile("x.png", b"<svg onload=alert(1)></svg>", "image/png"), "web page"),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "empty"),
    ],
)
def test_other_files_are_refused_and_nothing_is_posted(
    cast: Cast, room: Room, local_media, upload, message
) -> None:
    with pytest.raises(CommunityError, match=message):
        discussion.thread_start(seat=room.seat(cast.educator), body="See file", files=[upload])
    assert not PostAttachment.objects.exists()
    assert not room.cohort.threads.exists()


def test_files_over_the_size_cap_are_refused(cast: Cast, room: Room, local_media, settings) -> None:
    settings.COMMUNITY_ATTACHMENT_MAX_MB = 0
    with pytest.raises(CommunityError, match="at most 0 MB"):
        discussion.thread_start(seat=room.seat(cast.educator), body="Big", files=[png()])


def test_people_who_left_keep_their_posts_but_see_nothing(cast: Cast, room: Room) -> None:
    post = discussion.thread_start(seat=room.seat(cast.colleague), body="Before I go")
    membership = room.seat(cast.colleague).membership
    services.cohort_leave(membership=membership, by=cast.colleague)
    assert discussion.discussion_seat(cast.colleague, room.cohort.public_id) is None
    assert post in list(discussion.posts_visible(room.seat(cast.educator)))


def test_the_notify_choice_is_one_of_three(cast: Cast, room: Room) -> None:
    seat = room.seat(cast.educator)
    assert discussion.membership_notify_set(seat=seat, notify="digest").notify == "digest"
    with pytest.raises(CommunityError):
        discussion.membership_notify_set(seat=seat, notify="hourly")
