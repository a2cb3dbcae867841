"""Critical friends: an educator shares a draft with people of their cohorts, who read it and
comment on a requirement, a criterion or the whole draft (ADR 0028).

The share lasts while the attempt is a draft: submitting it (or withdrawing it) ends every share,
and every read here also checks that the attempt is still a draft. No reviews code reads these
tables, so official reviewers never see peer comments or who helped.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from common.tasks import enqueue_on_commit
from credentials.models import EvidenceRequirement, RubricCriterion
from submissions.models import Submission

from .models import PeerComment, PeerShare
from .selectors import people_sharing_a_cohort_with
from .services import CommunityError
from .tasks import peer_comment_email_task, peer_share_email_task

COMMENT_MAX_CHARS = 5000
MAX_PEOPLE_PER_SHARE = 10


class PeerError(CommunityError):
    """A refused share or comment, with a message for the person who asked."""


# --------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------


def share_candidates(user: User) -> QuerySet[User]:
    """The people a draft may be shared with: everyone active in one of the user's cohorts."""
    return people_sharing_a_cohort_with(user).order_by("display_name", "email")


def open_shares(submission: Submission) -> QuerySet[PeerShare]:
    return (
        PeerShare.objects.filter(submission=submission, ended_at__isnull=True)
        .select_related("person")
        .order_by("created_at")
    )


def is_critical_friend(user: User, submission: Submission) -> bool:
    """True while `user` holds an open share of this draft."""
    if not user.is_authenticated or submission.status != Submission.Status.DRAFT:
        return False
    return PeerShare.objects.filter(
        submission=submission, person=user, ended_at__isnull=True
    ).exists()


def may_read_comments(user: User, submission: Submission) -> bool:
    """The educator (always, their comments stay theirs) and friends holding an open share."""
    if not user.is_authenticated:
        return False
    return submission.educator_id == user.pk or is_critical_friend(user, submission)


def draft_for_friend(user: User, submission_public_id: UUID | str) -> Submission | None:
    """The draft shared with `user`, loaded for its page; None (answer 404) otherwise."""
    submission = (
        Submission.objects.select_related("educator", "version", "credential")
        .filter(public_id=submission_public_id, status=Submission.Status.DRAFT)
        .first()
    )
    if submission is None or not is_critical_friend(user, submission):
        return None
    return submission


def drafts_shared_with(user: User) -> QuerySet[PeerShare]:
    """The drafts shared with `user` that are still drafts, newest first."""
    return (
        PeerShare.objects.filter(
            person=user, ended_at__isnull=True, submission__status=Submission.Status.DRAFT
        )
        .select_related("submission__educator", "submission__version")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class CommentGroup:
    """The comments about one thing: the whole draft, one requirement, or one criterion."""

    anchor: str  # "draft", "requirement" or "criterion"
    title: str
    comments: list[PeerComment]


def comments_on(submission: Submission) -> QuerySet[PeerComment]:
    return (
        PeerComment.objects.filter(submission=submission)
        .select_related("author", "requirement", "criterion")
        .order_by("created_at", "pk")
    )


def comment_groups(comments: Iterable[PeerComment]) -> list[CommentGroup]:
    """Comments grouped by what they are about, in the order they first appeared."""
    groups: dict[tuple[str, int], CommentGroup] = {}
    for comment in comments:
        if comment.requirement is not None:
            key, title = ("requirement", comment.requirement.pk), comment.requirement.title
        elif comment.criterion is not None:
            key, title = ("criterion", comment.criterion.pk), f"Rubric: {comment.criterion.title}"
        else:
            key, title = ("draft", 0), "The whole draft"
        groups.setdefault(key, CommentGroup(key[0], title, [])).comments.append(comment)
    return list(groups.values())


# --------------------------------------------------------------------------------------------
# Changes
# --------------------------------------------------------------------------------------------


def _check_draft_owner(submission: Submission, by: User) -> None:
    if submission.educator_id != by.pk:
        raise PeerError("Only the educator who owns this draft can share it.")
    if submission.status != Submission.Status.DRAFT:
        raise PeerError("Only a draft can be shared; sharing ends when you submit.")


@transaction.atomic
def peer_share(*, submission: Submission, people: Iterable[User], by: User) -> list[PeerShare]:
    """Share the draft with each of `people` (cohort colleagues or facilitators of `by`). People
    who already hold an open share keep it; each new friend gets one email."""
    _check_draft_owner(submission, by)
    people = list({person.pk: person for person in people}.values())
    if not people:
        raise PeerError("Choose at least one person to share your draft with.")
    if len(people) > MAX_PEOPLE_PER_SHARE:
        raise PeerError(f"Share with at most {MAX_PEOPLE_PER_SHARE} people at a time.")
    allowed = set(
        share_candidates(by).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    strangers = [person for person in people if person.pk not in allowed]
    if strangers:
        raise PeerError(
            "You can share a draft only with people in your cohorts: "
            + ", ".join(person.get_full_name() or person.email for person in strangers)
            + "."
        )
    Submission.objects.select_for_update().filter(pk=submission.pk).first()
    already = set(open_shares(submission).values_list("person_id", flat=True))
    created = [
        PeerShare.objects.create(submission=submission, person=person, shared_by=by)
        for person in people
        if person.pk not in already
    ]
    for share in created:
        enqueue_on_commit(peer_share_email_task, share.pk)
    return created


def peer_share_end(*, share: PeerShare, by: User) -> None:
    """The educator stops sharing with one person (their comments stay)."""
    if share.submission.educator_id != by.pk:
        raise PeerError("Only the educator who shared this draft can stop sharing it.")
    PeerShare.objects.filter(pk=share.pk, ended_at__isnull=True).update(ended_at=timezone.now())


def peer_shares_end(*, submission_public_id: str) -> int:
    """Every open share of the attempt ends (it was submitted or withdrawn)."""
    return PeerShare.objects.filter(
        submission__public_id=submission_public_id, ended_at__isnull=True
    ).update(ended_at=timezone.now())


def _anchor(
    submission: Submission, requirement_id: Any, criterion_id: Any
) -> tuple[EvidenceRequirement | None, RubricCriterion | None]:
    if requirement_id and criterion_id:
        raise PeerError("A comment is about one requirement or one criterion, not both.")
    requirement = criterion = None
    if requirement_id:
        requirement = EvidenceRequirement.objects.filter(
            version_id=submission.version_id, public_id=requirement_id
        ).first()
        if requirement is None:
            raise PeerError("That requirement is not part of this micro-credential.")
    if criterion_id:
        criterion = RubricCriterion.objects.filter(
            version_id=submission.version_id, public_id=criterion_id
        ).first()
        if criterion is None:
            raise PeerError("That criterion is not part of this micro-credential's rubric.")
    return requirement, criterion


@transaction.atomic
def peer_comment_add(
    *,
    submission: Submission,
    author: User,
    body: str,
    requirement_id: UUID | str | None = None,
    criterion_id: UUID | str | None = None,
) -> PeerComment:
    """A comment from a critical friend (or the educator's answer) on the shared draft; the
    educator gets an email for a friend's comment."""
    if submission.educator_id != author.pk and not is_critical_friend(author, submission):
        raise PeerError("This draft is not shared with you (or it was submitted).")
    if submission.status != Submission.Status.DRAFT:
        raise PeerError("Comments close when the draft is submitted.")
    text = (body or "").strip()
    if not text:
        raise PeerError("Write a comment first.")
    if len(text) > COMMENT_MAX_CHARS:
        raise PeerError(f"Keep a comment under {COMMENT_MAX_CHARS} characters.")
    requirement, criterion = _anchor(submission, requirement_id, criterion_id)
    comment = PeerComment.objects.create(
        submission=submission,
        author=author,
        body=text,
        requirement=requirement,
        criterion=criterion,
    )
    if author.pk != submission.educator_id:
        enqueue_on_commit(peer_comment_email_task, comment.pk)
    return comment


def user_by_public_ids(ids: Iterable[UUID | str]) -> list[User]:
    return list(User.objects.filter(public_id__in=list(ids)))
