"""Authoring pages under /catalog/authoring/ (names in the `credentials` namespace)."""

from django.urls import URLPattern, path

from . import authoring

urlpatterns: list[URLPattern] = [
    path("authoring/", authoring.authoring_list, name="authoring"),
    path("authoring/new/", authoring.authoring_create, name="authoring_create"),
    path(
        "authoring/credentials/<uuid:credential_id>/",
        authoring.authoring_credential,
        name="authoring_credential",
    ),
    path(
        "authoring/credentials/<uuid:credential_id>/new-version/",
        authoring.authoring_new_version,
        name="authoring_new_version",
    ),
    path(
        "authoring/credentials/<uuid:credential_id>/retire/",
        authoring.authoring_retire,
        name="authoring_retire",
    ),
    path(
        "authoring/versions/<uuid:version_id>/details/",
        authoring.authoring_details,
        name="authoring_details",
    ),
    path(
        "authoring/versions/<uuid:version_id>/requirements/",
        authoring.authoring_requirements,
        name="authoring_requirements",
    ),
    path(
        "authoring/versions/<uuid:version_id>/rubric/",
        authoring.authoring_rubric,
        name="authoring_rubric",
    ),
    path(
        "authoring/versions/<uuid:version_id>/rubric/<uuid:criterion_id>/levels/",
        authoring.authoring_levels,
        name="authoring_levels",
    ),
    path(
        "authoring/versions/<uuid:version_id>/preview/",
        authoring.authoring_preview,
        name="authoring_preview",
    ),
    path(
        "authoring/versions/<uuid:version_id>/publish/",
        authoring.authoring_publish,
        name="authoring_publish",
    ),
    path("authoring/stacks/new/", authoring.authoring_stack_create, name="authoring_stack_create"),
    path(
        "authoring/stacks/<uuid:stack_id>/",
        authoring.authoring_stack_edit,
        name="authoring_stack_edit",
    ),
]
