"""Every state change of reviews: designations, claims, scores and decisions (emails: emails.py).

Claims and decisions lock the submission row first (then the review), always in that order,
so concurrent claims, completions, releases and the expiry job serialize per submission.
Submissions move only through `submissions.services` (claimed, released, decided).
"""

import hashlib
import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from common.events import REVIEW_COMPLETED, SUBMISSION_PASSED, emit
from common.tasks import enqueue_on_commit
from credentials.models import (
    EvidenceRequirement,
    MicroCredential,
    MicroCredentialVersion,
    RubricCriterion,
    RubricLevel,
)
from credentials.selectors import version_with_content
from organizations.models import Organization, Role
from organizations.services import membership_grant
from submissions import services as submission_services
from submissions.event_data import submission_event_data
from submissions.models import Artifact, Submission

from . import selectors
from .models import (
    CriterionScore,
    Review,
    ReviewComment,
    ReviewerDesignation,
    ReviewerPreference,
    ReviewEvent,
    ReviewPolicy,
)

logger = logging.getLogger(__name__)
Stage = Review.Kind
FEEDBACK_REQUIRED = "Write feedback: it is required when a criterion is below a passing level."


class ReviewError(Exception):
    """A request the review's state does not allow; the message is for the person."""


class NotClaimable(ReviewError):
    """Not waiting for review, or not for this user (callers answer 404)."""


class AlreadyClaimed(ReviewError):
    """Someone else holds the claim (callers answer 409)."""


class ClaimNotHeld(ReviewError):
    """The claim was released, expired or completed, or belongs to someone else."""


@dataclass
class ReviewIncomplete(ReviewError):
    """Completion refused: criterion public_id -> what is missing, in words."""

    problems: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "Some criteria are not complete yet."


@dataclass(frozen=True)
class ScoreInput:
    """A level (None: not chosen) and feedback for one criterion."""

    criterion: RubricCriterion
    level: RubricLevel | None
    feedback: str = ""


# --------------------------------------------------------------------------------------------
# Designations and preferences
# --------------------------------------------------------------------------------------------


def reviewer_designate(
    *, reviewer: User, credential: MicroCredential, by: User | None
) -> ReviewerDesignation:
    """Qualify `reviewer` for `credential` (idempotent)."""
    designation, _ = ReviewerDesignation.objects.get_or_create(
        reviewer=reviewer, credential=credential, defaults={"designated_by": by}
    )
    return designation


@transaction.atomic
def reviewer_designate_for_all(
    *, reviewer: User, issuer: Organization, by: User | None = None
) -> int:
    """Make `reviewer` a reviewer of `issuer` qualified for every one of its micro-credentials
    (the demo reviewer). Idempotent; returns how many designations were new."""
    membership_grant(user=reviewer, organization=issuer, role=Role.REVIEWER)
    existing = set(
        ReviewerDesignation.objects.filter(
            reviewer=reviewer, credential__issuer=issuer
        ).values_list("credential_id", flat=True)
    )
    missing = MicroCredential.objects.filter(issuer=issuer).exclude(pk__in=existing)
    created = ReviewerDesignation.objects.bulk_create(
        [ReviewerDesignation(reviewer=reviewer, credential=c, designated_by=by) for c in missing],
        ignore_conflicts=True,
    )
    return len(created)


def reviewer_preference_set(*, reviewer: User, daily_digest: bool) -> ReviewerPreference:
    preference, _ = ReviewerPreference.objects.update_or_create(
        reviewer=reviewer, defaults={"daily_digest": daily_digest}
    )
    return preference


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------


def _event(
    review: Review, action: str, by: User | None, from_status: str = "", note: str = ""
) -> None:
    ReviewEvent.objects.create(
        review=review,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=review.status,
        note=note,
    )


def _lock_submission(submission_id: int) -> Submission:
    return Submission.objects.select_for_update().select_related("credential").get(pk=submission_id)


