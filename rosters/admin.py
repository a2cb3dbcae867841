from django.contrib import admin

from .models import RosterImport


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin[RosterImport]):
    list_display = ("created_at", "organization", "format", "status", "error_count")
    list_filter = ("status", "format")
    readonly_fields = ("public_id", "summary", "error_count", "failure_reason", "applied_at")
