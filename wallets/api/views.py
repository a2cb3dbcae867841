"""`GET /api/v1/me/clr/`: the caller's signed learner record (CLR 2.0)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from common.http import request_user

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
