"""The submission endpoints that can show a decided submission: the list (starting a draft
shares its URL) and one submission.

They stand on the reviews floor because a submission as the API shows it carries its review
(the decision, and the feedback for those who may see the evidence), and a reviewer sees the
submissions they hold the claim on; submissions stands below reviews and never imports it.
Everything about the submission itself stays in submissions: its selectors, services,
serializer and the other submission endpoints (submissions/api/views.py).
"""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from common.http import request_user
from submissions import selectors as submission_selectors
from submissions.api.serializers import (
    StartSubmissionSerializer,
    SubmissionQuerySerializer,
    SubmissionSerializer,
)
from submissions.api.views import submission_start_response
from submissions.models import Submission

from ..selectors import claimed_submission_ids, review_summaries_for_submissions


def _visible(request: Request) -> QuerySet[Submission]:
    """What the caller may see of submissions, and the ones they hold the claim on."""
    user = request_user(request)
    claimed = Q(pk__in=claimed_submission_ids(user))
    return (
        submission_selectors.submissions_visible_to(user, also=claimed)
        .select_related("team")
        .prefetch_related(
            "responses__requirement", "artifacts__requirement", "team__memberships__user"
        )
    )


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
        return submission_start_response(request)


submission_list = SubmissionList.as_view()


@extend_schema(responses={200: SubmissionSerializer, 404: OpenApiResponse(description="Not yours")})
@api_view(["GET"])
def submission_detail(request: Request, public_id: UUID) -> ApiResponse:
    # Status-only for a district admin (the serializer hides evidence and feedback), as listed.
    submission = _visible(request).filter(public_id=public_id).first()
    if submission is None or not request.user.has_perm("submissions.view_status", submission):
        raise Http404("No such submission")
    context = {
        "request": request,
        "review_summaries": review_summaries_for_submissions([submission]),
    }
    return ApiResponse(SubmissionSerializer(submission, context=context).data)
