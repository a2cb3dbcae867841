"""Review endpoints: thin views over the same services and selectors as the pages.

Whoever may not see a submission or a review gets 404; a submission someone else holds, 409.
"""

from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from common.http import request_user
from credentials.models import EvidenceRequirement, MicroCredentialVersion
from organizations.selectors import educator_home_organization
from submissions.models import Artifact, Submission

from .. import selectors, services
from ..models import Review, ReviewComment
from .serializers import (
    ClaimInSerializer,
    ClaimOutSerializer,
    CommentInSerializer,
    CommentSerializer,
    CompletedConflictSerializer,
    CompleteInSerializer,
    CompleteOutSerializer,
    DraftInSerializer,
    DraftOutSerializer,
    QueueItemSerializer,
    QueueQuerySerializer,
    ReviewDetailSerializer,
)

NOT_FOUND = OpenApiResponse(description="No such review, or not yours (claims end, expire)")


class CommentQuery(ListQuery):
    """`GET /reviews/{id}/comments/`: in reading order (requirement, then moment) without
    `ordering`."""

    ordering_fields = {"created": ("created_at",), "time": ("time_seconds",)}


def _held_review(request: Request, public_id: UUID) -> Review:
    review = selectors.review_held_by(public_id=public_id, user=request_user(request))
    if review is None:
        raise Http404("No such review")
    return review


class ReviewQueue(generics.GenericAPIView[Submission]):
    serializer_class = QueueItemSerializer

    @extend_schema(
        parameters=[QueueQuerySerializer],
        responses={
            200: QueueItemSerializer(many=True),
            404: OpenApiResponse(description="No reviewer role, or no such page"),
        },
        summary="Submissions the caller may review, oldest first",
    )
    def get(self, request: Request) -> ApiResponse:
        if not request.user.has_perm("reviews.view_queue"):
            raise Http404("No such page")
        query = QueueQuerySerializer.from_request(request)
        adjudication = query.validated_data["stage"] == "adjudication"
        queryset = (
            selectors.adjudication_queue_for(request_user(request))
            if adjudication
            else selectors.review_queue_for(request_user(request))
        )
        if query.validated_data.get("micro_credential"):
            queryset = queryset.filter(
                credential__public_id=query.validated_data["micro_credential"]
            )
        page = self.paginate_queryset(query.ordered(queryset)) or []
        selectors.queue_page_extras(page, adjudication=adjudication)
        return self.get_paginated_response(QueueItemSerializer(page, many=True).data)


review_queue = ReviewQueue.as_view()


@extend_schema(
    request=ClaimInSerializer,
    responses={
        201: ClaimOutSerializer,
        200: OpenApiResponse(ClaimOutSerializer, description="The caller already holds it"),
        404: OpenApiResponse(description="No such submission, or not waiting for the caller"),
        409: OpenApiResponse(description="Someone else holds the claim: {detail}"),
    },
    summary="Claim a waiting submission (exactly one of concurrent claimers wins)",
)
@api_view(["POST"])
def review_queue_claim(request: Request) -> ApiResponse:
    serializer = ClaimInSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    submission = Submission.objects.filter(
        public_id=serializer.validated_data["submission"]
    ).first()
    if submission is None or not request.user.has_perm("reviews.view_queue"):
        raise Http404("No such submission")
    held = selectors.reviewer_holds_claim(reviewer=request_user(request), submission=submission)
    try:
        review = services.review_claim(submission=submission, reviewer=request_user(request))
    except services.NotClaimable as error:
        raise Http404("No such submission") from error
    except services.AlreadyClaimed as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    code = status.HTTP_200_OK if held else status.HTTP_201_CREATED
    return ApiResponse(ClaimOutSerializer(review).data, status=code)


