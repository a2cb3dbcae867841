"""Admin: badges and their audit trail read-only (changes go through the services), issuer
keys by their public half only, with a rotate action."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User

from .keys import KeyUnavailable, issuer_key_rotate
from .models import Badge, BadgeEvent, IssuerKey, StatusList


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BadgeEventInline(admin.TabularInline[BadgeEvent, Badge]):
    model = BadgeEvent
    fields = ("created_at", "action", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "educator", "issuer", "issued_at", "expires_at", "revoked_at")
    list_filter = ("kind", "issuer")
    search_fields = ("title", "educator__email", "public_id")
    list_select_related = ("educator", "issuer")
    exclude = ("credential_json", "recipient_salt")
    inlines = (BadgeEventInline,)


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnlyAdmin):
    # The encrypted private key is never listed, shown or exported.
    list_display = ("issuer", "public_key_multibase", "active", "created_at", "retired_at")
    list_filter = ("active",)
    fields = ("issuer", "public_key_multibase", "active", "created_at", "retired_at")
    readonly_fields = fields
    list_select_related = ("issuer",)
    actions = ("rotate",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Needed for the action; every field stays read-only.
        return bool(request.user.is_superuser)

    @admin.action(description="Rotate: make a new key active for these issuers")
    def rotate(self, request: HttpRequest, queryset: QuerySet[IssuerKey]) -> None:
        issuers = {key.issuer_id: key.issuer for key in queryset.select_related("issuer")}
        user = request.user if isinstance(request.user, User) else None
        rotated = 0
        for issuer in issuers.values():
            try:
                issuer_key_rotate(issuer=issuer, by=user)
            except KeyUnavailable as error:
                messages.error(request, f"{issuer}: {error}")
            else:
                rotated += 1
        messages.success(request, f"New signing keys for {rotated} issuer(s).")


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "issuer", "is_open", "size", "updated_at")
    exclude = ("credential",)


@admin.register(BadgeEvent)
class BadgeEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "badge", "issuer", "actor")
    list_filter = ("action",)
    list_select_related = ("badge", "issuer", "actor")
