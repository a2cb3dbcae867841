"""Reads about reviews: eligibility, the queue, claims, summaries, turnaround and quality.

Eligibility in one sentence: a user may review a submission when they hold the reviewer role
at the micro-credential's issuing organization, have earned that micro-credential or are
designated for it, it is not their own submission and (unless the issuer turned the policy off)
its educator does not work in the reviewer's district. Adjudication is for the issuer's staff
and platform staff.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from credentials.models import MicroCredential, RubricLevel
from organizations.models import Membership, Organization, Role
from organizations.selectors import organizations_with_role, user_memberships
from submissions.evidence_links import evidence_link
from submissions.models import Artifact, Submission
from submissions.selectors import requirement_rows, submission_for_page

from .models import CriterionScore, Review, ReviewComment, ReviewerDesignation, ReviewPolicy

Stage = Review.Kind
DECIDED = (Submission.Status.PASSED, Submission.Status.NOT_YET)
WAITING = (Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW)
# Turnaround figures look at recent decisions only, so they follow how reviews go now.
TURNAROUND_WINDOW = timedelta(days=180)
TURNAROUND_SAMPLE = 500


# --------------------------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------------------------


def policy_for_issuer(issuer_id: int) -> ReviewPolicy:
    """The issuer's review policy, or the defaults (unsaved) when it never set one."""
    return ReviewPolicy.objects.filter(issuer_id=issuer_id).first() or ReviewPolicy(
        issuer_id=issuer_id
    )


def policies_for_issuers(issuer_ids: Iterable[int]) -> dict[int, ReviewPolicy]:
    ids = set(issuer_ids)
    found = {p.issuer_id: p for p in ReviewPolicy.objects.filter(issuer_id__in=ids)}
    return {pk: found.get(pk) or ReviewPolicy(issuer_id=pk) for pk in ids}


# --------------------------------------------------------------------------------------------
# Eligibility
# --------------------------------------------------------------------------------------------


def reviewer_issuer_ids(user: User) -> list[int]:
    """Issuing organizations where the user holds the reviewer role."""
    return [
        m.organization_id
        for m in user_memberships(user)
        if m.role == Role.REVIEWER and m.organization.kind == Organization.Kind.ISSUER
    ]


def adjudicator_issuer_ids(user: User) -> list[int] | None:
    """Issuers whose disagreements the user settles; None means every issuer (platform staff)."""
    if user.is_authenticated and user.is_staff:
        return None
    return [org.pk for org in organizations_with_role(user, Role.ISSUER_STAFF)]


def is_adjudicator(user: User) -> bool:
    ids = adjudicator_issuer_ids(user)
    return ids is None or bool(ids)


def eligible_credentials(user: User) -> QuerySet[MicroCredential]:
    """Micro-credentials the user may review: earned or designated, at an issuer they review for."""
    earned = Submission.objects.filter(educator=user, status=Submission.Status.PASSED)
    designated = ReviewerDesignation.objects.filter(reviewer=user)
    return MicroCredential.objects.filter(issuer_id__in=reviewer_issuer_ids(user)).filter(
        Q(pk__in=designated.values("credential_id")) | Q(pk__in=earned.values("credential_id"))
    )


def district_paths(user: User) -> list[str]:
    """Materialized paths of the districts the user works in (through any membership)."""
    ancestor_ids: set[int] = set()
    for membership in user_memberships(user):
        if membership.organization.kind == Organization.Kind.ISSUER:
            continue  # issuing organizations sit outside the state > district > school tree
        path = membership.organization.path
        ancestor_ids.update(int(part) for part in path.strip("/").split("/") if part)
    if not ancestor_ids:
        return []
    return list(
        Organization.objects.filter(
            pk__in=ancestor_ids, kind=Organization.Kind.DISTRICT
        ).values_list("path", flat=True)
    )


def _in_districts(paths: Sequence[str], user_ref: str = "educator_id") -> Exists:
    """Whether the row's user (OuterRef `user_ref`) is an active member under those districts."""
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(organization__path__startswith=path)
    return Exists(Membership.objects.filter(under, user=OuterRef(user_ref), is_active=True))


def _without_conflicts(queryset: QuerySet[Submission], user: User) -> QuerySet[Submission]:
    """Drop submissions by educators of the user's own district, where the issuer's policy
    says so (the policy is on unless the issuer turned it off)."""
    paths = district_paths(user)
    if not paths:
        return queryset
    keep = Q(~_in_districts(paths))
    exempt = list(
        ReviewPolicy.objects.filter(conflict_of_interest=False).values_list("issuer_id", flat=True)
    )
    if exempt:
        keep |= Q(credential__issuer_id__in=exempt)
    return queryset.filter(keep)