@transaction.atomic
def review_claim(*, submission: Submission, reviewer: User) -> Review:
    """Claim a waiting submission for `claim_hours`. Exactly one of concurrent claimers wins;
    the others get AlreadyClaimed. Claiming what one already holds returns that claim."""
    submission = _lock_submission(submission.pk)
    active = Review.objects.filter(submission=submission, status=Review.Status.ACTIVE).first()
    if active is not None and active.claim_expires_at <= timezone.now():
        # Expired but not swept yet: it must not block anyone; end it as the sweeper would.
        _end_claim(
            active,
            to_status=Review.Status.EXPIRED,
            action=ReviewEvent.Action.EXPIRED,
            by=None,
            note="claim expired",
        )
        submission, active = _lock_submission(submission.pk), None
    stage = selectors.submission_review_stage(submission)
    if stage is None or not selectors.user_may_review(
        user=reviewer, submission=submission, stage=stage
    ):
        raise NotClaimable("This submission is not waiting for your review.")
    if active is not None:
        if active.reviewer_id == reviewer.pk:
            return active
        raise AlreadyClaimed("Another reviewer has already claimed this submission.")
    members = _team_members_to_claim(submission, reviewer, stage)
    policy = selectors.policy_for_issuer(submission.credential.issuer_id)
    now = timezone.now()
    expires = now + timedelta(hours=policy.claim_hours)
    review = _claim_one(submission, reviewer, stage, now, expires)
    for member in members:
        _claim_one(member, reviewer, stage, now, expires)
    return review


def _claim_one(
    submission: Submission, reviewer: User, stage: str, now: datetime, expires: datetime
) -> Review:
    try:
        with transaction.atomic():  # the constraint is the last word if the lock was bypassed
            review = Review.objects.create(
                submission=submission,
                reviewer=reviewer,
                kind=stage,
                claimed_at=now,
                claim_expires_at=expires,
            )
    except IntegrityError as error:
        raise AlreadyClaimed("Another reviewer has already claimed this submission.") from error
    _event(review, ReviewEvent.Action.CLAIMED, reviewer, note=stage)
    if stage == Stage.FIRST:
        if submission.status == Submission.Status.SUBMITTED:
            submission_services.submission_claimed(submission=submission, by=reviewer)
        _after_commit("review_email_claimed_task", review.pk)
    return review


def _is_team_lead_attempt(submission: Submission) -> bool:
    return submission.team is not None and submission.team.lead_id == submission.educator_id


def _team_members_to_claim(submission: Submission, reviewer: User, stage: str) -> list[Submission]:
    """A team is claimed as one (ADR 0032), through its lead's submission: the other members'
    submissions, locked after the lead's (in primary-key order), each one the reviewer may
    review; NotClaimable when the reviewer may not review every member."""
    if submission.team_id is None:
        return []
    if not _is_team_lead_attempt(submission):
        raise NotClaimable("A team is reviewed as one: claim it from the queue.")
    members = list(
        Submission.objects.select_for_update()
        .filter(team_id=submission.team_id, status=Submission.Status.SUBMITTED)
        .exclude(pk=submission.pk)
        .order_by("pk")
    )
    for member in members:
        if not selectors.user_may_review(user=reviewer, submission=member, stage=stage):
            raise NotClaimable("This team includes someone you may not review.")
    return members


def _end_claim(review: Review, *, to_status: str, action: str, by: User | None, note: str) -> bool:
    """End an active claim (released or expired); a first-stage claim puts the submission
    back in the queue. Returns False when the claim had already ended. A team's claim (on its
    lead's submission) ends the claims on its members' submissions with it (ADR 0032)."""
    ended = _end_one_claim(review, to_status=to_status, action=action, by=by, note=note)
    submission = review.submission
    if ended and _is_team_lead_attempt(submission):
        siblings = Review.objects.filter(
            submission__team=submission.team,
            reviewer_id=review.reviewer_id,
            status=Review.Status.ACTIVE,
        ).exclude(pk=review.pk)
        for sibling in siblings.order_by("submission_id"):
            _end_one_claim(sibling, to_status=to_status, action=action, by=by, note=note)
    return ended


def _end_one_claim(
    review: Review, *, to_status: str, action: str, by: User | None, note: str
) -> bool:
    submission = _lock_submission(review.submission_id)
    ended = Review.objects.filter(pk=review.pk, status=Review.Status.ACTIVE).update(
        status=to_status, updated_at=timezone.now()
    )
    if ended != 1:
        return False
    review.refresh_from_db()
    _event(review, action, by, from_status=Review.Status.ACTIVE, note=note)
    if review.kind == Stage.FIRST and submission.status == Submission.Status.IN_REVIEW:
        submission_services.submission_released(submission=submission, by=by, note=note)
    return True


