"""The roster import pages, under /organizations/roster/ in the `organizations:` URL namespace
(config/urls.py)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("roster/", views.roster_upload, name="roster_upload"),
    path("roster/<uuid:public_id>/", views.roster_preview, name="roster_preview"),
    path("roster/<uuid:public_id>/confirm/", views.roster_confirm, name="roster_confirm"),
    path("roster/<uuid:public_id>/discard/", views.roster_discard, name="roster_discard"),
]