@extend_schema(
    responses={200: ReviewDetailSerializer, 404: NOT_FOUND},
    summary="The claim holder's review: evidence (with short-lived links), rubric, drafts",
)
@api_view(["GET"])
def review_detail(request: Request, public_id: UUID) -> ApiResponse:
    review = _held_review(request, public_id)
    return ApiResponse(ReviewDetailSerializer(_detail(request, review)).data)


def _detail(request: Request, review: Review) -> dict[str, Any]:
    submission, version = selectors.review_for_page(review)
    blind = selectors.policy_for_issuer(submission.credential.issuer_id).blind_review
    drafts = selectors.draft_scores(review)
    school = None if blind else educator_home_organization(submission.educator)
    detail: dict[str, Any] = {
        "id": review.public_id,
        "submission": submission.public_id,
        "stage": review.kind,
        "claimed_until": review.claim_expires_at,
        "micro_credential": {"id": str(submission.credential.public_id), "title": version.title},
        "attempt": submission.attempt,
        "educator": None
        if blind
        else {"name": submission.educator.get_full_name(), "school": school.name if school else ""},
        "evidence": _evidence(request, submission, version),
        "rubric": list(version.criteria.all()),
        "scores": [drafts[c.pk] for c in version.criteria.all() if c.pk in drafts],
        "feedback": review.feedback,
        "team": None,
    }
    if submission.team_id is not None:
        _team_detail(request, review, detail, blind=blind)
    return detail


def _team_detail(request: Request, review: Review, detail: dict[str, Any], *, blind: bool) -> None:
    """A team's review: the shared evidence once (the lead's), each member's own evidence."""
    detail["evidence"] = [row for row in detail["evidence"] if row["requirement"].shared]
    team = []
    for member, member_review in services.team_review_parts(review).members:
        member, version = selectors.review_for_page(member_review)
        own = [row for row in _evidence(request, member, version) if not row["requirement"].shared]
        name = None if blind else {"name": member.educator.get_full_name()}
        team.append({"submission": member.public_id, "educator": name, "evidence": own})
    detail["team"] = team


def _evidence(
    request: Request, submission: Submission, version: MicroCredentialVersion
) -> list[dict[str, Any]]:
    rows = []
    for _part, requirements in selectors.review_evidence(submission, request_user(request)):
        for row in requirements:
            files = []
            for file in row["files"]:
                links = {
                    key: request.build_absolute_uri(value) if value else ""
                    for key, value in asdict(file).items()
                    if key.endswith("_url")
                }
                files.append({"artifact": file.artifact, "kind": file.kind, **links})
            rows.append({"requirement": row["requirement"], "text": row["text"], "files": files})
    return rows


@extend_schema(
    request=CompleteInSerializer,
    responses={
        200: CompleteOutSerializer,
        400: OpenApiResponse(
            description="{detail, scores: {criterion id: message}}: a level is missing for a "
            "criterion, or feedback for a criterion below passing"
        ),
        404: NOT_FOUND,
        409: OpenApiResponse(
            CompletedConflictSerializer,
            description="The caller already completed this review: {detail, decision} names "
            "the decision that stands; or the claim ended meanwhile ({detail})",
        ),
    },
    summary="Complete the review: decision passed when every criterion passes, else not_yet",
)
@api_view(["POST"])
def review_complete(request: Request, public_id: UUID) -> ApiResponse:
    completed = selectors.review_completed_by(public_id=public_id, user=request_user(request))
    if completed is not None:
        return _decision_stands(completed)
    scored = _scored_request(request, public_id, CompleteInSerializer)
    if isinstance(scored, ApiResponse):
        return scored
    if scored.review.submission.team_id is not None:
        return _complete_team(request, scored)
    try:
        review = services.review_complete(
            review=scored.review,
            by=request_user(request),
            scores=scored.scores,
            feedback=scored.data.get("feedback", ""),
        )
    except services.ReviewIncomplete as incomplete:
        return ApiResponse(
            {"detail": str(incomplete), "scores": incomplete.problems},
            status=status.HTTP_400_BAD_REQUEST,
        )
    except services.ReviewError as error:
        # Completed meanwhile by the same reviewer (a second click, a retried request).
        completed = selectors.review_completed_by(public_id=public_id, user=request_user(request))
        if completed is not None:
            return _decision_stands(completed)
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    return ApiResponse(CompleteOutSerializer(review).data)


