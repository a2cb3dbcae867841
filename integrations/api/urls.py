"""/api/v1/organizations/<id>/api-keys/ and webhooks/: an organization's integrations, managed
by its admins."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "organizations/<uuid:public_id>/api-keys/",
        views.api_key_list,
        name="api-organization-keys",
    ),
    path(
        "organizations/<uuid:public_id>/api-keys/<uuid:key_id>/revoke/",
        views.api_key_revoke,
        name="api-organization-key-revoke",
    ),
    path(
        "organizations/<uuid:public_id>/webhooks/",
        views.webhook_list,
        name="api-organization-webhooks",
    ),
    path(
        "organizations/<uuid:public_id>/webhooks/<uuid:endpoint_id>/",
        views.webhook_detail,
        name="api-organization-webhook",
    ),
    path(
        "organizations/<uuid:public_id>/webhooks/<uuid:endpoint_id>/test/",
        views.webhook_test,
        name="api-organization-webhook-test",
    ),
    path(
        "organizations/<uuid:public_id>/webhooks/<uuid:endpoint_id>/deliveries/",
        views.webhook_deliveries,
        name="api-organization-webhook-deliveries",
    ),
    path(
        "organizations/<uuid:public_id>/webhooks/<uuid:endpoint_id>/deliveries/"
        "<uuid:delivery_id>/redeliver/",
        views.webhook_redeliver_view,
        name="api-organization-webhook-redeliver",
    ),
]
