"""A cohort's discussion: who sees it, threads and posts, mentions, and moderation.

Only the cohort's active members and facilitators see or post (everyone else, including people
who left, gets a 404 from the pages and the API). Facilitators moderate: they pin, lock and hide
threads, hide posts, and resolve members' reports; what they hid stays visible to them, marked.
Attachments: community/attachments.py. Mention emails: community/mention_emails.py.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from common.tasks import enqueue_on_commit
from credentials.models import MicroCredential, StackItem

from . import attachments, tasks
from .markdown import first_line_title
from .models import Cohort, CohortMembership, Mention, Post, PostAttachment, PostReport, Thread
from .selectors import active_membership
from .services import CommunityError

MAX_BODY_CHARS = 20_000
RECENT_THREADS = 5
LOCKED = "This thread is locked: a facilitator closed it to new posts."
EMPTY_BODY = "Write something before posting."


@dataclass(frozen=True)
class Seat:
    """Where the viewer sits in the cohort whose discussion they opened."""

    cohort: Cohort
    membership: CohortMembership

    @property
    def facilitates(self) -> bool:
        return self.membership.role == CohortMembership.Role.FACILITATOR


# --------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------


def discussion_seat(user: User, cohort_id: UUID | str) -> Seat | None:
    """The cohort and the viewer's active membership; None (answer 404) for everyone else,
    including the organization's admins who are not in the cohort and people who left."""
    cohort = Cohort.objects.filter(public_id=cohort_id).first()
    if cohort is None:
        return None
    membership = active_membership(user, cohort)
    return Seat(cohort, membership) if membership is not None else None


def threads_visible(seat: Seat) -> QuerySet[Thread]:
    """The cohort's threads, pinned first then the latest activity, with their authors,
    micro-credentials and post counts; hidden ones only for facilitators."""
    threads = Thread.objects.filter(cohort=seat.cohort)
    if not seat.facilitates:
        threads = threads.filter(hidden_at__isnull=True)
    visible_posts = Q() if seat.facilitates else Q(posts__hidden_at__isnull=True)
    return (
        threads.select_related("author", "micro_credential__published_version")
        .annotate(post_count=Count("posts", filter=visible_posts))
        .order_by("-pinned", "-last_post_at", "-pk")
    )


def recent_threads(seat: Seat) -> list[Thread]:
    """The few threads with the latest activity (the cohort page's panel)."""
    return list(threads_visible(seat).order_by("-last_post_at")[:RECENT_THREADS])


def thread_visible(seat: Seat, thread_id: UUID | str) -> Thread | None:
    return threads_visible(seat).filter(public_id=thread_id).first()


def posts_visible(seat: Seat, *, thread: Thread | None = None) -> QuerySet[Post]:
    """Posts of visible threads (of one thread when given), oldest first, with what a page
    shows of each; hidden posts only for facilitators."""
    posts = Post.objects.filter(thread__cohort=seat.cohort)
    if thread is not None:
        posts = posts.filter(thread=thread)
    if not seat.facilitates:
        posts = posts.filter(hidden_at__isnull=True, thread__hidden_at__isnull=True)
    return posts.select_related("author", "thread", "reply_to__author").prefetch_related(
        Prefetch("attachments", queryset=PostAttachment.objects.order_by("created_at", "pk"))
    )


def open_reports(seat: Seat) -> list[PostReport]:
    """Unresolved reports on the cohort's posts, for its facilitators (empty for members)."""
    if not seat.facilitates:
        return []
    return list(
        PostReport.objects.filter(post__thread__cohort=seat.cohort, resolved_at__isnull=True)
        .select_related("post__thread", "post__author", "reporter")
        .order_by("created_at")
    )


def reported_by(seat: Seat, posts: Sequence[Post]) -> set[int]:
    """Which of `posts` the viewer has reported already (their button says so)."""
    return set(
        PostReport.objects.filter(post__in=posts, reporter=seat.membership.user_id).values_list(
            "post_id", flat=True
        )
    )