@transaction.atomic
def review_release(*, review: Review, by: User) -> Review:
    """The reviewer gives the submission back to the queue (draft scores are kept for audit)."""
    if review.reviewer_id != by.pk or review.status != Review.Status.ACTIVE:
        raise ClaimNotHeld("You do not hold this claim any more.")
    _end_claim(
        review,
        to_status=Review.Status.RELEASED,
        action=ReviewEvent.Action.RELEASED,
        by=by,
        note="released by the reviewer",
    )
    review.refresh_from_db()
    return review


def review_claims_expire(*, now: datetime | None = None) -> list[int]:
    """Periodic: claims past their expiry go back to the queue. Idempotent; returns the pks."""
    now = now or timezone.now()
    expired: list[int] = []
    due = Review.objects.filter(status=Review.Status.ACTIVE, claim_expires_at__lte=now)
    for review in due.order_by("claim_expires_at"):
        with transaction.atomic():
            if _end_claim(
                review,
                to_status=Review.Status.EXPIRED,
                action=ReviewEvent.Action.EXPIRED,
                by=None,
                note="claim expired",
            ):
                expired.append(review.pk)
    return expired


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def _check_holder(review: Review, by: User) -> None:
    if (
        review.reviewer_id != by.pk
        or review.status != Review.Status.ACTIVE
        or review.claim_expires_at <= timezone.now()
    ):
        raise ClaimNotHeld(
            "This claim has ended (released, expired or completed); claim the submission again "
            "from the queue if it is still waiting."
        )


def _locked_review(review: Review, by: User) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    _check_holder(locked, by)
    return locked


@transaction.atomic
def review_score_save(
    *,
    review: Review,
    criterion: RubricCriterion,
    level: RubricLevel | None,
    feedback: str,
    by: User,
) -> None:
    """Autosave one criterion's draft level and feedback (the scoring page's most frequent
    write: one UPDATE, or an INSERT the first time)."""
    locked = _locked_review(review, by)
    # A submission's version never changes: the caller's review row (with its submission
    # loaded) answers, without reading the submission again after the lock.
    if criterion.version_id != review.submission.version_id:
        raise ReviewError("That criterion is not part of this submission's rubric.")
    if level is not None and level.criterion_id != criterion.pk:
        raise ReviewError("Choose one of this criterion's levels.")
    # Every writer of a review's scores holds the review's row lock (_locked_review), so the
    # update-then-insert cannot race another save of the same score.
    updated = CriterionScore.objects.filter(review=locked, criterion=criterion).update(
        level=level, feedback=feedback, updated_at=timezone.now()
    )
    if not updated:
        CriterionScore.objects.create(
            review=locked, criterion=criterion, level=level, feedback=feedback
        )


@transaction.atomic
def review_feedback_save(*, review: Review, feedback: str, by: User) -> Review:
    """Autosave the overall feedback."""
    review = _locked_review(review, by)
    review.feedback = feedback
    review.save(update_fields=["feedback", "updated_at"])
    return review


@transaction.atomic
def review_draft_save(
    *, review: Review, scores: list[ScoreInput], feedback: str, by: User
) -> Review:
    """Save every criterion's draft and the overall feedback at once (the page's form post)."""
    review = _locked_review(review, by)
    for score in scores:
        if score.criterion.version_id != review.submission.version_id:
            raise ReviewError("That criterion is not part of this submission's rubric.")
        CriterionScore.objects.update_or_create(
            review=review,
            criterion=score.criterion,
            defaults={"level": score.level, "feedback": score.feedback},
        )
    review.feedback = feedback
    review.save(update_fields=["feedback", "updated_at"])
    return review


