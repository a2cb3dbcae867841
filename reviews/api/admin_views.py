"""Reviewer administration API for an issuer's staff (and platform staff): who may review which
micro-credential, the review policy, the quality figures; and a reviewer's own preferences.

Thin views over reviews.services and reviews.selectors; an issuer the caller does not administer
answers 404, like everything else the caller may not see. Adjudication needs nothing here: the
queue (`?stage=adjudication`) and claiming in views.py serve it.
"""

from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from common.http import request_user
from credentials.models import MicroCredential
from organizations.models import Organization

from .. import quality, selectors, services
from ..models import ReviewerPreference
from .admin_serializers import (
    DesignationSerializer,
    PreferenceSerializer,
    QualityReportSerializer,
    ReviewerSerializer,
    ReviewPolicySerializer,
)

ADMIN_PERM = "reviews.administer_reviewers"
TAGS = ["review administration"]
NOT_FOUND = OpenApiResponse(description="No such issuer (or reviewer, or micro-credential of it)")


class ReviewerQuery(ListQuery):
    """`GET /issuers/{id}/reviewers/`: by name without `ordering`."""

    micro_credential = serializers.UUIDField(
        required=False, help_text="Only reviewers designated for this micro-credential."
    )
    ordering_fields = {"name": ("display_name", "email"), "email": ("email",)}


def _issuer_for(request: Request, public_id: UUID) -> Organization:
    issuer = Organization.objects.filter(public_id=public_id, kind=Organization.Kind.ISSUER).first()
    if issuer is None or not request.user.has_perm(ADMIN_PERM, issuer):
        raise Http404("No such issuer")
    return issuer


def _reviewer_and_credential(
    issuer: Organization, reviewer_id: UUID, credential_id: UUID
) -> tuple[User, MicroCredential]:
    reviewer = selectors.reviewer_of_issuer(issuer, reviewer_id)
    credential = (
        MicroCredential.objects.select_related("published_version")
        .filter(public_id=credential_id, issuer=issuer)
        .first()
    )
    if reviewer is None or credential is None:
        raise Http404("No such reviewer or micro-credential at this issuer")
    return reviewer, credential


@extend_schema(
    summary="The issuer's reviewers and the micro-credentials each is designated for",
    parameters=[ReviewerQuery],
    responses={200: ReviewerSerializer(many=True), 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["GET"])
def issuer_reviewers(request: Request, issuer_id: UUID) -> Response:
    issuer = _issuer_for(request, issuer_id)
    query = ReviewerQuery.from_request(request)
    reviewers = selectors.reviewers_of_issuer(issuer)
    if query.validated_data.get("micro_credential"):
        reviewers = reviewers.filter(
            review_designations__credential__public_id=query.validated_data["micro_credential"]
        )
    return paginated_response(request, query.ordered(reviewers), ReviewerSerializer)


@extend_schema(
    methods=["PUT"],
    summary="Designate a reviewer for a micro-credential (idempotent)",
    request=None,
    responses={
        201: DesignationSerializer,
        200: OpenApiResponse(DesignationSerializer, description="Already designated"),
        404: NOT_FOUND,
    },
    tags=TAGS,
)
@extend_schema(
    methods=["DELETE"],
    summary="Withdraw a reviewer's designation for a micro-credential",
    request=None,
    responses={204: None, 404: NOT_FOUND},
    tags=TAGS,
)
@api_view(["PUT", "DELETE"])
def reviewer_designation(
    request: Request, issuer_id: UUID, reviewer_id: UUID, credential_id: UUID
) -> Response:
    issuer = _issuer_for(request, issuer_id)
    reviewer, credential = _reviewer_and_credential(issuer, reviewer_id, credential_id)
    if request.method == "DELETE":
        if not services.reviewer_designation_remove(reviewer=reviewer, credential=credential):
            raise Http404("Not designated")
        return Response(status=status.HTTP_204_NO_CONTENT)
    existed = reviewer.review_designations.filter(credential=credential).exists()
    designation = services.reviewer_designate(
        reviewer=reviewer, credential=credential, by=request_user(request)
    )
    designation.credential = credential
    code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
    return Response(DesignationSerializer(designation).data, status=code)


@extend_schema(
    methods=["GET"],
    summary="The issuer's review policy",
    responses={200: ReviewPolicySerializer, 404: NOT_FOUND},
    tags=TAGS,
)
@extend_schema(
    methods=["PUT", "PATCH"],
    summary="Change the issuer's review policy (PATCH: only the fields given)",
    request=ReviewPolicySerializer,
    responses={
        200: ReviewPolicySerializer,
        400: OpenApiResponse(description='Invalid: {"<field>": ["<message>"]}'),
        404: NOT_FOUND,
    },
    tags=TAGS,
)
@api_view(["GET", "PUT", "PATCH"])
def review_policy(request: Request, issuer_id: UUID) -> Response:
    issuer = _issuer_for(request, issuer_id)
    policy = selectors.policy_for_issuer(issuer.pk)
    if request.method == "GET":
        return Response(ReviewPolicySerializer(policy).data)
    serializer = ReviewPolicySerializer(
        policy, data=request.data, partial=request.method == "PATCH"
    )
    serializer.is_valid(raise_exception=True)
    policy = services.review_policy_update(issuer=issuer, **serializer.validated_data)
    return Response(ReviewPolicySerializer(policy).data)


@extend_schema(
    summary="Quality of review: turnaround, pass rates, agreement (kappa), overdue submissions",
    description="Over the last year of completed reviews, for the issuers the caller is staff "
    "of (every issuer, for platform staff). The quality page as JSON.",
    responses={200: QualityReportSerializer, 404: OpenApiResponse(description="Not issuer staff")},
    tags=TAGS,
)
@api_view(["GET"])
def review_quality(request: Request) -> Response:
    if not request.user.has_perm("reviews.view_quality"):
        raise Http404("No such page")
    issuers = quality.quality_issuers(request_user(request))
    report = quality.quality_report(None if issuers is None else [i.pk for i in issuers])
    return Response(QualityReportSerializer(report).data)


@extend_schema(
    methods=["GET"],
    summary="The caller's reviewer preferences",
    responses={200: PreferenceSerializer, 404: OpenApiResponse(description="Not a reviewer")},
    tags=TAGS,
)
@extend_schema(
    methods=["PUT"],
    summary="Opt in or out of the daily queue digest email",
    request=PreferenceSerializer,
    responses={
        200: PreferenceSerializer,
        400: OpenApiResponse(description='Invalid: {"daily_digest": ["<message>"]}'),
        404: OpenApiResponse(description="Not a reviewer"),
    },
    tags=TAGS,
)
@api_view(["GET", "PUT"])
def review_preferences(request: Request) -> Response:
    if not request.user.has_perm("reviews.view_queue"):
        raise Http404("No such page")
    if request.method == "GET":
        preference = ReviewerPreference.objects.filter(reviewer=request_user(request)).first()
        return Response({"daily_digest": bool(preference and preference.daily_digest)})
    serializer = PreferenceSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    preference = services.reviewer_preference_set(
        reviewer=request_user(request), daily_digest=serializer.validated_data["daily_digest"]
    )
    return Response(PreferenceSerializer(preference).data)
