"""The public page of a credit certificate: what was granted, by whom, and whether it holds."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import certificates, selectors


@require_GET
def certificate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Anyone with the link (an HR office, a board elsewhere) checks a certificate here."""
    credit = selectors.request_by_certificate(public_id)
    if credit is None:
        raise Http404("No such certificate.")
    context = {
        "credit": credit,
        "document": credit.certificate,
        "seal_holds": certificates.seal_holds(credit),
    }
    return render(request, "recognition/certificate.html", context)