def _reviewer_scope(user: User) -> QuerySet[Submission]:
    """Every submission the user could review as a first or second reviewer, whatever its state.

    Small lookups (credentials, policies) run first as their own queries, so the queue's query
    stays simple to plan whatever the size of the queue.
    """
    if not user.is_authenticated:
        return Submission.objects.none()
    credential_ids = list(eligible_credentials(user).values_list("pk", flat=True))
    scope = Submission.objects.filter(credential_id__in=credential_ids).exclude(educator=user)
    return _without_conflicts(scope, user)


def _adjudicator_scope(user: User) -> QuerySet[Submission]:
    if not user.is_authenticated:
        return Submission.objects.none()
    issuer_ids = adjudicator_issuer_ids(user)
    scope = Submission.objects.exclude(educator=user)
    if issuer_ids is not None:
        scope = scope.filter(credential__issuer_id__in=issuer_ids)
    return _without_conflicts(scope, user)


def _reviews(**filters: Any) -> Exists:
    return Exists(Review.objects.filter(submission=OuterRef("pk"), **filters))


def _active_claim() -> Exists:
    return _reviews(status=Review.Status.ACTIVE)


def _second_review_ids(user: User) -> list[int]:
    """Submissions whose sampled first review waits for a second one the user may give (not
    one whose first review was theirs)."""
    done = Review.objects.filter(status=Review.Status.COMPLETED)
    firsts = done.filter(
        kind=Stage.FIRST,
        second_review_required=True,
        submission__status=Submission.Status.IN_REVIEW,
    )
    firsts = firsts.exclude(
        submission_id__in=done.filter(kind=Stage.SECOND).values("submission_id")
    ).exclude(submission_id__in=done.filter(reviewer=user).values("submission_id"))
    return list(firsts.values_list("submission_id", flat=True))


def _adjudication_pending() -> Q:
    return Q(status=Submission.Status.IN_REVIEW) & (
        _reviews(kind=Stage.SECOND, status=Review.Status.COMPLETED, agrees_with_first=False)
        & ~_reviews(kind=Stage.ADJUDICATION, status=Review.Status.COMPLETED)
    )


def _completed_by(user: User) -> Exists:
    return _reviews(reviewer=user, status=Review.Status.COMPLETED)


def submission_review_stage(submission: Submission) -> str | None:
    """The stage a submission waits in (first, second, adjudication), or None when none."""
    if submission.status == Submission.Status.SUBMITTED:
        return Stage.FIRST
    if submission.status != Submission.Status.IN_REVIEW:
        return None
    done = {
        r.kind: r
        for r in Review.objects.filter(submission=submission, status=Review.Status.COMPLETED)
    }
    if Stage.FIRST not in done:
        return Stage.FIRST
    if done[Stage.FIRST].second_review_required and Stage.SECOND not in done:
        return Stage.SECOND
    second = done.get(Stage.SECOND)
    if second is not None and second.agrees_with_first is False and Stage.ADJUDICATION not in done:
        return Stage.ADJUDICATION
    return None


def user_may_review(*, user: User, submission: Submission, stage: str) -> bool:
    """Whether the user is qualified for this submission at this stage (claims aside)."""
    scope = _adjudicator_scope(user) if stage == Stage.ADJUDICATION else _reviewer_scope(user)
    # Independence: nobody reviews the same submission twice (first, second or adjudication).
    scope = scope.filter(pk=submission.pk).exclude(_completed_by(user))
    return scope.exists()


def review_queue_for(user: User) -> QuerySet[Submission]:
    """Submissions waiting for a first or second review that the user may claim, oldest first,
    each annotated with `waiting_since` and with what a queue row shows."""
    waiting = Q(status=Submission.Status.SUBMITTED)
    second = _second_review_ids(user) if user.is_authenticated else []
    if second:
        waiting |= Q(pk__in=second)
    queue = _reviewer_scope(user).filter(waiting).exclude(_active_claim())
    # A team waits as one item, its lead's submission (ADR 0032).
    queue = queue.filter(Q(team__isnull=True) | Q(team__lead_id=F("educator_id")))
    return _queue_rows(queue)


