"""Badge endpoints: thin views over the same selectors, rules and services as the pages."""

from uuid import UUID

import rules
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from badges import conf, selectors, services, verification
from badges.models import Badge
from common.http import request_user
from common.ratelimit import client_ip, rate_limit_hit

from .serializers import (
    BadgeQuerySerializer,
    BadgeSerializer,
    RevokeSerializer,
    SharingSerializer,
    VerifyInSerializer,
    VerifyReportSerializer,
)


class BadgeList(generics.GenericAPIView[Badge]):
    serializer_class = BadgeSerializer

    @extend_schema(
        parameters=[BadgeQuerySerializer],
        responses=BadgeSerializer(many=True),
        summary="The caller's badges, newest first",
    )
    def get(self, request: Request) -> Response:
        query = BadgeQuerySerializer.from_request(request)
        badges = selectors.badges_for_educator(request_user(request))
        filters = query.validated_data
        if filters.get("revoked") is not None:
            badges = badges.filter(revoked_at__isnull=not filters["revoked"])
        if filters.get("kind"):
            badges = badges.filter(kind=filters["kind"])
        if filters.get("micro_credential"):
            badges = badges.filter(credential__public_id=filters["micro_credential"])
        page = self.paginate_queryset(query.ordered(badges))
        return self.get_paginated_response(BadgeSerializer(page, many=True).data)


badge_list = BadgeList.as_view()


@extend_schema(
    request=RevokeSerializer,
    responses={
        200: OpenApiResponse(BadgeSerializer, description="Revoked (or already revoked)"),
        400: OpenApiResponse(description="{reason: [message]}: the reason is missing"),
        404: OpenApiResponse(description="No such badge, or not issuer staff of its issuer"),
    },
    summary="Revoke a badge (issuer staff of its issuer, or platform staff)",
)
@api_view(["POST"])
def badge_revoke(request: Request, public_id: UUID) -> Response:
    badge = selectors.badge_by_public_id(public_id)
    if badge is None or not rules.has_perm("badges.revoke_badge", request.user, badge):
        raise Http404("No such badge")
    serializer = RevokeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    badge = services.badge_revoke(
        badge=badge, by=request_user(request), reason=serializer.validated_data["reason"]
    )
    return Response(BadgeSerializer(badge).data)


def _badge_for_earner(request: Request, public_id: UUID) -> Badge:
    badge = selectors.badge_by_public_id(public_id)
    # The rule as written, without the superuser's blanket pass: sharing is the earner's alone.
    if badge is None or not rules.has_perm("badges.change_badge_sharing", request.user, badge):
        raise Http404("No such badge")
    return badge


@extend_schema(
    methods=["GET"],
    summary="The earner's sharing choices for a badge",
    responses={200: SharingSerializer, 404: OpenApiResponse(description="Not the earner's")},
)
@extend_schema(
    methods=["PUT"],
    summary="Set a badge's sharing: a public page or not, an evidence summary to publish",
    request=SharingSerializer,
    responses={
        200: SharingSerializer,
        400: OpenApiResponse(description='{"evidence_summary": [...]}: publishing it empty'),
        404: OpenApiResponse(description="Not the earner's"),
    },
)
@api_view(["GET", "PUT"])
def badge_sharing(request: Request, public_id: UUID) -> Response:
    badge = _badge_for_earner(request, public_id)
    if request.method == "GET":
        return Response(SharingSerializer(badge).data)
    serializer = SharingSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        badge = services.badge_update_sharing(
            badge=badge, by=request_user(request), **serializer.validated_data
        )
    except services.BadgeError as error:
        return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(SharingSerializer(badge).data)


@extend_schema(
    summary="Verify a badge, as the /verify/ page does (anyone, rate limited)",
    description="Post a badge link (`url`), or the badge data itself (`badge`: an Open Badges "
    "3.0 credential or a 2.0 assertion). A badge that does not hold still answers 200, with "
    "`valid: false`, its status and the problems found.",
    request=VerifyInSerializer,
    responses={
        200: VerifyReportSerializer,
        400: OpenApiResponse(description="{detail}: nothing to check, or input it cannot read"),
        429: OpenApiResponse(description="Too many checks from this client; see Retry-After"),
    },
    auth=[],
)
@api_view(["POST"])
@permission_classes([AllowAny])
def badge_verify(request: Request) -> Response:
    retry_after = rate_limit_hit(
        "verify", client_ip(request), limit=conf.verify_rate_limit(), window_seconds=60
    )
    if retry_after is not None:
        return Response(
            {"detail": "Too many checks from your network in a short time; wait a minute."},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(retry_after)},
        )
    serializer = VerifyInSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    email = data.get("email") or ""
    try:
        if "badge" in data:
            report = verification.check_data(data["badge"], email=email)
        else:
            badge = verification.badge_for_url(data["url"].strip())
            report = verification.check_badge(badge, email=email, source="Badge link")
    except verification.VerificationInputError as error:
        return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(VerifyReportSerializer(report).data)
