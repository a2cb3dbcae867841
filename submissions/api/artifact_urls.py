"""/api/v1/ artifact endpoints (included by submissions/api/urls.py)."""

from django.urls import URLPattern, path

from . import artifact_views

urlpatterns: list[URLPattern] = [
    path(
        "submissions/<uuid:public_id>/artifacts/",
        artifact_views.artifact_upload,
        name="api-submission-artifacts",
    ),
    path("artifacts/<uuid:public_id>/", artifact_views.artifact_detail, name="api-artifact"),
    path(
        "artifacts/<uuid:public_id>/retry/",
        artifact_views.artifact_retry,
        name="api-artifact-retry",
    ),
]
