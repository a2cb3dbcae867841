from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from credentials.cache import catalog_changed

from .models import BodyMembership, CreditEvent, CreditRequest, Goal, Recognition, RecognitionBody


class RuleInline(admin.TabularInline[Recognition, RecognitionBody]):
    model = Recognition
    extra = 0
    raw_id_fields = ("micro_credential", "stack", "focus_area")


class GoalInline(admin.TabularInline[Goal, RecognitionBody]):
    model = Goal
    extra = 0


class MembershipInline(admin.TabularInline[BodyMembership, RecognitionBody]):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(RecognitionBody)
class RecognitionBodyAdmin(admin.ModelAdmin[RecognitionBody]):
    """Platform staff create bodies and their first managers here."""

    list_display = ("name", "kind", "applies_to", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organization", "applies_to")
    inlines = (MembershipInline, RuleInline, GoalInline)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The catalog's cached cards show what each micro-credential counts for.
        catalog_changed()


class CreditEventInline(admin.TabularInline[CreditEvent, CreditRequest]):
    model = CreditEvent
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "action", "from_status", "to_status", "note", "created_at")


@admin.register(CreditRequest)
class CreditRequestAdmin(admin.ModelAdmin[CreditRequest]):
    """Read-only: requests move through the approvers' pages and services."""

    list_display = ("educator", "body", "amount", "unit", "status", "created_at", "flagged_at")
    list_filter = ("status", "body")
    search_fields = ("educator__email", "public_id")
    inlines = (CreditEventInline,)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
