from django.contrib import admin

from .models import SignInDomain, SignInJoin, SignInProvider


@admin.register(SignInProvider)
class SignInProviderAdmin(admin.ModelAdmin[SignInProvider]):
    list_display = ("district", "kind", "provider_id", "is_active", "created_at")
    list_filter = ("kind", "is_active")
    # The encrypted secret is not a field the admin shows or edits.
    readonly_fields = ("provider_id",)


@admin.register(SignInDomain)
class SignInDomainAdmin(admin.ModelAdmin[SignInDomain]):
    list_display = ("domain", "district", "verified_at", "last_checked_at")


@admin.register(SignInJoin)
class SignInJoinAdmin(admin.ModelAdmin[SignInJoin]):
    list_display = ("user", "district", "email", "created_at")
