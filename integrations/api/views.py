"""Integrations API: an organization's API keys and webhooks, managed by its admins.

People only (the default `IsAuthenticated`): an organization key cannot mint keys or
register webhooks. Organizations are looked up among those the caller administers (404
otherwise); keys, endpoints and deliveries among that organization's.
"""

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.filters import ListQuery
from common.api.pagination import paginated_response
from common.http import request_user
from integrations.api_keys import (
    Scope,
    organization_key_create,
    organization_key_revoke,
    organization_keys_for,
)
from integrations.models import OrganizationApiKey, WebhookDelivery, WebhookEndpoint
from integrations.webhooks import (
    TEST_EVENT,
    EventType,
    WebhookUrlError,
    webhook_deliveries_for,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_update,
    webhook_endpoints_for,
    webhook_redeliver,
    webhook_test_send,
)
from organizations import selectors
from organizations.models import Organization

NOT_FOUND = OpenApiResponse(description="Not an organization the caller administers, or not its")


# --------------------------------------------------------------------------------------------
# Serializers
# --------------------------------------------------------------------------------------------


class ApiKeySerializer(serializers.ModelSerializer[OrganizationApiKey]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    scopes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = OrganizationApiKey
        fields = ["id", "name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class ApiKeyCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=Scope.choices),
        min_length=1,
        help_text="progress:read, roster:write, assignments:write",
    )


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.SerializerMethodField(help_text="Shown this once; store it now.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]

    def get_key(self, key: OrganizationApiKey) -> str:
        return str(self.context["plain"])


class WebhookEndpointSerializer(serializers.ModelSerializer[WebhookEndpoint]):
    """An endpoint as listed: never its secret."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    event_types = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "event_types", "is_active", "created_at", "updated_at"]
        read_only_fields = fields


class WebhookEndpointInputSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=500)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), min_length=1
    )
    is_active = serializers.BooleanField(required=False, default=True)


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.SerializerMethodField(
        help_text="The signing secret, shown this once: store it to verify signatures."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]

    def get_secret(self, endpoint: WebhookEndpoint) -> str:
        return str(self.context["secret"])


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "created_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields


class ApiKeyQuery(ListQuery):
    """`GET .../api-keys/`: newest first without `ordering`."""

    revoked = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: only revoked keys."
    )
    ordering_fields = {
        "created": ("created_at",),
        "last_used": ("last_used_at",),
        "name": ("name",),
    }


class WebhookQuery(ListQuery):
    """`GET .../webhooks/`: newest first without `ordering`."""

    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)
    ordering_fields = {"created": ("created_at",), "url": ("url",)}


class DeliveryQuery(ListQuery):
    """`GET .../deliveries/` filters (combined with AND); newest first without `ordering`."""

    status = serializers.ChoiceField(choices=WebhookDelivery.Status.choices, required=False)
    event = serializers.ChoiceField(
        choices=[*EventType.values, TEST_EVENT], required=False, help_text="An event type."
    )
    ordering_fields = {
        "created": ("created_at",),
        "attempts": ("attempts",),
        "next_attempt": ("next_attempt_at",),
    }


# --------------------------------------------------------------------------------------------
# Lookups: the 404s
# --------------------------------------------------------------------------------------------


def _get_organization(request: Request, public_id: UUID) -> Organization:
    user = request_user(request)
    organization = selectors.organizations_administered_by(user).filter(public_id=public_id).first()
    if organization is None:
        raise Http404("No such organization")
    return organization


def _get_endpoint(request: Request, public_id: UUID, endpoint_id: UUID) -> WebhookEndpoint:
    organization = _get_organization(request, public_id)
    endpoint = (
        WebhookEndpoint.objects.filter(organization=organization, public_id=endpoint_id)
        .select_related("organization")
        .first()
    )
    if endpoint is None:
        raise Http404("No such webhook")
    return endpoint


# --------------------------------------------------------------------------------------------
# API keys
# --------------------------------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    parameters=[ApiKeyQuery],
    responses={200: ApiKeySerializer(many=True), 404: NOT_FOUND},
    summary="The organization's API keys (revoked ones too); never the keys themselves",
)
@extend_schema(
    methods=["POST"],
    request=ApiKeyCreateSerializer,
    responses={
        201: ApiKeyCreatedSerializer,
        400: OpenApiResponse(description="Invalid"),
        404: NOT_FOUND,
    },
    summary="Create an organization API key (answered once; stored hashed)",
)
@api_view(["GET", "POST"])
def api_key_list(request: Request, public_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    if request.method == "GET":
        query = ApiKeyQuery.from_request(request)
        keys = organization_keys_for(organization).order_by("-created_at", "-pk")
        if query.validated_data.get("revoked") is not None:
            keys = keys.filter(revoked_at__isnull=not query.validated_data["revoked"])
        return paginated_response(request, query.ordered(keys), ApiKeySerializer)
    data = ApiKeyCreateSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    key, plain = organization_key_create(
        organization=organization,
        name=data.validated_data["name"],
        scopes=data.validated_data["scopes"],
        by=request_user(request),
    )
    body = ApiKeyCreatedSerializer(key, context={"plain": plain}).data
    return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


@extend_schema(
    request=None,
    responses={200: ApiKeySerializer, 404: NOT_FOUND},
    summary="Revoke an organization API key (it answers 401 from now on)",
)
@api_view(["POST"])
def api_key_revoke(request: Request, public_id: UUID, key_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    key = OrganizationApiKey.objects.filter(organization=organization, public_id=key_id).first()
    if key is None:
        raise Http404("No such key")
    return Response(ApiKeySerializer(organization_key_revoke(key=key)).data)


# --------------------------------------------------------------------------------------------
# Webhooks
# --------------------------------------------------------------------------------------------


def _url_error(error: WebhookUrlError) -> Response:
    return Response({"url": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(
    methods=["GET"],
    parameters=[WebhookQuery],
    responses={200: WebhookEndpointSerializer(many=True), 404: NOT_FOUND},
    summary="The organization's webhook endpoints (never their secrets)",
)
@extend_schema(
    methods=["POST"],
    request=WebhookEndpointInputSerializer,
    responses={
        201: WebhookEndpointCreatedSerializer,
        400: OpenApiResponse(
            description="Invalid URL (http:// where https is required, private addresses) or events"
        ),
        404: NOT_FOUND,
    },
    summary="Register a webhook endpoint; answers its signing secret this once",
    description=(
        "Each event is POSTed as JSON with the headers X-Webhook-Id (the event id: deduplicate "
        "on it), X-Webhook-Event, X-Webhook-Timestamp (Unix seconds) and X-Webhook-Signature: "
        '"sha256=" + hex HMAC-SHA256 of "<timestamp>.<raw body>" under the secret. Verify it '
        "with a constant-time comparison and reject old timestamps. Any 2xx answers counts as "
        "delivered; anything else (redirects included) is retried with exponential backoff."
    ),
)
@api_view(["GET", "POST"])
def webhook_list(request: Request, public_id: UUID) -> Response:
    organization = _get_organization(request, public_id)
    if request.method == "GET":
        query = WebhookQuery.from_request(request)
        endpoints = webhook_endpoints_for(organization).order_by("-created_at", "-pk")
        if query.validated_data.get("is_active") is not None:
            endpoints = endpoints.filter(is_active=query.validated_data["is_active"])
        return paginated_response(request, query.ordered(endpoints), WebhookEndpointSerializer)
    data = WebhookEndpointInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        endpoint, secret = webhook_endpoint_create(
            organization=organization,
            url=data.validated_data["url"],
            event_types=data.validated_data["event_types"],
            by=request_user(request),
        )
    except WebhookUrlError as error:
        return _url_error(error)
    if not data.validated_data["is_active"]:
        webhook_endpoint_update(endpoint=endpoint, is_active=False)
    body = WebhookEndpointCreatedSerializer(endpoint, context={"secret": secret}).data
    return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


@extend_schema(
    methods=["GET"],
    responses={200: WebhookEndpointSerializer, 404: NOT_FOUND},
    summary="A webhook endpoint (never its secret)",
)
@extend_schema(
    methods=["PATCH"],
    request=WebhookEndpointInputSerializer(partial=True),
    responses={
        200: WebhookEndpointSerializer,
        400: OpenApiResponse(
            description="Invalid URL (http:// where https is required, private addresses) or events"
        ),
        404: NOT_FOUND,
    },
    summary="Change a webhook endpoint's URL, events or active flag",
)
@extend_schema(
    methods=["DELETE"],
    responses={204: None, 404: NOT_FOUND},
    summary="Delete a webhook endpoint and its delivery log",
)
@api_view(["GET", "PATCH", "DELETE"])
def webhook_detail(request: Request, public_id: UUID, endpoint_id: UUID) -> Response:
    endpoint = _get_endpoint(request, public_id, endpoint_id)
    if request.method == "DELETE":
        webhook_endpoint_delete(endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)
    if request.method == "PATCH":
        data = WebhookEndpointInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            endpoint = webhook_endpoint_update(endpoint=endpoint, **data.validated_data)
        except WebhookUrlError as error:
            return _url_error(error)
    return Response(WebhookEndpointSerializer(endpoint).data)


@extend_schema(
    request=None,
    responses={202: WebhookDeliverySerializer, 404: NOT_FOUND},
    summary="Send a webhook.test event to this endpoint",
)
@api_view(["POST"])
def webhook_test(request: Request, public_id: UUID, endpoint_id: UUID) -> Response:
    endpoint = _get_endpoint(request, public_id, endpoint_id)
    delivery = webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    parameters=[DeliveryQuery],
    responses={200: WebhookDeliverySerializer(many=True), 404: NOT_FOUND},
    summary="The endpoint's delivery log, newest first (paginated)",
)
@api_view(["GET"])
def webhook_deliveries(request: Request, public_id: UUID, endpoint_id: UUID) -> Response:
    endpoint = _get_endpoint(request, public_id, endpoint_id)
    query = DeliveryQuery.from_request(request)
    deliveries = webhook_deliveries_for(endpoint)
    if query.validated_data.get("status"):
        deliveries = deliveries.filter(status=query.validated_data["status"])
    if query.validated_data.get("event"):
        deliveries = deliveries.filter(event_type=query.validated_data["event"])
    return paginated_response(request, query.ordered(deliveries), WebhookDeliverySerializer)


@extend_schema(
    request=None,
    responses={202: WebhookDeliverySerializer, 404: NOT_FOUND},
    summary="Send a delivery's event again (same event id, a new delivery)",
)
@api_view(["POST"])
def webhook_redeliver_view(
    request: Request, public_id: UUID, endpoint_id: UUID, delivery_id: UUID
) -> Response:
    endpoint = _get_endpoint(request, public_id, endpoint_id)
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint, public_id=delivery_id).first()
    if delivery is None:
        raise Http404("No such delivery")
    delivery.endpoint = endpoint
    again = webhook_redeliver(delivery=delivery)
    again.refresh_from_db()
    return Response(WebhookDeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
