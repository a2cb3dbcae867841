from django.urls import path, re_path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^export/progress\.(?P<fmt>csv|xlsx)$", views.export_progress, name="export_progress"),
    re_path(r"^export/earned\.(?P<fmt>csv|xlsx)$", views.export_earned, name="export_earned"),
    path("transcript/", views.transcript, name="transcript"),
    path("transcript.pdf", views.transcript_pdf, name="transcript_pdf"),
    path("staff/<uuid:user_id>/transcript/", views.transcript, name="transcript"),
    path("staff/<uuid:user_id>/transcript.pdf", views.transcript_pdf, name="transcript_pdf"),
    path("roster/", views.roster_upload, name="roster_upload"),
    path("roster/<uuid:public_id>/", views.roster_preview, name="roster_preview"),
    path("roster/<uuid:public_id>/confirm/", views.roster_confirm, name="roster_confirm"),
    path("roster/<uuid:public_id>/discard/", views.roster_discard, name="roster_discard"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<uuid:public_id>/cancel/", views.assignment_cancel, name="assignment_cancel"),
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
    path(
        "invitation/<str:uidb64>/<str:token>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
]
