"""The reporting pages, under /organizations/ in the `organizations:` URL namespace
(config/urls.py): the dashboard, its exports, transcripts, assignments."""

from django.urls import URLPattern, path, re_path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export/progress\.(?P<fmt>csv|xlsx)$", views.export_progress, name="export_progress"),
    re_path(r"^export/earned\.(?P<fmt>csv|xlsx)$", views.export_earned, name="export_earned"),
    path("transcript/", views.transcript, name="transcript"),
    path("transcript.pdf", views.transcript_pdf, name="transcript_pdf"),
    path("staff/<uuid:user_id>/transcript/", views.transcript, name="transcript"),
    path("staff/<uuid:user_id>/transcript.pdf", views.transcript_pdf, name="transcript_pdf"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<uuid:public_id>/cancel/", views.assignment_cancel, name="assignment_cancel"),
]