def cohort_people(cohort: Cohort) -> list[User]:
    """Everyone active in the cohort: who may be mentioned."""
    return list(
        User.objects.filter(
            cohort_memberships__cohort=cohort,
            cohort_memberships__status=CohortMembership.Status.ACTIVE,
            is_active=True,
        ).order_by("display_name", "email")
    )


# --------------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------------

MENTION_END = r"(?![\w@.-]*\w)"  # the name ends here: not the start of a longer word or address


def mentioned_people(body: str, people: Sequence[User], *, author: User) -> list[User]:
    """The people of the cohort that `body` names as @email, @Full Name, or @First (when only
    one person in the cohort has that first name). The author never mentions themselves."""
    first_names: dict[str, list[User]] = {}
    for person in people:
        first_names.setdefault(person.get_short_name().casefold(), []).append(person)
    found = []
    for person in people:
        names = {person.email}
        if person.display_name:
            names.add(person.display_name)
            if len(first_names[person.get_short_name().casefold()]) == 1:
                names.add(person.get_short_name())
        pattern = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        if re.search(rf"(?<![\w@])@(?:{pattern}){MENTION_END}", body, re.IGNORECASE):
            found.append(person)
    return [person for person in found if person.pk != author.pk]


def _notify(post: Post, people: Sequence[User]) -> None:
    """Record the mentions, and email at once those who asked for an email each time."""
    post.mentions.set(people)
    Mention.objects.bulk_create([Mention(post=post, person=person) for person in people])
    each = CohortMembership.objects.filter(
        cohort=post.thread.cohort,
        user__in=people,
        status=CohortMembership.Status.ACTIVE,
        notify=CohortMembership.Notify.EACH,
    ).values_list("user_id", flat=True)
    for mention in Mention.objects.filter(post=post, person_id__in=list(each)):
        enqueue_on_commit(tasks.mention_email_send_task, mention.pk)


def mentions_mark_seen(*, seat: Seat, thread: Thread) -> int:
    """The viewer has read the thread: its mentions of them need no digest."""
    return Mention.objects.filter(
        person_id=seat.membership.user_id, post__thread=thread, seen_at__isnull=True
    ).update(seen_at=timezone.now())


# --------------------------------------------------------------------------------------------
# Posting
# --------------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommunityError(EMPTY_BODY)
    if len(body) > MAX_BODY_CHARS:
        raise CommunityError(f"A post holds at most {MAX_BODY_CHARS:,} characters.")
    return body


def _create_post(
    *,
    seat: Seat,
    thread: Thread,
    body: str,
    reply_to: Post | None,
    files: Sequence[UploadedFile],
) -> Post:
    """The post, its attachments (checked and stored first) and its mentions, in one commit."""
    people = mentioned_people(body, cohort_people(seat.cohort), author=seat.membership.user)
    stored = attachments.attachments_store(files)  # refuses a wrong file before any row
    post = Post.objects.create(thread=thread, author=seat.membership.user, body=body)
    if reply_to is not None:
        post.reply_to = reply_to
        post.save(update_fields=["reply_to"])
    PostAttachment.objects.bulk_create([attachment.row(post) for attachment in stored])
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    _notify(post, people)
    return post


def thread_start(
    *,
    seat: Seat,
    body: str,
    title: str = "",
    micro_credential: MicroCredential | None = None,
    files: Sequence[UploadedFile] = (),
) -> Post:
    """A new thread (general, or about one of the cohort's micro-credentials) and its first
    post. Without a title, the first line of the post is the title."""
    body = _clean_body(body)
    if (
        micro_credential is not None
        and not cohort_credentials(seat.cohort).filter(pk=micro_credential.pk).exists()
    ):
        raise CommunityError("Choose one of this cohort's micro-credentials, or none.")
    title = (title or "").strip()[:200] or first_line_title(body)
    with transaction.atomic():
        thread = Thread.objects.create(
            cohort=seat.cohort,
            title=title,
            micro_credential=micro_credential,
            author=seat.membership.user,
        )
        return _create_post(seat=seat, thread=thread, body=body, reply_to=None, files=files)


