from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .api_keys import organization_key_revoke
from .models import OrganizationApiKey, WebhookDelivery, WebhookEndpoint


class IntegrationAdmin(admin.ModelAdmin[Any]):
    """Integrations are created and changed by their organization's admins (the services show
    a key or a secret once): the admin looks, and never shows a key's digest or a secret."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OrganizationApiKey)
class OrganizationApiKeyAdmin(IntegrationAdmin):
    list_display = ("name", "organization", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "organization__name")
    fields = (
        "public_id",
        "organization",
        "name",
        "prefix",
        "scopes",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    list_select_related = ("organization",)
    actions = ("revoke",)

    @admin.action(description="Revoke the selected keys (they answer 401 from now on)")
    def revoke(self, request: HttpRequest, queryset: QuerySet[OrganizationApiKey]) -> None:
        keys = list(queryset.filter(revoked_at=None))
        for key in keys:
            organization_key_revoke(key=key)
        messages.success(request, f"Revoked {len(keys)} key(s).")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(IntegrationAdmin):
    list_display = ("url", "organization", "is_active", "created_at", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("url", "organization__name")
    fields = (
        "public_id",
        "organization",
        "url",
        "event_types",
        "is_active",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    list_select_related = ("organization",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(IntegrationAdmin):
    list_display = ("created_at", "endpoint", "event_type", "status", "attempts", "delivered_at")
    list_filter = ("status", "event_type")
    search_fields = ("event_id", "endpoint__url")
    fields = (
        "public_id",
        "endpoint",
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
    )
    readonly_fields = fields
    list_select_related = ("endpoint",)
