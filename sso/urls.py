"""Single sign-on pages, under /sso/ (the `sso:` namespace)."""

from django.urls import URLPattern, path

from . import views

app_name = "sso"

urlpatterns: list[URLPattern] = [
    path("", views.start, name="start"),
    path("admin/", views.admin, name="admin"),
    path("admin/providers/", views.provider_create, name="provider_create"),
    path("admin/providers/<uuid:public_id>/", views.provider, name="provider"),
    path("admin/providers/<uuid:public_id>/toggle/", views.provider_toggle, name="provider_toggle"),
    path("admin/providers/<uuid:public_id>/delete/", views.provider_delete, name="provider_delete"),
    path("admin/domains/", views.domain_add, name="domain_add"),
    path("admin/domains/<uuid:public_id>/verify/", views.domain_verify, name="domain_verify"),
    path("admin/domains/<uuid:public_id>/delete/", views.domain_delete, name="domain_delete"),
]
