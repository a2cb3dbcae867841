"""Authoring pages under /catalog/authoring/ (names in the `credentials` namespace)."""

from django.urls import URLPattern, path

from .authoring import credential_pages, draft_pages, order_pages, rubric_pages, stack_pages

urlpatterns: list[URLPattern] = [
    path("authoring/", credential_pages.authoring_list, name="authoring"),
    path("authoring/new/", draft_pages.authoring_create, name="authoring_create"),
    path(
        "authoring/credentials/<uuid:credential_id>/",
        credential_pages.authoring_credential,
        name="authoring_credential",
    ),
    path(
        "authoring/credentials/<uuid:credential_id>/new-version/",
        credential_pages.authoring_new_version,
        name="authoring_new_version",
    ),
    path(
        "authoring/credentials/<uuid:credential_id>/retire/",
        credential_pages.authoring_retire,
        name="authoring_retire",
    ),
    path(
        "authoring/versions/<uuid:version_id>/details/",
        draft_pages.authoring_details,
        name="authoring_details",
    ),
    path(
        "authoring/versions/<uuid:version_id>/requirements/",
        draft_pages.authoring_requirements,
        name="authoring_requirements",
    ),
    path(
        "authoring/versions/<uuid:version_id>/rubric/",
        rubric_pages.authoring_rubric,
        name="authoring_rubric",
    ),
    path(
        "authoring/versions/<uuid:version_id>/rubric/order/",
        order_pages.authoring_criteria_order,
        name="authoring_criteria_order",
    ),
    path(
        "authoring/versions/<uuid:version_id>/requirements/order/",
        order_pages.authoring_requirements_order,
        name="authoring_requirements_order",
    ),
    path(
        "authoring/versions/<uuid:version_id>/rubric/<uuid:criterion_id>/levels/",
        draft_pages.authoring_levels,
        name="authoring_levels",
    ),
    path(
        "authoring/versions/<uuid:version_id>/preview/",
        draft_pages.authoring_preview,
        name="authoring_preview",
    ),
    path(
        "authoring/versions/<uuid:version_id>/publish/",
        credential_pages.authoring_publish,
        name="authoring_publish",
    ),
    path(
        "authoring/stacks/new/", stack_pages.authoring_stack_create, name="authoring_stack_create"
    ),
    path(
        "authoring/stacks/<uuid:stack_id>/",
        stack_pages.authoring_stack_edit,
        name="authoring_stack_edit",
    ),
]
