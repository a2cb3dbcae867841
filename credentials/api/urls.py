"""/api/v1/ catalog endpoints (included by config/api_urls.py, no namespace: names say "api-")."""

from django.urls import URLPattern, URLResolver, include, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("focus-areas/", views.FocusAreaList.as_view(), name="api-focus-areas"),
    # The micro-credential list and detail show what each counts for: served by recognition
    # (recognition/api/catalog_views.py, subclassing the views here).
    path("stacks/", views.StackList.as_view(), name="api-stacks"),
    path("", include("credentials.api.authoring_urls")),
]
