from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("badges/", views.badge_list, name="api-badges"),
    path("badges/<uuid:public_id>/revoke/", views.badge_revoke, name="api-badge-revoke"),
    path("badges/<uuid:public_id>/sharing/", views.badge_sharing, name="api-badge-sharing"),
    path("verify/", views.badge_verify, name="api-verify"),
]
