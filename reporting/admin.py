from django.contrib import admin

from .models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("created_at", "organization", "kind", "credential", "stack", "due_on")
    list_filter = ("kind",)
    raw_id_fields = ("educator", "school", "credential", "stack", "assigned_by")
