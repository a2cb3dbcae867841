"""Public certificate pages: anyone with the URL verifies approved credit."""

from django.urls import URLPattern, path

from . import views_certificates

urlpatterns: list[URLPattern] = [
    path(
        "certificates/<uuid:public_id>/",
        views_certificates.certificate,
        name="certificate",
    ),
]
