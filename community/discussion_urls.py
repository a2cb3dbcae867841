"""A cohort's discussion pages, under /cohorts/ in the `community` namespace (config/urls.py)."""

from django.urls import URLPattern, path

from . import discussion_views as views

urlpatterns: list[URLPattern] = [
    path("<uuid:cohort>/discussion/", views.discussion_page, name="discussion"),
    path(
        "<uuid:cohort>/discussion/notifications/",
        views.notifications,
        name="discussion_notifications",
    ),
    path("<uuid:cohort>/discussion/<uuid:thread>/", views.thread_page, name="thread"),
    path(
        "<uuid:cohort>/discussion/<uuid:thread>/moderate/",
        views.thread_moderate,
        name="discussion_thread_moderate",
    ),
    path(
        "<uuid:cohort>/discussion/posts/<uuid:post>/moderate/",
        views.post_moderate,
        name="discussion_post_moderate",
    ),
    path(
        "<uuid:cohort>/discussion/posts/<uuid:post>/report/",
        views.post_report,
        name="discussion_post_report",
    ),
    path(
        "<uuid:cohort>/discussion/posts/<uuid:post>/resolve-reports/",
        views.post_reports_resolve,
        name="discussion_reports_resolve",
    ),
    path(
        "<uuid:cohort>/discussion/attachments/<uuid:attachment>/",
        views.attachment_download,
        name="discussion_attachment",
    ),
]
