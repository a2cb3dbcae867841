"""Badge endpoints: thin views over the same selectors, rules and services as the pages."""

from typing import cast
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from badges import selectors, services

from .serializers import BadgeSerializer, RevokeSerializer


@extend_schema(
    responses={200: BadgeSerializer(many=True)},
    summary="The caller's badges, newest first",
)
@api_view(["GET"])
def badge_list(request: Request) -> Response:
    paginator = PageNumberPagination()
    queryset = selectors.badges_for_educator(cast(User, request.user))
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(BadgeSerializer(page, many=True).data)


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
    if badge is None or not request.user.has_perm("badges.revoke_badge", badge):
        raise Http404("No such badge")
    serializer = RevokeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    badge = services.badge_revoke(
        badge=badge, by=cast(User, request.user), reason=serializer.validated_data["reason"]
    )
    return Response(BadgeSerializer(badge).data)