def adjudication_queue_for(user: User) -> QuerySet[Submission]:
    """Submissions whose two reviews disagree, for the issuer's staff or platform staff."""
    if not is_adjudicator(user):
        return Submission.objects.none()
    scope = _adjudicator_scope(user).filter(_adjudication_pending())
    return _queue_rows(scope.exclude(_active_claim()).exclude(_completed_by(user)))


QUEUE_ROW_FIELDS = (
    "public_id",
    "educator_id",
    "credential_id",
    "version_id",
    "attempt",
    "is_renewal",
    "status",
    "submitted_at",
    "version__title",
    "credential__public_id",
    "credential__issuer__name",
    "educator__display_name",
    "educator__email",
)


def _queue_rows(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    educator_schools = Membership.objects.filter(role=Role.EDUCATOR, is_active=True)
    return (
        queryset.select_related("version", "credential__issuer", "educator")
        # Only what a row shows: a version's long texts and search vector stay in the database.
        .only(*QUEUE_ROW_FIELDS)
        .prefetch_related(
            Prefetch(
                "educator__memberships",
                queryset=educator_schools.select_related("organization"),
                to_attr="educator_schools",
            )
        )
        .order_by("submitted_at", "pk")
    )


def queue_page_extras(submissions: Sequence[Submission], *, adjudication: bool = False) -> None:
    """Attach `stage`, `waiting` (a timedelta), `blind` and `school` to queue rows (one query)."""
    now = timezone.now()
    policies = policies_for_issuers({s.credential.issuer_id for s in submissions})
    for submission in submissions:
        if adjudication:
            stage = Stage.ADJUDICATION
        elif submission.status == Submission.Status.SUBMITTED:
            stage = Stage.FIRST
        else:
            stage = Stage.SECOND
        submission.stage = stage  # type: ignore[attr-defined]
        submission.waiting = now - (submission.submitted_at or now)  # type: ignore[attr-defined]
        policy = policies[submission.credential.issuer_id]
        submission.blind = policy.blind_review  # type: ignore[attr-defined]
        schools = getattr(submission.educator, "educator_schools", [])
        submission.school = schools[0].organization if schools else None  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Claims (imported by submissions.rules and submissions.selectors)
# --------------------------------------------------------------------------------------------


def _live_claims() -> QuerySet[Review]:
    return Review.objects.filter(status=Review.Status.ACTIVE, claim_expires_at__gt=timezone.now())


def reviewer_holds_claim(*, reviewer: Any, submission: Submission) -> bool:
    """True while `reviewer` holds the active, unexpired claim on `submission`."""
    if not getattr(reviewer, "is_authenticated", False):
        return False
    return _live_claims().filter(reviewer=reviewer, submission_id=submission.pk).exists()


def claimed_submission_ids(user: Any) -> QuerySet[Review, int]:
    """Primary keys of the submissions the user holds live claims on (a subquery)."""
    if not getattr(user, "is_authenticated", False):
        return Review.objects.none().values_list("submission_id", flat=True)
    return _live_claims().filter(reviewer=user).values_list("submission_id", flat=True)


def educator_hidden_from(*, user: Any, submission: Submission) -> bool:
    """Blind review: whether pages must hide the educator's name and school from `user` (a
    reviewer under an issuer policy that hides them; never from the educator or staff)."""
    if submission.educator_id == user.pk or user.is_staff:
        return False
    return policy_for_issuer(submission.credential.issuer_id).blind_review


def active_claims_for(user: User) -> list[Review]:
    """The user's live claims, soonest to expire first, with what the queue shows."""
    return list(
        _live_claims()
        .filter(reviewer=user)
        .select_related("submission__version", "submission__credential")
        .order_by("claim_expires_at")
    )


def review_held_by(*, public_id: Any, user: User) -> Review | None:
    """The live claim `public_id` if `user` holds it, with its submission."""
    return (
        _live_claims()
        .filter(public_id=public_id, reviewer=user)
        .select_related("submission__credential__issuer", "submission__educator")
        .first()
    )


def review_completed_by(*, public_id: Any, user: User) -> Review | None:
    """The review `public_id` if `user` completed it (its decision stands), else None."""
    return Review.objects.filter(
        public_id=public_id, reviewer=user, status=Review.Status.COMPLETED
    ).first()


def draft_scores(review: Review) -> dict[int, CriterionScore]:
    """Criterion pk -> the review's saved (draft or final) score."""
    return {s.criterion_id: s for s in review.scores.select_related("level")}


def review_comments(review: Review) -> QuerySet[ReviewComment]:
    """The review's comments in reading order (a queryset: the API sorts and pages it)."""
    return review.comments.select_related("requirement", "artifact")


def prior_reviews(submission: Submission, *, before: Review) -> list[Review]:
    """Completed reviews an adjudicator weighs (never shown to a second reviewer)."""
    return list(
        Review.objects.filter(submission=submission, status=Review.Status.COMPLETED)
        .exclude(pk=before.pk)
        .select_related("reviewer")
        .prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion", "level"))
        )
        .order_by("completed_at")
    )