@transaction.atomic
def review_comment_add(
    *,
    review: Review,
    requirement: EvidenceRequirement,
    text: str,
    by: User,
    artifact: Artifact | None = None,
    time_seconds: float | None = None,
) -> ReviewComment:
    """A comment on a requirement, or on a moment (seconds) of one of its media artifacts."""
    review = _locked_review(review, by)
    if requirement.version_id != review.submission.version_id:
        raise ReviewError("That requirement is not part of this submission.")
    if artifact is not None and (
        artifact.submission_id != review.submission_id or artifact.requirement_id != requirement.pk
    ):
        raise ReviewError("That file is not part of this requirement.")
    if time_seconds is not None and (artifact is None or time_seconds < 0):
        raise ReviewError("A time code needs the recording it points into.")
    if time_seconds is not None and not math.isfinite(time_seconds):
        raise ReviewError("A time code is a finite number of seconds.")
    if not text.strip():
        raise ReviewError("Write the comment.")
    return ReviewComment.objects.create(
        review=review,
        requirement=requirement,
        artifact=artifact,
        time_seconds=time_seconds,
        text=text.strip(),
    )


@transaction.atomic
def review_comment_delete(*, comment: ReviewComment, by: User) -> None:
    _locked_review(comment.review, by)
    ReviewComment.objects.filter(pk=comment.pk).delete()


def score_problems(version: MicroCredentialVersion, scores: list[ScoreInput]) -> dict[str, str]:
    """Criterion public_id -> what keeps the scoring from being complete (empty when ready).

    Every criterion needs one of its levels, and feedback when that level is not passing.
    """
    given = {s.criterion.pk: s for s in scores}
    problems: dict[str, str] = {}
    for criterion in version.criteria.all():
        problem = _score_problem(criterion, given.get(criterion.pk))
        if problem:
            problems[str(criterion.public_id)] = problem
    return problems


def _score_problem(criterion: RubricCriterion, score: ScoreInput | None) -> str:
    if score is None or score.level is None:
        return "Choose a level."
    if score.level.criterion_id != criterion.pk:
        return "Choose one of this criterion's levels."
    if not score.level.passing and not score.feedback.strip():
        return FEEDBACK_REQUIRED
    return ""


def decision_for(scores: list[ScoreInput]) -> str:
    """The rubric rule: passed only when every criterion is at a passing level."""
    passed = bool(scores) and all(s.level is not None and s.level.passing for s in scores)
    return Review.Decision.PASSED if passed else Review.Decision.NOT_YET


def saved_scores(review: Review, version: MicroCredentialVersion) -> list[ScoreInput]:
    """The review's draft scores as inputs, one per criterion (missing ones without a level)."""
    drafts = selectors.draft_scores(review)
    result = []
    for criterion in version.criteria.all():
        draft = drafts.get(criterion.pk)
        result.append(
            ScoreInput(criterion, draft.level if draft else None, draft.feedback if draft else "")
        )
    return result


@transaction.atomic
def review_complete(*, review: Review, by: User, scores: list[ScoreInput], feedback: str) -> Review:
    """Record the scores and the decision, then move the submission on: to a second review
    (sampled share), to adjudication (disagreement), or to the educator (the decision).

    Raises ReviewIncomplete naming each criterion that lacks a level or required feedback.
    """
    submission = _lock_submission(review.submission_id)
    if submission.team_id is not None:
        raise ReviewError(
            "A team is reviewed as one: score its shared criteria once and each member's own."
        )
    review = _locked_review(review, by)
    version = version_with_content(submission.version_id)
    problems = score_problems(version, scores)
    if problems:
        raise ReviewIncomplete(problems)
    _record_completion(review, submission, by, scores, feedback)
    return review


def _record_completion(
    review: Review, submission: Submission, by: User, scores: list[ScoreInput], feedback: str
) -> None:
    """Store the final scores and the decision, then move the submission on."""
    for score in scores:
        CriterionScore.objects.update_or_create(
            review=review,
            criterion=score.criterion,
            defaults={"level": score.level, "feedback": score.feedback.strip()},
        )
    review.status = Review.Status.COMPLETED
    review.decision = decision_for(scores)
    review.feedback = feedback.strip()
    review.completed_at = timezone.now()
    review.save(update_fields=["status", "decision", "feedback", "completed_at", "updated_at"])
    _event(review, ReviewEvent.Action.COMPLETED, by, Review.Status.ACTIVE, note=review.decision)
    _next_stage(review, submission, by)