def _complete_team(request: Request, scored: "_ScoredRequest") -> ApiResponse:
    """A team's review: shared criteria once, the others per member (`member` on each)."""
    try:
        parts = services.team_review_parts(scored.review)
    except services.ReviewError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    members = {str(s.public_id): s for s, _r in parts.members}
    shared: list[services.ScoreInput] = []
    individual: dict[int, list[services.ScoreInput]] = {}
    unknown: dict[str, str] = {}
    # Every item resolved to a score (an unknown one answered 400 already): same order.
    for item, score in zip(scored.data["scores"], scored.scores, strict=True):
        if score.criterion.is_shared:
            shared.append(score)
            continue
        member = members.get(str(item.get("member")))
        if member is None:
            unknown[str(score.criterion.public_id)] = (
                "Not shared: name the member (their submission id) this score is for."
            )
            continue
        individual.setdefault(member.pk, []).append(score)
    if unknown:
        return ApiResponse(
            {"detail": "Some scores need a member.", "scores": unknown},
            status=status.HTTP_400_BAD_REQUEST,
        )
    try:
        reviews = services.review_team_complete(
            review=scored.review,
            by=request_user(request),
            shared=shared,
            individual=individual,
            feedback=scored.data.get("feedback", ""),
        )
    except services.ReviewIncomplete as incomplete:
        return ApiResponse(
            {"detail": str(incomplete), "scores": incomplete.problems},
            status=status.HTTP_400_BAD_REQUEST,
        )
    except services.ReviewError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    return ApiResponse(CompleteOutSerializer(reviews[0], context={"team": reviews}).data)


def _decision_stands(review: Review) -> ApiResponse:
    return ApiResponse(
        {
            "detail": "This review is already complete; its decision stands.",
            "decision": review.decision,
        },
        status=status.HTTP_409_CONFLICT,
    )


@dataclass(frozen=True)
class _ScoredRequest:
    """A held review, the caller's validated body, and its scores resolved on the rubric."""

    review: Review
    version: MicroCredentialVersion
    data: dict[str, Any]
    scores: list[services.ScoreInput]


