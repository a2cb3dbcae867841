"""The demo cohort's discussion (demo/data/discussion.json): a few threads and replies in the
Riverside cohort, through community's services. The cohort and its people are seeded with the
rest of the community demo; without them this adds nothing. Idempotent: a thread is found by its
title, and is added (with its replies) only once."""

from typing import Any

from django.db import transaction

from accounts.models import User
from community import discussion
from community.discussion import Seat
from community.markdown import first_line_title
from community.models import Cohort, Post, Thread

from .files import DATA_DIR, read

DISCUSSION_FILE = DATA_DIR / "discussion.json"


def _seat(cohort: Cohort, email: str) -> Seat | None:
    user = User.objects.filter(email=email).first()
    return discussion.discussion_seat(user, cohort.public_id) if user is not None else None


def seed_demo_discussion() -> int:
    """The file's threads that are not there yet. Returns how many were added."""
    data = read(DISCUSSION_FILE)
    cohort = Cohort.objects.filter(name=data["cohort"]).first()
    if cohort is None:
        return 0
    added = 0
    for entry in data["threads"]:
        title = entry["title"] or first_line_title(entry["body"])
        if Thread.objects.filter(cohort=cohort, title=title).exists():
            continue
        with transaction.atomic():
            added += _thread(cohort, entry)
    return added


def _thread(cohort: Cohort, entry: dict[str, Any]) -> int:
    seat = _seat(cohort, entry["author"])
    if seat is None:
        return 0  # the author is not in the cohort (yet): nothing to say
    credential = None
    if entry["micro_credential"]:
        credential = (
            discussion.cohort_credentials(cohort).filter(slug=entry["micro_credential"]).first()
        )
    first = discussion.thread_start(
        seat=seat, body=entry["body"], title=entry["title"], micro_credential=credential
    )
    posts: list[Post] = [first]
    for reply in entry["replies"]:
        replier = _seat(cohort, reply["author"])
        if replier is None:
            continue
        answered = posts[min(reply["reply_to"], len(posts) - 1)]
        posts.append(
            discussion.post_reply(
                seat=replier, thread=first.thread, body=reply["body"], reply_to=answered
            )
        )
    _moderate(cohort, first.thread, entry)
    return 1


def _moderate(cohort: Cohort, thread: Thread, entry: dict[str, Any]) -> None:
    facilitator = next(
        (
            seat
            for membership in cohort.memberships.filter(role="facilitator", status="active")
            if (seat := discussion.discussion_seat(membership.user, cohort.public_id))
        ),
        None,
    )
    if facilitator is None:
        return
    for flag in ("pinned", "locked"):
        if entry[flag]:
            action = "pin" if flag == "pinned" else "lock"
            discussion.thread_moderate(seat=facilitator, thread=thread, action=action)
