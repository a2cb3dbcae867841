"""Evidence uploads, their page fragments and evidence links (see artifact_views.py)."""

from django.urls import URLPattern, path

from . import artifact_views

urlpatterns: list[URLPattern] = [
    path("<uuid:submission_id>/artifacts/", artifact_views.artifact_create, name="artifact_create"),
    path(
        "<uuid:submission_id>/requirements/<uuid:requirement_id>/artifacts/",
        artifact_views.artifact_list,
        name="artifact_list",
    ),
    path("artifacts/<uuid:artifact_id>/sign/", artifact_views.artifact_sign, name="artifact_sign"),
    path(
        "artifacts/<uuid:artifact_id>/uploaded/",
        artifact_views.artifact_uploaded,
        name="artifact_uploaded",
    ),
    path(
        "artifacts/<uuid:artifact_id>/status/",
        artifact_views.artifact_status,
        name="artifact_status",
    ),
    path(
        "artifacts/<uuid:artifact_id>/retry/", artifact_views.artifact_retry, name="artifact_retry"
    ),
    path(
        "artifacts/<uuid:artifact_id>/remove/",
        artifact_views.artifact_remove,
        name="artifact_remove",
    ),
    path(
        "artifacts/<uuid:artifact_id>/open/<slug:variant>/",
        artifact_views.artifact_open,
        name="artifact_open",
    ),
    path("evidence/<str:token>/", artifact_views.evidence_file, name="evidence_file"),
    path("uploads/s3/<str:token>/", artifact_views.upload_emulator, name="upload_emulator"),
]
