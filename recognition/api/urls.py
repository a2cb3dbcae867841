"""/api/v1/ recognition endpoints (included first by config/api_urls.py: the micro-credential
list and detail are served here, with what each counts for; see catalog_views.py)."""

from django.urls import URLPattern, URLResolver, path

from . import catalog_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "micro-credentials/",
        catalog_views.MicroCredentialList.as_view(),
        name="api-micro-credentials",
    ),
    path(
        "micro-credentials/<uuid:id>/",
        catalog_views.MicroCredentialDetail.as_view(),
        name="api-micro-credential-detail",
    ),
    path("recognition-bodies/", views.body_list, name="api-recognition-bodies"),
    path(
        "recognition-bodies/<uuid:public_id>/rules/",
        views.rule_list,
        name="api-recognition-body-rules",
    ),
    path(
        "recognition-bodies/<uuid:public_id>/rules/<uuid:rule_id>/",
        views.rule_detail,
        name="api-recognition-body-rule",
    ),
    path("credit-requests/", views.credit_request_list, name="api-credit-requests"),
    path(
        "credit-requests/<uuid:public_id>/",
        views.credit_request_detail,
        name="api-credit-request",
    ),
    path(
        "credit-requests/<uuid:public_id>/approve/",
        views.credit_request_approve,
        name="api-credit-request-approve",
    ),
    path(
        "credit-requests/<uuid:public_id>/deny/",
        views.credit_request_deny,
        name="api-credit-request-deny",
    ),
    path(
        "credit-requests/<uuid:public_id>/withdraw/",
        views.credit_request_withdraw,
        name="api-credit-request-withdraw",
    ),
    path("me/credit/", views.my_credit, name="api-my-credit"),
]
