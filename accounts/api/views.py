"""POST /api/v1/auth/token/: exchange email and password for a personal token; and the
caller's own tokens under /api/v1/auth/tokens/ (list, create, revoke), as on the API tokens page."""

from typing import Any
from uuid import UUID

from allauth.account.adapter import get_adapter
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
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

from accounts.models import ApiToken, User
from accounts.tokens import api_token_create, api_token_revoke, api_tokens_live
from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from common.http import request_user


class LoginThrottle(AnonRateThrottle):
    """Brute-force protection for the token endpoint, per client IP."""

    scope = "token_login"
    rate = "10/min"


SECOND_FACTOR_MESSAGE = (
    "This account signs in with a second factor: sign in on the site and create a token on "
    "the API tokens page (/account/api-tokens/)."
)


def second_factor_expected(user: User) -> bool:
    """Whether signing in as `user` asks for more than the password: they set up an
    authenticator, or must (MFA_REQUIRED_FOR_STAFF and accounts.require_second_factor)."""
    if get_mfa_adapter().is_mfa_enabled(user):
        return True
    required = bool(settings.MFA_REQUIRED_FOR_STAFF)
    return required and user.has_perm("accounts.require_second_factor")


class TokenRequestSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        201: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        400: OpenApiResponse(
            description="A message per field, wrong credentials, or an account that signs in "
            "with a second factor (its tokens are made on the API tokens page)"
        ),
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
    try:
        # allauth's adapter, as the login form does: failures count toward the same per-account
        # and per-IP limits, and a locked account gets no token with the right password either.
        user = get_adapter(request._request).authenticate(
            request._request,
            email=serializer.validated_data["email"].lower(),
            password=serializer.validated_data["password"],
        )
    except ValidationError as locked:
        return Response(
            {"detail": " ".join(locked.messages)},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": "300"},
        )
    if user is None or not user.is_active:
        return Response(
            {"non_field_errors": ["Email or password is not correct."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if second_factor_expected(user):
        # A password alone must not buy what signing in needs a second factor for.
        return Response(
            {"non_field_errors": [SECOND_FACTOR_MESSAGE]}, status=status.HTTP_400_BAD_REQUEST
        )
    _, plain = api_token_create(user=user, name="API token")
    return Response({"token": plain}, status=status.HTTP_201_CREATED)


# --- The caller's personal tokens (the API tokens page) -----------------------------------------


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    """A token as its owner sees it later: never the token itself, only its first characters."""

    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = ApiToken
        fields: tuple[str, ...] = (
            "id",
            "name",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
        )
        read_only_fields = ("prefix", "created_at", "last_used_at", "expires_at")


class ApiTokenQuerySerializer(ListQuery):
    """`GET /auth/tokens/`: newest first without `ordering`."""

    ordering_fields = {
        "created": ("created_at",),
        "last_used": ("last_used_at",),
        "expires": ("expires_at",),
        "name": ("name",),
    }


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown this once; stored hashed.")

    class Meta(ApiTokenSerializer.Meta):
        fields = (*ApiTokenSerializer.Meta.fields, "token")


@extend_schema(
    methods=["GET"],
    summary="The caller's active API tokens (neither revoked nor expired)",
    parameters=[ApiTokenQuerySerializer],
    responses={200: ApiTokenSerializer(many=True)},
)
@extend_schema(
    methods=["POST"],
    summary="Create a named API token (shown once)",
    request=ApiTokenSerializer,
    responses={
        201: NewApiTokenSerializer,
        400: OpenApiResponse(description='{"name": ["<message>"]}'),
    },
)
@api_view(["GET", "POST"])
def api_tokens(request: Request) -> Response:
    user = request_user(request)
    if request.method == "POST":
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        name = serializer.validated_data.get("name", "API token")  # optional: the model's default
        token, plain = api_token_create(user=user, name=name)
        token.token = plain  # type: ignore[attr-defined]
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)
    query = ApiTokenQuerySerializer.from_request(request)
    tokens = query.ordered(api_tokens_live(user=user).order_by("-created_at", "-pk"))
    return paginated_response(request, tokens, ApiTokenSerializer)


@extend_schema(
    request=None,
    responses={204: None, 404: OpenApiResponse(description="Not one of the caller's tokens")},
    summary="Revoke one of the caller's API tokens (it stops working at once)",
)
@api_view(["DELETE"])
def api_token_delete(request: Request, public_id: UUID) -> Response:
    token = ApiToken.objects.filter(
        public_id=public_id, user=request_user(request), revoked_at=None
    ).first()
    if token is None:
        raise Http404("No such token")
    api_token_revoke(token=token)
    return Response(status=status.HTTP_204_NO_CONTENT)
