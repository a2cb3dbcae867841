"""Submission endpoints: thin views over the same services and selectors as the pages.

Listing submissions and reading one show their review (the decision and feedback) and what a
reviewer holds: those two are served by reviews (reviews/api/submission_views.py), which
stands above submissions; starting a draft shares the list's URL and is answered from here.
The serializer takes the review summaries from its caller (`review_summaries` in its context).
"""

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from common.http import request_user
from credentials.models import EvidenceRequirement, MicroCredential
from submissions import selectors, services, teams
from submissions.models import Submission, TeamMembership

from .serializers import (
    ChecklistSerializer,
    ResponseTextSerializer,
    StartSubmissionSerializer,
    SubmissionSerializer,
    TeamInvitationSerializer,
)


def _get_submission(request: Request, public_id: UUID) -> Submission:
    # Every endpoint here is its educator's: whoever else asks gets the same 404.
    submission = (
        selectors.submissions_visible_to(request_user(request))
        .prefetch_related("responses__requirement", "artifacts__requirement")
        .filter(public_id=public_id)
        .first()
    )
    if submission is None or not request.user.has_perm("submissions.view_submission", submission):
        raise Http404("No such submission")
    return submission


def _error(message: str, code: int = status.HTTP_400_BAD_REQUEST, **fields: Any) -> ApiResponse:
    return ApiResponse({"detail": message, **fields}, status=code)


