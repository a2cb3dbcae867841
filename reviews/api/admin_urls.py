"""/api/v1/ reviewer administration (included by reviews/api/urls.py)."""

from django.urls import URLPattern, path

from . import admin_views as views

urlpatterns: list[URLPattern] = [
    path(
        "issuers/<uuid:issuer_id>/reviewers/",
        views.issuer_reviewers,
        name="api-issuer-reviewers",
    ),
    path(
        "issuers/<uuid:issuer_id>/reviewers/<uuid:reviewer_id>/micro-credentials/"
        "<uuid:credential_id>/",
        views.reviewer_designation,
        name="api-reviewer-designation",
    ),
    path(
        "issuers/<uuid:issuer_id>/review-policy/",
        views.review_policy,
        name="api-review-policy",
    ),
    path("review-quality/", views.review_quality, name="api-review-quality"),
    path("review-preferences/", views.review_preferences, name="api-review-preferences"),
]