# --------------------------------------------------------------------------------------------
# Teams (ADR 0032): one claim over every member's submission, scored together
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamReview:
    """A team's claim: the lead's review and submission, and each member's (lead first)."""

    lead: Review
    members: list[tuple[Submission, Review]]


def team_review_parts(review: Review) -> TeamReview:
    """The held reviews of a team whose lead's review is `review` (lead first, then the others
    in primary-key order). Raises ReviewError when it is not a team's lead's review."""
    submission = review.submission
    if not _is_team_lead_attempt(submission):
        raise ReviewError("This is not a team's review.")
    held = (
        Review.objects.filter(
            submission__team=submission.team,
            reviewer_id=review.reviewer_id,
            status=Review.Status.ACTIVE,
            kind=review.kind,
        )
        .select_related("submission__educator")
        .order_by("submission_id")
    )
    others = [(r.submission, r) for r in held if r.pk != review.pk]
    return TeamReview(lead=review, members=[(submission, review), *others])


def team_score_problems(
    version: MicroCredentialVersion,
    members: list[Submission],
    shared: list[ScoreInput],
    individual: dict[int, list[ScoreInput]],
) -> dict[str, str]:
    """What keeps a team's scoring from being complete: shared criteria by criterion id, each
    member's own by `<criterion id>:<member's submission id>`."""
    problems: dict[str, str] = {}
    shared_given = {s.criterion.pk: s for s in shared}
    for criterion in version.criteria.all():
        if criterion.is_shared:
            problem = _score_problem(criterion, shared_given.get(criterion.pk))
            if problem:
                problems[str(criterion.public_id)] = problem
            continue
        for member in members:
            given = {s.criterion.pk: s for s in individual.get(member.pk, [])}
            problem = _score_problem(criterion, given.get(criterion.pk))
            if problem:
                problems[f"{criterion.public_id}:{member.public_id}"] = problem
    return problems


def member_scores(
    version: MicroCredentialVersion, shared: list[ScoreInput], own: list[ScoreInput]
) -> list[ScoreInput]:
    """One member's full scoring: the shared criteria's scores and their own, in rubric order."""
    shared_given = {s.criterion.pk: s for s in shared}
    own_given = {s.criterion.pk: s for s in own}
    result = []
    for criterion in version.criteria.all():
        given = shared_given if criterion.is_shared else own_given
        score = given.get(criterion.pk)
        result.append(score or ScoreInput(criterion, None, ""))
    return result


@transaction.atomic
def review_team_complete(
    *,
    review: Review,
    by: User,
    shared: list[ScoreInput],
    individual: dict[int, list[ScoreInput]],
    feedback: str,
) -> list[Review]:
    """Complete a team's review: shared criteria are scored once, the others per member
    (`individual`: member's submission pk -> scores). Each member's submission is decided on
    the shared scores and their own (passed only when all are passing), told with the same
    overall feedback, and a pass requests that member's badge. Raises ReviewIncomplete naming
    each gap. Returns each member's completed review, the lead's first."""
    lead = _lock_submission(review.submission_id)
    parts = team_review_parts(Review.objects.select_related("submission__team").get(pk=review.pk))
    locked = {
        s.pk: s
        for s in Submission.objects.select_for_update()
        .filter(pk__in=[s.pk for s, _r in parts.members])
        .order_by("pk")
    }
    reviews = [(locked[s.pk], _locked_review(r, by)) for s, r in parts.members]
    version = version_with_content(lead.version_id)
    members = [s for s, _r in reviews]
    problems = team_score_problems(version, members, shared, individual)
    if problems:
        raise ReviewIncomplete(problems)
    for submission, member_review in reviews:
        scores = member_scores(version, shared, individual.get(submission.pk, []))
        _record_completion(member_review, submission, by, scores, feedback)
    return [r for _s, r in reviews]


