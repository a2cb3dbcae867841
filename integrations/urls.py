"""The Integrations pages, under /organizations/integrations/ in the `organizations:` URL
namespace (config/urls.py)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("integrations/", views.integrations, name="integrations"),
    path("integrations/keys/", views.integration_key_create, name="integration_key_create"),
    path(
        "integrations/keys/<uuid:public_id>/revoke/",
        views.integration_key_revoke,
        name="integration_key_revoke",
    ),
    path(
        "integrations/webhooks/",
        views.integration_webhook_create,
        name="integration_webhook_create",
    ),
    path(
        "integrations/webhooks/<uuid:public_id>/",
        views.integration_webhook,
        name="integration_webhook",
    ),
    path(
        "integrations/webhooks/<uuid:public_id>/test/",
        views.integration_webhook_test,
        name="integration_webhook_test",
    ),
    path(
        "integrations/webhooks/<uuid:public_id>/toggle/",
        views.integration_webhook_toggle,
        name="integration_webhook_toggle",
    ),
    path(
        "integrations/webhooks/<uuid:public_id>/delete/",
        views.integration_webhook_delete,
        name="integration_webhook_delete",
    ),
    path(
        "integrations/deliveries/<uuid:public_id>/redeliver/",
        views.integration_redeliver,
        name="integration_redeliver",
    ),
]
