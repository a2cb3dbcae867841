"""POST /api/v1/auth/token/: exchange email and password for a personal token."""

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.tokens import api_token_create


class LoginThrottle(AnonRateThrottle):
    """Brute-force protection for the token endpoint, per client IP."""

    scope = "token_login"
    rate = "10/min"


class TokenRequestSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        201: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        400: OpenApiResponse(description="A message per field, or wrong credentials"),
        429: OpenApiResponse(description="Too many attempts; see Retry-After"),
    },
    auth=[],
    summary="Get a personal API token (shown once; stored hashed)",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle])
def token_create(request: Request) -> Response:
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user = authenticate(
        request._request,
        username=serializer.validated_data["email"].lower(),
        password=serializer.validated_data["password"],
    )
    if user is None or not user.is_active:
        return Response(
            {"non_field_errors": ["Email or password is not correct."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    _, plain = api_token_create(user=user, name="API token")
    return Response({"token": plain}, status=status.HTTP_201_CREATED)