def _next_stage(review: Review, submission: Submission, by: User) -> None:
    if review.kind == Stage.FIRST:
        if _needs_second_review(submission, first_reviewer=by):
            review.second_review_required = True
            review.save(update_fields=["second_review_required", "updated_at"])
            _event(review, ReviewEvent.Action.SECOND_REVIEW_REQUIRED, by)
        else:
            _release_decision(review, submission, by)
        return
    if review.kind == Stage.SECOND:
        first = Review.objects.get(
            submission=submission, kind=Stage.FIRST, status=Review.Status.COMPLETED
        )
        review.agrees_with_first = first.decision == review.decision
        review.save(update_fields=["agrees_with_first", "updated_at"])
        if review.agrees_with_first:
            _release_decision(first, submission, by)
        else:
            _event(review, ReviewEvent.Action.ADJUDICATION_REQUIRED, by)
            _after_commit("review_email_adjudication_task", review.pk)
        return
    _release_decision(review, submission, by)  # an adjudication is final


def _release_decision(review: Review, submission: Submission, by: User) -> None:
    """Tell the educator: the submission is decided; a pass is announced in the same
    transaction, and badges requests the badge (its issuing task runs once this commits)."""
    submission_services.submission_decided(submission=submission, passed=review.passed, by=by)
    _event(review, ReviewEvent.Action.DECISION_RELEASED, by, note=review.decision)
    emit(
        REVIEW_COMPLETED, educator_id=submission.educator_id, data=submission_event_data(submission)
    )
    if review.passed:
        emit(SUBMISSION_PASSED, submission_id=submission.pk)
    _after_commit("review_email_decision_task", review.pk)


def second_review_sampled(submission: Submission, rate: float) -> bool:
    """Whether this submission falls in the share that gets a second review. Derived from its
    random public id: unpredictable to reviewers, yet the same answer every time it is asked."""
    digest = hashlib.sha256(str(submission.public_id).encode()).hexdigest()
    return int(digest[:8], 16) / 2**32 < rate


def _needs_second_review(submission: Submission, *, first_reviewer: User) -> bool:
    if submission.team_id is not None:
        return False  # a team's decisions are not sampled for a second review (ADR 0032)
    policy = selectors.policy_for_issuer(submission.credential.issuer_id)
    if not second_review_sampled(submission, float(policy.second_review_rate)):
        return False
    # A second review nobody could ever do would hold the decision forever: skip it then.
    return _another_reviewer_exists(submission, excluding=first_reviewer)


def _another_reviewer_exists(submission: Submission, *, excluding: User) -> bool:
    credential = submission.credential
    candidates = (
        User.objects.filter(
            is_active=True,
            memberships__organization_id=credential.issuer_id,
            memberships__role=Role.REVIEWER,
            memberships__is_active=True,
        )
        .filter(
            Q(review_designations__credential=credential)
            | Q(submissions__credential=credential, submissions__status=Submission.Status.PASSED)
        )
        .exclude(pk__in=[excluding.pk, submission.educator_id])
        .distinct()
    )
    policy = selectors.policy_for_issuer(credential.issuer_id)
    if policy.conflict_of_interest:
        paths = selectors.district_paths(submission.educator)
        if paths:
            candidates = candidates.exclude(selectors._in_districts(paths, user_ref="pk"))
    return candidates.exists()


def _after_commit(task_name: str, review_id: int) -> None:
    """Enqueue an email task once the transaction commits (a worker never sees less)."""
    from . import tasks  # tasks import the email services; imported here to avoid a loop

    task = getattr(tasks, task_name)
    enqueue_on_commit(task, review_id)


# --------------------------------------------------------------------------------------------
# Reviewer administration (issuer staff, through the API)
# --------------------------------------------------------------------------------------------


def reviewer_designation_remove(*, reviewer: User, credential: MicroCredential) -> bool:
    """Withdraw `reviewer`'s qualification for `credential`; True when there was one. A claim
    the reviewer holds runs on: it ends as every claim does (completed, released, expired)."""
    deleted, _ = ReviewerDesignation.objects.filter(
        reviewer=reviewer, credential=credential
    ).delete()
    return bool(deleted)


def review_policy_update(*, issuer: Organization, **fields: object) -> ReviewPolicy:
    """Set the issuer's review policy (created with the defaults on its first change). New
    claims and decisions follow it; claims already held keep their expiry."""
    if issuer.kind != Organization.Kind.ISSUER:
        raise ReviewError("Only an issuing organization has a review policy.")
    policy, _ = ReviewPolicy.objects.get_or_create(issuer=issuer)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy
