"""/api/v1/ catalog endpoints (included by config/api_urls.py, no namespace: names say "api-")."""

from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("focus-areas/", views.FocusAreaList.as_view(), name="api-focus-areas"),
    path("micro-credentials/", views.MicroCredentialList.as_view(), name="api-micro-credentials"),
    path(
        "micro-credentials/<uuid:id>/",
        views.MicroCredentialDetail.as_view(),
        name="api-micro-credential-detail",
    ),
    path("stacks/", views.StackList.as_view(), name="api-stacks"),
    path("", include("credentials.api.authoring_urls")),
]
