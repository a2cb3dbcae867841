"""Mention emails per each person's choice in the cohort: one email at once, a daily digest of
what they have not seen, or nothing; each sent once however often its task runs."""

import pytest
from django.conf import settings

from community import discussion, mention_emails, services
from community.models import CohortMembership, Mention
from community.tasks import mention_digests_send_task, mention_email_send_task
from tests.support.cast import Cast
from tests.support.discussion import Room, make_room

pytestmark = pytest.mark.django_db
Notify = CohortMembership.Notify


@pytest.fixture
def room(cast: Cast) -> Room:
    return make_room(cast)


def _choose(room: Room, person, notify: str) -> None:
    discussion.membership_notify_set(seat=room.seat(person), notify=notify)


def test_each_mention_is_emailed_at_once_with_a_link_to_the_post(
    cast: Cast, room: Room, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post = discussion.thread_start(
            seat=room.seat(cast.educator), body="@James Chen how do you run exit tickets?"
        )
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [cast.colleague.email]
    assert "Maria Lopez mentioned you" in email.subject
    assert "how do you run exit tickets?" in email.body
    assert f"{settings.SITE_URL}/cohorts/{room.cohort.public_id}/discussion/" in email.body
    assert f"#post-{post.public_id}" in email.body
    # A redelivered task sends nothing more.
    mention_email_send_task.delay(Mention.objects.get().pk)
    assert len(mailoutbox) == 1


def test_no_email_for_those_who_chose_none_or_the_digest(
    cast: Cast, room: Room, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _choose(room, cast.colleague, Notify.NONE)
    _choose(room, room.facilitator, Notify.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        discussion.thread_start(seat=room.seat(cast.educator), body="@James Chen @Fran Facil hi")
    assert mailoutbox == []
    assert Mention.objects.count() == 2  # still recorded on the post


def test_the_digest_sends_one_email_of_unseen_mentions_once(
    cast: Cast, room: Room, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _choose(room, cast.colleague, Notify.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        seen = discussion.thread_start(seat=room.seat(cast.educator), body="@James Chen first")
        discussion.thread_start(seat=room.seat(cast.educator), body="@James Chen second")
        discussion.thread_start(seat=room.seat(room.facilitator), body="@james third")
    assert mailoutbox == []
    discussion.mentions_mark_seen(seat=room.seat(cast.colleague), thread=seen.thread)

    mention_digests_send_task.delay()
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [cast.colleague.email]
    assert digest.subject == "2 mentions in your cohort discussions"
    assert "second" in digest.body and "third" in digest.body
    assert "first" not in digest.body

    mention_digests_send_task.delay()  # the same day again, or the next: nothing new to send
    assert len(mailoutbox) == 1
    assert mention_emails.mention_digests_send() == []


def test_no_email_about_a_hidden_post_or_to_someone_who_left(
    cast: Cast, room: Room, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    _choose(room, cast.colleague, Notify.DIGEST)
    post = discussion.thread_start(seat=room.seat(cast.educator), body="@James Chen psst")
    discussion.post_moderate(seat=room.seat(room.facilitator), post=post, hide=True)
    assert mention_emails.mention_digests_send() == []
    discussion.post_moderate(seat=room.seat(room.facilitator), post=post, hide=False)
    services.cohort_leave(membership=room.seat(cast.colleague).membership, by=cast.colleague)
    assert mention_emails.mention_digests_send() == []
    assert mailoutbox == []


def test_the_digest_runs_every_day_on_the_email_queue() -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE["community-mention-digests"]
    assert schedule["task"] == "community.tasks.send_mention_digests"
    assert schedule["schedule"].total_seconds() == 24 * 3600
    routes = settings.CELERY_TASK_ROUTES
    assert routes["community.tasks.send_mention_digests"]["queue"].endswith("email")
    assert routes["community.tasks.send_mention_email"]["queue"].endswith("email")
