"""/api/v1/: each app contributes its endpoints from `<app>/api/urls.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("credentials.api.urls")),
    path("", include("submissions.api.urls")),
]
