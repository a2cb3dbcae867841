"""Submission endpoints: thin views over the same services and selectors as the pages."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from common.http import request_user
from credentials.models import EvidenceRequirement, MicroCredential
from submissions import selectors, services
from submissions.models import Submission

from .serializers import (
    ResponseTextSerializer,
    StartSubmissionSerializer,
    SubmissionQuerySerializer,
    SubmissionSerializer,
)


def _visible(request: Request) -> QuerySet[Submission]:
    return selectors.submissions_visible_to(request_user(request)).prefetch_related(
        "responses__requirement", "artifacts__requirement"
    )


def _get_submission(
    request: Request, public_id: UUID, perm: str = "submissions.view_submission"
) -> Submission:
    submission = _visible(request).filter(public_id=public_id).first()
    if submission is None or not request.user.has_perm(perm, submission):
        raise Http404("No such submission")
    return submission


def _error(message: str, code: int = status.HTTP_400_BAD_REQUEST, **fields: Any) -> ApiResponse:
    return ApiResponse({"detail": message, **fields}, status=code)


class SubmissionList(generics.GenericAPIView[Submission]):
    serializer_class = SubmissionSerializer

    @extend_schema(
        parameters=[SubmissionQuerySerializer],
        responses=SubmissionSerializer(many=True),
        summary="Submissions the caller may see (an educator: their own attempts)",
    )
    def get(self, request: Request) -> ApiResponse:
        query = SubmissionQuerySerializer.from_request(request)
        submissions = _visible(request).order_by("-created_at", "-pk")
        if query.validated_data.get("status"):
            submissions = submissions.filter(status=query.validated_data["status"])
        if query.validated_data.get("micro_credential"):
            submissions = submissions.filter(
                credential__public_id=query.validated_data["micro_credential"]
            )
        page = self.paginate_queryset(query.ordered(submissions)) or []
        from reviews.selectors import review_summaries_for_submissions

        context = {"request": request, "review_summaries": review_summaries_for_submissions(page)}
        data = SubmissionSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=StartSubmissionSerializer,
        responses={
            201: SubmissionSerializer,
            200: OpenApiResponse(
                SubmissionSerializer, description="The open attempt already exists"
            ),
            400: OpenApiResponse(description="Not open for submissions, or attempts used up"),
            404: OpenApiResponse(description="No such published micro-credential"),
        },
        summary="Start a draft (attempt 1, or the next attempt, prefilled from the last)",
    )
    def post(self, request: Request) -> ApiResponse:
        return _start(request)


submission_list = SubmissionList.as_view()


def _start(request: Request) -> ApiResponse:
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
        submission = services.submission_start(
            educator=request_user(request), credential=credential
        )
    except services.SubmissionError as error:
        return _error(str(error), micro_credential=[str(error)])
    created = (
        Submission.objects.filter(educator=request_user(request), credential=credential).count()
        > before
    )
    body = SubmissionSerializer(submission, context={"request": request}).data
    return ApiResponse(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(responses={200: SubmissionSerializer, 404: OpenApiResponse(description="Not yours")})
@api_view(["GET"])
def submission_detail(request: Request, public_id: UUID) -> ApiResponse:
    # Status-only for a district admin (the serializer hides evidence and feedback), as listed.
    submission = _get_submission(request, public_id, "submissions.view_status")
    return ApiResponse(SubmissionSerializer(submission, context={"request": request}).data)


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
        services.submission_withdraw(submission=submission, by=request_user(request))
    except services.SubmissionError as error:
        return _error(str(error), code=status.HTTP_409_CONFLICT)
    submission = _get_submission(request, public_id)
    return ApiResponse(SubmissionSerializer(submission, context={"request": request}).data)
