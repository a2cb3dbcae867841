"""The portable record's endpoints: `GET /api/v1/me/clr/` (the caller's signed learner record,
CLR 2.0) and `POST /api/v1/badges/{id}/wallet-offer/` (an OpenID4VCI offer of one badge)."""

from uuid import UUID

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from badges.selectors import badge_by_public_id
from common.http import request_user

from .. import services
from ..clr import clr_signed


@extend_schema(
    summary="My signed learner record (CLR 2.0)",
    description=(
        "A ClrCredential signed by the platform (eddsa-rdfc-2022; the key is in the issuer "
        "profile named by proof.verificationMethod). Its subject embeds every current signed "
        "Open Badges 3.0 credential of the caller (revoked, expired and renewed ones left out), "
        "each with its own issuer's proof, an isParentOf association from each stack to its "
        "parts, and the credit recognition bodies granted. A new record is signed per request."
    ),
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The signed ClrCredential")},
    tags=["portable record"],
)
@api_view(["GET"])
def my_clr(request: Request) -> ApiResponse:
    return ApiResponse(clr_signed(request_user(request)))


class WalletOfferSerializer(serializers.Serializer[services.CreatedOffer]):
    credential_offer = serializers.DictField(
        help_text="The OpenID4VCI credential offer (the transaction code is not in it)"
    )
    credential_offer_uri = serializers.CharField(
        help_text="openid-credential-offer://?credential_offer_uri=<URL of the offer JSON>"
    )
    tx_code = serializers.CharField(help_text="The 6-digit transaction code, shown only now")
    expires_at = serializers.DateTimeField(source="offer.expires_at")


@extend_schema(
    summary="Offer one of my badges to a wallet (OpenID4VCI, pre-authorized code)",
    description=(
        "A single-use credential offer of the badge, valid for 10 minutes, and its 6-digit "
        "transaction code (only its hash is kept: it is shown in this answer alone). The wallet "
        "fetches the offer, redeems the code at the token endpoint named by "
        "/.well-known/oauth-authorization-server, and receives the badge bound to its did:key."
    ),
    request=None,
    responses={
        201: WalletOfferSerializer,
        400: OpenApiResponse(description="{detail}: the badge is revoked, expired or unsigned"),
        404: OpenApiResponse(description="No such badge, or not the caller's"),
    },
    tags=["portable record"],
)
@api_view(["POST"])
def badge_wallet_offer(request: Request, public_id: UUID) -> ApiResponse:
    badge = badge_by_public_id(public_id)
    user = request_user(request)
    if badge is None or badge.educator_id != user.pk:
        raise Http404("No such badge")
    try:
        created = services.wallet_offer_create(badge=badge, by=user)
    except services.WalletOfferError as error:
        return ApiResponse({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
    response = ApiResponse(WalletOfferSerializer(created).data, status=status.HTTP_201_CREATED)
    response["Cache-Control"] = "no-store"
    return response
