"""Admin: policies and designations are configuration; reviews are read-only records (they
change only through services, with audit rows)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    CriterionScore,
    Review,
    ReviewComment,
    ReviewerDesignation,
    ReviewerPreference,
    ReviewEvent,
    ReviewPolicy,
)


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin[ReviewPolicy]):
    list_display = (
        "issuer",
        "conflict_of_interest",
        "claim_hours",
        "second_review_rate",
        "blind_review",
        "turnaround_target_days",
    )


@admin.register(ReviewerDesignation)
class ReviewerDesignationAdmin(admin.ModelAdmin[ReviewerDesignation]):
    list_display = ("reviewer", "credential", "designated_by", "created_at")
    list_select_related = ("reviewer", "credential", "designated_by")
    search_fields = ("reviewer__email", "credential__slug")
    autocomplete_fields = ()
    raw_id_fields = ("reviewer", "credential", "designated_by")

    def save_model(
        self, request: HttpRequest, obj: ReviewerDesignation, form: Any, change: bool
    ) -> None:
        if not change and obj.designated_by_id is None:
            obj.designated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(ReviewerPreference)
class ReviewerPreferenceAdmin(admin.ModelAdmin[ReviewerPreference]):
    list_display = ("reviewer", "daily_digest", "updated_at")
    raw_id_fields = ("reviewer",)


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScoreInline(ReadOnlyInline):
    model = CriterionScore


class CommentInline(ReadOnlyInline):
    model = ReviewComment


class EventInline(ReadOnlyInline):
    model = ReviewEvent


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = ("submission", "reviewer", "kind", "status", "decision", "claimed_at")
    list_filter = ("kind", "status", "decision")
    list_select_related = ("submission__credential", "reviewer")
    search_fields = ("reviewer__email", "submission__public_id")
    inlines = (ScoreInline, CommentInline, EventInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
