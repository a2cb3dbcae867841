"""Evidence uploads, their page fragments and evidence links (see uploads.py)."""

from django.urls import URLPattern, path

from . import uploads

urlpatterns: list[URLPattern] = [
    path("<uuid:submission_id>/artifacts/", uploads.artifact_create, name="artifact_create"),
    path(
        "<uuid:submission_id>/requirements/<uuid:requirement_id>/artifacts/",
        uploads.artifact_list,
        name="artifact_list",
    ),
    path("artifacts/<uuid:artifact_id>/sign/", uploads.artifact_sign, name="artifact_sign"),
    path(
        "artifacts/<uuid:artifact_id>/uploaded/",
        uploads.artifact_uploaded,
        name="artifact_uploaded",
    ),
    path("artifacts/<uuid:artifact_id>/status/", uploads.artifact_status, name="artifact_status"),
    path("artifacts/<uuid:artifact_id>/retry/", uploads.artifact_retry, name="artifact_retry"),
    path("artifacts/<uuid:artifact_id>/remove/", uploads.artifact_remove, name="artifact_remove"),
    path(
        "artifacts/<uuid:artifact_id>/open/<slug:variant>/",
        uploads.artifact_open,
        name="artifact_open",
    ),
    path("evidence/<str:token>/", uploads.evidence_file, name="evidence_file"),
    path("uploads/s3/<str:token>/", uploads.upload_emulator, name="upload_emulator"),
]
