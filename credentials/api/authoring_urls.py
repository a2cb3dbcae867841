"""/api/v1/authoring/: the authoring pages' actions (included by credentials/api/urls.py)."""

from django.urls import URLPattern, path

from . import authoring_views as views

urlpatterns: list[URLPattern] = [
    path(
        "authoring/micro-credentials/",
        views.authored_credentials,
        name="api-authoring-credentials",
    ),
    path(
        "authoring/micro-credentials/<uuid:public_id>/",
        views.authored_credential,
        name="api-authoring-credential",
    ),
    path(
        "authoring/micro-credentials/<uuid:public_id>/new-version/",
        views.credential_new_version,
        name="api-authoring-new-version",
    ),
    path(
        "authoring/micro-credentials/<uuid:public_id>/retire/",
        views.credential_retire,
        name="api-authoring-retire",
    ),
    path(
        "authoring/versions/<uuid:public_id>/",
        views.authoring_version,
        name="api-authoring-version",
    ),
    path(
        "authoring/versions/<uuid:public_id>/content/",
        views.version_content,
        name="api-authoring-version-content",
    ),
    path(
        "authoring/versions/<uuid:public_id>/image/",
        views.version_image,
        name="api-authoring-version-image",
    ),
    path(
        "authoring/versions/<uuid:public_id>/publish/",
        views.version_publish,
        name="api-authoring-publish",
    ),
    path("authoring/stacks/", views.authored_stacks, name="api-authoring-stacks"),
    path(
        "authoring/stacks/<uuid:public_id>/",
        views.authored_stack,
        name="api-authoring-stack",
    ),
]