# --------------------------------------------------------------------------------------------
# What the educator sees (imported by submissions.api.serializers; used by the partials)
# --------------------------------------------------------------------------------------------


def _final_reviews(submission_ids: Sequence[int]) -> dict[int, Review]:
    """Submission pk -> the review whose decision was released (the adjudication if any, else
    the first), with scores and comments prefetched: three queries for any number."""
    reviews = (
        Review.objects.filter(
            submission_id__in=submission_ids,
            status=Review.Status.COMPLETED,
            kind__in=[Stage.FIRST, Stage.ADJUDICATION],
        )
        .prefetch_related(
            Prefetch("scores", queryset=_scores_with_passing_level()),
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.select_related("requirement", "artifact"),
            ),
        )
        .order_by("kind")  # "adjudication" < "first": the adjudication wins below
    )
    final: dict[int, Review] = {}
    for review in reviews:
        final.setdefault(review.submission_id, review)
    return final


def _scores_with_passing_level() -> QuerySet[CriterionScore]:
    """Scores in rubric order, each with what its criterion's (lowest) passing level asks for,
    in the same query: the educator reads it beside the level they got."""
    passing = RubricLevel.objects.filter(criterion=OuterRef("criterion"), passing=True).order_by(
        "position", "id"
    )
    return (
        CriterionScore.objects.select_related("criterion", "level")
        .annotate(
            passing_name=Subquery(passing.values("name")[:1]),
            passing_description=Subquery(passing.values("description")[:1]),
        )
        .order_by("criterion__position", "criterion_id")
    )


def review_summaries_for_submissions(
    submissions: Iterable[Submission],
) -> dict[int, dict[str, Any]]:
    """Submission pk -> its review summary, for the decided ones (lists: fixed query count)."""
    decided = {s.pk: s for s in submissions if s.status in DECIDED}
    if not decided:
        return {}
    return {
        pk: _summary(decided[pk], review) for pk, review in _final_reviews(list(decided)).items()
    }


def _passing_level(score: CriterionScore) -> dict[str, str] | None:
    name = getattr(score, "passing_name", None)
    if name is None:
        return None
    return {"name": name, "description": getattr(score, "passing_description", "") or ""}


def _commented_artifact(comment: ReviewComment) -> str | None:
    """The public id of the recording a comment is about, while it is there to play."""
    artifact = comment.artifact
    if artifact is None or artifact.deleted_at is not None or not artifact.rendition_key:
        return None
    return str(artifact.public_id)


def review_summary_for_submission(submission: Submission) -> dict[str, Any] | None:
    """The released decision and feedback, or None before a decision.

    {decision, decision_label, decided_at, feedback, criteria: [{criterion, title, level,
    passing, feedback, passing_level: {name, description} | None}], comments: [{requirement,
    artifact (its public id, or None), time_seconds, time_code, text}]}. Reviewer identities
    stay out.
    """
    return review_summaries_for_submissions([submission]).get(submission.pk)


def _summary(submission: Submission, review: Review) -> dict[str, Any]:
    return {
        "decision": review.decision,
        "decision_label": Review.Decision(review.decision).label,
        "decided_at": submission.decided_at,
        "feedback": review.feedback,
        "criteria": [
            {
                "criterion": str(s.criterion.public_id),
                "title": s.criterion.title,
                "level": s.level.name if s.level else "",
                "passing": bool(s.level and s.level.passing),
                "feedback": s.feedback,
                "passing_level": _passing_level(s),
            }
            for s in review.scores.all()
        ],
        "comments": [
            {
                "requirement": c.requirement.title,
                "artifact": _commented_artifact(c),
                "time_seconds": c.moment_seconds,
                "time_code": c.time_code,
                "text": c.text,
            }
            for c in review.comments.all()
        ],
    }


