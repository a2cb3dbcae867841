from django.contrib import admin

from .models import Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "kind", "parent", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "external_id")
    readonly_fields = ("public_id", "path")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__email", "organization__name")
    autocomplete_fields = ("user", "organization")
