"""Public certificate pages: anyone with the URL verifies approved credit (and files its PDF)."""

from django.urls import URLPattern, path

from . import views_certificates

urlpatterns: list[URLPattern] = [
    path(
        "certificates/<uuid:public_id>/",
        views_certificates.certificate,
        name="certificate",
    ),
    path(
        "certificates/<uuid:public_id>/pdf/",
        views_certificates.certificate_pdf,
        name="certificate_pdf",
    ),
]