# --------------------------------------------------------------------------------------------
# Turnaround
# --------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear-interpolated percentile (fraction 0.5: the median), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _turnarounds(queryset: QuerySet[Submission]) -> list[float]:
    """Seconds from submitted_at to decided_at of recent decisions."""
    since = timezone.now() - TURNAROUND_WINDOW
    rows = (
        queryset.filter(status__in=DECIDED, decided_at__gte=since)
        .exclude(submitted_at=None)
        .exclude(decided_at=None)
        .order_by("-decided_at")
        .values_list("submitted_at", "decided_at")[:TURNAROUND_SAMPLE]
    )
    return [(d - s).total_seconds() for s, d in rows if s is not None and d is not None]


def median_turnaround(credential: MicroCredential) -> timedelta | None:
    """Median submitted -> decided time of recent decisions on this micro-credential, else on
    its issuer's micro-credentials; None with no recent decisions."""
    for scope in (
        Submission.objects.filter(credential_id=credential.pk),
        Submission.objects.filter(credential__issuer_id=credential.issuer_id),
    ):
        median = percentile(_turnarounds(scope), 0.5)
        if median is not None:
            return timedelta(seconds=median)
    return None


def expected_decision_date(submission: Submission) -> date | None:
    """When a waiting submission should be decided: submitted_at plus the current median
    turnaround (the issuer's target while there is no history). None unless it is waiting."""
    if submission.status not in WAITING or submission.submitted_at is None:
        return None
    credential = submission.credential
    expected = median_turnaround(credential)
    if expected is None:
        expected = timedelta(days=policy_for_issuer(credential.issuer_id).turnaround_target_days)
    return timezone.localdate(submission.submitted_at + expected)


# --------------------------------------------------------------------------------------------
# The evidence beside the rubric
# --------------------------------------------------------------------------------------------


@dataclass
class EvidenceFile:
    """One artifact with short-lived links for the user who holds the claim."""

    artifact: Artifact
    kind: str  # video, audio, image, document ("" while not ready)
    download_url: str = ""
    stream_url: str = ""
    poster_url: str = ""
    preview_url: str = ""
    refresh_url: str = ""  # the permission-checked opener that hands out a fresh stream link


def review_evidence(submission: Submission, user: User) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Per part, each requirement with its response text and its artifacts' links (the caller
    has checked that `user` holds the claim; every link re-checks when it is used)."""
    groups = requirement_rows(submission)
    for _part, rows in groups:
        for row in rows:
            row["files"] = [_evidence_file(artifact, user) for artifact in row["artifacts"]]
            row["has_media"] = any(file.stream_url for file in row["files"])
    return groups


def _evidence_file(artifact: Artifact, user: User) -> EvidenceFile:
    link = evidence_link
    if artifact.status != Artifact.Status.READY:
        return EvidenceFile(artifact, "")
    file = EvidenceFile(
        artifact,
        artifact.detected_kind or "document",
        download_url=link(artifact=artifact, user=user, variant="original"),
    )
    if artifact.rendition_key:
        file.stream_url = link(artifact=artifact, user=user, variant="rendition")
        file.refresh_url = reverse(
            "submissions:artifact_open", args=[artifact.public_id, "rendition"]
        )
    if artifact.poster_key:
        file.poster_url = link(artifact=artifact, user=user, variant="poster")
    if artifact.preview_key:
        file.preview_url = link(artifact=artifact, user=user, variant="preview")
    return file


def review_for_page(review: Review) -> tuple[Submission, Any]:
    """The review's submission with responses and artifacts, and its version's full content."""
    submission = submission_for_page(str(review.submission.public_id))
    assert submission is not None  # the review holds it
    return submission, submission.version


# --------------------------------------------------------------------------------------------
# Reviewer administration
# --------------------------------------------------------------------------------------------


def reviewers_of_issuer(issuer: Organization) -> QuerySet[User]:
    """Active reviewers of an issuing organization, each with `designations_here`: the
    micro-credentials of this issuer they are designated for (fixed query count)."""
    designations = ReviewerDesignation.objects.filter(credential__issuer=issuer).select_related(
        "credential__published_version"
    )
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization=issuer,
            memberships__role=Role.REVIEWER,
            memberships__is_active=True,
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "review_designations",
                queryset=designations.order_by("credential__slug"),
                to_attr="designations_here",
            )
        )
        .order_by("display_name", "email", "pk")
    )


def reviewer_of_issuer(issuer: Organization, public_id: Any) -> User | None:
    """One active reviewer of the issuer by public id, or None."""
    return reviewers_of_issuer(issuer).filter(public_id=public_id).first()