def submission_start_response(request: Request) -> ApiResponse:
    """POST /submissions/ (served with the list by reviews/api/submission_views.py): start a
    draft, or answer the open attempt that already exists."""
    serializer = StartSubmissionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    credential = MicroCredential.objects.filter(
        public_id=serializer.validated_data["micro_credential"],
        status=MicroCredential.Status.PUBLISHED,
    ).first()
    if credential is None:
        raise Http404("No such micro-credential")
    before = Submission.objects.filter(
        educator=request_user(request), credential=credential
    ).count()
    try:
        if "team" in serializer.validated_data:
            submission = teams.team_start(
                lead=request_user(request),
                credential=credential,
                emails=serializer.validated_data["team"],
            )
        else:
            submission = services.submission_start(
                educator=request_user(request), credential=credential
            )
    except teams.TeamInvalid as invalid:
        return _error(str(invalid), team=invalid.problems)
    except services.SubmissionError as error:
        return _error(str(error), micro_credential=[str(error)])
    created = (
        Submission.objects.filter(educator=request_user(request), credential=credential).count()
        > before
    )
    body = SubmissionSerializer(submission, context={"request": request}).data
    return ApiResponse(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(
    request=ResponseTextSerializer,
    responses={
        200: OpenApiResponse(description="Saved: {requirement, text, revision, words}"),
        400: OpenApiResponse(description="Invalid text, or not a written requirement"),
        404: OpenApiResponse(description="No such submission or requirement"),
        409: OpenApiResponse(description="The attempt is no longer a draft"),
    },
)
@api_view(["PUT"])
def response_put(request: Request, public_id: UUID, requirement_id: UUID) -> ApiResponse:
    submission = _get_submission(request, public_id)
    if submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    requirement = EvidenceRequirement.objects.filter(
        public_id=requirement_id, version_id=submission.version_id
    ).first()
    if requirement is None:
        raise Http404("No such requirement in this submission")
    serializer = ResponseTextSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    if requirement.kind != EvidenceRequirement.Kind.TEXT:
        return _error("This requirement takes a file upload.", requirement=["Not a written one."])
    try:
        response = services.response_save(
            submission=submission,
            requirement=requirement,
            text=serializer.validated_data["text"],
            by=request_user(request),
        )
    except services.SubmissionError as error:
        return _error(str(error), code=status.HTTP_409_CONFLICT)
    return ApiResponse(
        {
            "requirement": str(requirement.public_id),
            "text": response.text,
            "revision": response.revision,
            "words": services.count_words(response.text),
        }
    )


@extend_schema(
    responses={200: ChecklistSerializer, 404: OpenApiResponse(description="Not yours")},
    summary="What still keeps the draft from being submitted (the submit check itself)",
)
@api_view(["GET"])
def submission_checklist(request: Request, public_id: UUID) -> ApiResponse:
    """The educator's own only (anyone else: 404); the workspace polls it while files
    upload and process."""
    submission = selectors.submission_for_checklist(str(public_id))
    if submission is None or submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    return ApiResponse(ChecklistSerializer(services.checklist_payload(submission)).data)


@extend_schema(
    request=None,
    responses={
        200: SubmissionSerializer,
        400: OpenApiResponse(description="{detail, requirements: {requirement id: message}}"),
        404: OpenApiResponse(description="Not yours"),
        409: OpenApiResponse(description="Not a draft"),
    },
)
@api_view(["POST"])
def submission_submit(request: Request, public_id: UUID) -> ApiResponse:
    submission = _get_submission(request, public_id)
    if submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    try:
        if submission.team is not None:
            submission = teams.team_submit(team=submission.team, by=request_user(request))
        else:
            submission = services.submission_submit(submission=submission, by=request_user(request))
    except services.SubmissionIncomplete as incomplete:
        return _error(str(incomplete), requirements=incomplete.problems)
    except services.SubmissionError as error:
        return _error(str(error), code=status.HTTP_409_CONFLICT)
    submission = _get_submission(request, public_id)
    return ApiResponse(SubmissionSerializer(submission, context={"request": request}).data)


@extend_schema(
    request=None,
    responses={
        200: SubmissionSerializer,
        404: OpenApiResponse(description="Not yours"),
        409: OpenApiResponse(description="{detail}: a reviewer already holds it, or it is decided"),
    },
    summary="Withdraw before a reviewer claims it (or discard a draft); the work is kept",
)
@api_view(["POST"])
def submission_withdraw(request: Request, public_id: UUID) -> ApiResponse:
    submission = _get_submission(request, public_id)
    if submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    try:
        if submission.team is not None and submission.team.lead_id == request.user.pk:
            teams.team_withdraw(team=submission.team, by=request_user(request))
        else:
            services.submission_withdraw(submission=submission, by=request_user(request))
    except services.SubmissionError as error:
        return _error(str(error), code=status.HTTP_409_CONFLICT)
    submission = _get_submission(request, public_id)
    return ApiResponse(SubmissionSerializer(submission, context={"request": request}).data)


def _own_membership(request: Request, public_id: UUID) -> TeamMembership:
    """The caller's own invitation or membership; anyone else's answers 404."""
    membership = (
        TeamMembership.objects.select_related(
            "team__lead", "team__version", "team__credential", "submission"
        )
        .filter(public_id=public_id, user=request_user(request))
        .first()
    )
    if membership is None:
        raise Http404("No such invitation")
    return membership


class TeamInvitationQuerySerializer(ListQuery):
    """`GET /team-invitations/`: newest first without `ordering`."""

    ordering_fields = {"created": ("created_at",)}


@extend_schema(
    parameters=[TeamInvitationQuerySerializer],
    responses=TeamInvitationSerializer(many=True),
    summary="The caller's team invitations not answered yet",
)
@api_view(["GET"])
def team_invitations(request: Request) -> ApiResponse:
    query = TeamInvitationQuerySerializer.from_request(request)
    invitations = query.ordered(teams.invitations_for(request_user(request)))
    return paginated_response(request, invitations, TeamInvitationSerializer)


def _membership_answer(request: Request, public_id: UUID, action: str) -> ApiResponse:
    membership = _own_membership(request, public_id)
    user = request_user(request)
    try:
        if action == "accept":
            teams.membership_accept(membership=membership, by=user)
        elif action == "decline":
            teams.membership_decline(membership=membership, by=user)
        else:
            teams.membership_leave(membership=membership, by=user)
    except services.SubmissionError as error:
        return _error(str(error), code=status.HTTP_409_CONFLICT)
    membership = _own_membership(request, public_id)
    return ApiResponse(TeamInvitationSerializer(membership).data)


_ANSWER_RESPONSES = {
    200: TeamInvitationSerializer,
    404: OpenApiResponse(description="Not your invitation"),
    409: OpenApiResponse(description="{detail}: already answered, the team submitted, or you "
                         "already have an open attempt at this micro-credential"),
}  # fmt: skip


@extend_schema(request=None, responses=_ANSWER_RESPONSES, summary="Accept a team invitation")
@api_view(["POST"])
def team_invitation_accept(request: Request, public_id: UUID) -> ApiResponse:
    return _membership_answer(request, public_id, "accept")


@extend_schema(request=None, responses=_ANSWER_RESPONSES, summary="Decline a team invitation")
@api_view(["POST"])
def team_invitation_decline(request: Request, public_id: UUID) -> ApiResponse:
    return _membership_answer(request, public_id, "decline")


@extend_schema(request=None, responses=_ANSWER_RESPONSES, summary="Leave a team before it submits")
@api_view(["POST"])
def team_membership_leave(request: Request, public_id: UUID) -> ApiResponse:
    return _membership_answer(request, public_id, "leave")
