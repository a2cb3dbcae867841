"""The community namespace, under /cohorts/: my cohorts and invitations, joining by code, a
cohort's page and its management. The discussion's pages join this namespace with their own
patterns (`community:thread`, kwargs cohort and thread)."""

from django.urls import URLPattern, path

from . import discussion_urls, views

app_name = "community"
urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("join/", views.join, name="join"),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<uuid:membership_id>/<str:answer>/",
        views.respond,
        name="respond",
    ),
    path("<uuid:cohort>/", views.cohort_page, name="cohort"),
    path("<uuid:cohort>/edit/", views.edit, name="edit"),
    path("<uuid:cohort>/invite/", views.invite, name="invite"),
    path("<uuid:cohort>/join-code/", views.join_code, name="join_code"),
    path("<uuid:cohort>/milestones/", views.milestone, name="milestone"),
    path("<uuid:cohort>/announcements/", views.announce, name="announce"),
    path("<uuid:cohort>/leave/", views.leave, name="leave"),
    # The discussion's pages (community/discussion_urls.py): /cohorts/<cohort>/discussion/...
    *discussion_urls.urlpatterns,
]