def _scored_request(
    request: Request, public_id: UUID, serializer_class: type[serializers.Serializer[Any]]
) -> _ScoredRequest | ApiResponse:
    """What saving a draft and completing share: 404 unless the caller holds the review, 400
    per field for an invalid body, and a 400 response for scores naming another rubric."""
    review = _held_review(request, public_id)
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    _submission, version = selectors.review_for_page(review)
    scores, unknown = _score_inputs(version, serializer.validated_data["scores"])
    if unknown:
        return ApiResponse(
            {"detail": "Some scores name criteria of another rubric.", "scores": unknown},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return _ScoredRequest(review, version, serializer.validated_data, scores)


def _score_inputs(
    version: MicroCredentialVersion, data: list[dict[str, Any]]
) -> tuple[list[services.ScoreInput], dict[str, str]]:
    criteria = {str(c.public_id): c for c in version.criteria.all()}
    scores, unknown = [], {}
    for item in data:
        criterion = criteria.get(str(item["criterion"]))
        if criterion is None:
            unknown[str(item["criterion"])] = "Not a criterion of this rubric."
            continue
        levels = {str(level.public_id): level for level in criterion.levels.all()}
        level = levels.get(str(item.get("level")))
        if item.get("level") and level is None:
            unknown[str(item["criterion"])] = "Choose one of this criterion's levels."
            continue
        scores.append(services.ScoreInput(criterion, level, item.get("feedback", "")))
    return scores, unknown


@extend_schema(
    request=None,
    responses={200: OpenApiResponse(description="Released: back in the queue"), 404: NOT_FOUND},
    summary="Release a claim (the submission goes back to the queue)",
)
@api_view(["POST"])
def review_release(request: Request, public_id: UUID) -> ApiResponse:
    review = _held_review(request, public_id)
    review = services.review_release(review=review, by=request_user(request))
    return ApiResponse({"id": str(review.public_id), "status": review.status})


@extend_schema(
    request=DraftInSerializer,
    responses={
        200: DraftOutSerializer,
        400: OpenApiResponse(description="{detail, scores: {criterion id: message}}"),
        404: NOT_FOUND,
        409: OpenApiResponse(description="The claim ended meanwhile"),
    },
    summary="Save draft scores and overall feedback (what completion still needs comes back)",
)
@api_view(["PUT"])
def review_draft(request: Request, public_id: UUID) -> ApiResponse:
    scored = _scored_request(request, public_id, DraftInSerializer)
    if isinstance(scored, ApiResponse):
        return scored
    review, version = scored.review, scored.version
    feedback = scored.data.get("feedback", review.feedback)
    try:
        services.review_draft_save(
            review=review, scores=scored.scores, feedback=feedback, by=request_user(request)
        )
    except services.ReviewError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    problems = services.score_problems(version, services.saved_scores(review, version))
    return ApiResponse(DraftOutSerializer({"saved_at": timezone.now(), "problems": problems}).data)


@extend_schema(
    methods=["GET"],
    parameters=[CommentQuery],
    responses={200: CommentSerializer(many=True), 404: NOT_FOUND},
    summary="The review's comments: on requirements, or at moments of recordings",
)
@extend_schema(
    methods=["POST"],
    request=CommentInSerializer,
    responses={
        201: CommentSerializer,
        400: OpenApiResponse(description="{<field>: [...]} or {detail}: not of this submission"),
        404: NOT_FOUND,
        409: OpenApiResponse(description="The claim ended meanwhile"),
    },
    summary="Comment on a requirement, or on a moment (seconds) of one of its recordings",
)
@api_view(["GET", "POST"])
def review_comments(request: Request, public_id: UUID) -> ApiResponse:
    review = _held_review(request, public_id)
    if request.method == "GET":
        comments = CommentQuery.from_request(request).ordered(selectors.review_comments(review))
        return paginated_response(request, comments, CommentSerializer)
    serializer = CommentInSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    requirement = EvidenceRequirement.objects.filter(
        public_id=data["requirement"], version_id=review.submission.version_id
    ).first()
    artifact = (
        Artifact.objects.filter(public_id=data["artifact"], submission=review.submission).first()
        if data.get("artifact")
        else None
    )
    if requirement is None or (data.get("artifact") and artifact is None):
        field = "requirement" if requirement is None else "artifact"
        return ApiResponse(
            {field: ["Not part of this submission."]}, status=status.HTTP_400_BAD_REQUEST
        )
    try:
        comment = services.review_comment_add(
            review=review,
            requirement=requirement,
            artifact=artifact,
            time_seconds=data.get("time_seconds"),
            text=data["text"],
            by=request_user(request),
        )
    except services.ClaimNotHeld as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
    except services.ReviewError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return ApiResponse(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=None,
    responses={204: None, 404: NOT_FOUND},
    summary="Delete one of the review's comments",
)
@api_view(["DELETE"])
def review_comment_delete(request: Request, public_id: UUID, comment_id: UUID) -> ApiResponse:
    review = _held_review(request, public_id)
    comment = ReviewComment.objects.filter(public_id=comment_id, review=review).first()
    if comment is None:
        raise Http404("No such comment")
    comment.review = review
    services.review_comment_delete(comment=comment, by=request_user(request))
    return ApiResponse(status=status.HTTP_204_NO_CONTENT)
