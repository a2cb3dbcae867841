from django.contrib import admin

from .models import Cohort, CohortMembership, Milestone, PostReport, Thread


class MembershipInline(admin.TabularInline[CohortMembership, Cohort]):
    model = CohortMembership
    extra = 0
    raw_id_fields = ("user", "invited_by")
    readonly_fields = ("status", "joined_at", "ended_at")


class MilestoneInline(admin.TabularInline[Milestone, Cohort]):
    model = Milestone
    extra = 0
    raw_id_fields = ("micro_credential", "created_by")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    """Support staff look at cohorts here; organizations run them on their own pages."""

    list_display = ("name", "organization", "starts_on", "ends_on")
    search_fields = ("name", "organization__name")
    raw_id_fields = ("organization", "stack", "created_by")
    filter_horizontal = ("micro_credentials",)
    inlines = (MembershipInline, MilestoneInline)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ("title", "cohort", "author", "pinned", "locked", "hidden_at")
    raw_id_fields = ("cohort", "author", "micro_credential")


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin[PostReport]):
    list_display = ("post", "reporter", "created_at", "resolved_at")
    raw_id_fields = ("post", "reporter")