def post_reply(
    *,
    seat: Seat,
    thread: Thread,
    body: str,
    reply_to: Post | None = None,
    files: Sequence[UploadedFile] = (),
) -> Post:
    """A reply in `thread` (to one of its posts when `reply_to` is given). A locked thread
    takes no new posts, whoever asks."""
    body = _clean_body(body)
    if thread.cohort_id != seat.cohort.pk:
        raise CommunityError("This thread is not in this cohort.")
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise CommunityError("You can reply only to a post of the same thread.")
    with transaction.atomic():
        locked = (
            Thread.objects.select_for_update()
            .filter(pk=thread.pk)
            .values_list("locked", "hidden_at")
        )
        is_locked, hidden_at = locked.get()
        if is_locked:
            raise CommunityError(LOCKED)
        if hidden_at is not None and not seat.facilitates:
            raise CommunityError("This thread was hidden by a facilitator.")
        return _create_post(seat=seat, thread=thread, body=body, reply_to=reply_to, files=files)


def cohort_credentials(cohort: Cohort) -> QuerySet[MicroCredential]:
    """The cohort's micro-credentials: those chosen one by one and those of its stack."""
    chosen = Q(cohorts=cohort)
    if cohort.stack_id:
        chosen |= Q(pk__in=StackItem.objects.filter(stack_id=cohort.stack_id).values("credential"))
    return (
        MicroCredential.objects.filter(chosen)
        .select_related("published_version")
        .distinct()
        .order_by("published_version__title", "slug")
    )


def membership_notify_set(*, seat: Seat, notify: str) -> CohortMembership:
    """How mentions reach this member: each, digest or none."""
    if notify not in CohortMembership.Notify.values:
        raise CommunityError("Choose how you want to hear about mentions.")
    membership = seat.membership
    CohortMembership.objects.filter(pk=membership.pk).update(notify=notify)
    membership.notify = notify
    return membership


# --------------------------------------------------------------------------------------------
# Moderation and reports
# --------------------------------------------------------------------------------------------

THREAD_ACTIONS: dict[str, dict[str, object]] = {
    "pin": {"pinned": True},
    "unpin": {"pinned": False},
    "lock": {"locked": True},
    "unlock": {"locked": False},
}


def _facilitator_only(seat: Seat) -> None:
    if not seat.facilitates:
        raise CommunityError("Only the cohort's facilitators moderate its discussion.")


def thread_moderate(*, seat: Seat, thread: Thread, action: str) -> Thread:
    """A facilitator pins, unpins, locks, unlocks, hides or unhides a thread."""
    _facilitator_only(seat)
    if action in THREAD_ACTIONS:
        changes = THREAD_ACTIONS[action]
    elif action in ("hide", "unhide"):
        changes = {"hidden_at": timezone.now() if action == "hide" else None}
    else:
        raise CommunityError("Unknown moderation action.")
    Thread.objects.filter(pk=thread.pk, cohort=seat.cohort).update(**changes)
    thread.refresh_from_db()
    return thread


def post_moderate(*, seat: Seat, post: Post, hide: bool) -> Post:
    """A facilitator hides a post from members (or shows it again)."""
    _facilitator_only(seat)
    if hide:
        changes = {"hidden_at": timezone.now(), "hidden_by": seat.membership.user}
    else:
        changes = {"hidden_at": None, "hidden_by": None}
    Post.objects.filter(pk=post.pk, thread__cohort=seat.cohort).update(**changes)
    post.refresh_from_db()
    return post


def post_report(*, seat: Seat, post: Post, reason: str = "") -> PostReport:
    """A member reports a post to the facilitators; once per person and post."""
    if post.author_id == seat.membership.user_id:
        raise CommunityError("You cannot report your own post.")
    try:
        with transaction.atomic():
            return PostReport.objects.create(
                post=post, reporter=seat.membership.user, reason=(reason or "").strip()[:2000]
            )
    except IntegrityError:
        raise CommunityError("You have already reported this post.") from None


def report_resolve(*, seat: Seat, report: PostReport) -> PostReport:
    """A facilitator has dealt with a report (hidden the post, or found it fine)."""
    _facilitator_only(seat)
    PostReport.objects.filter(
        pk=report.pk, post__thread__cohort=seat.cohort, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())
    report.refresh_from_db()
    return report
