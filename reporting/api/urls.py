"""/api/v1/organizations/: the organizations, staff progress and assignments."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("organizations/", views.organization_list, name="api-organizations"),
    path(
        "organizations/<uuid:public_id>/progress/",
        views.organization_progress,
        name="api-organization-progress",
    ),
    path(
        "organizations/<uuid:public_id>/assignments/",
        views.assignment_list,
        name="api-organization-assignments",
    ),
    path(
        "organizations/<uuid:public_id>/assignments/<uuid:assignment_id>/cancel/",
        views.assignment_cancel,
        name="api-organization-assignment-cancel",
    ),
]
