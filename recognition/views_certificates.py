"""The public page of a credit certificate and its PDF: what was granted, by whom, and whether
it holds. Public by design (an HR office, a board elsewhere holds only the link); a request that
is not approved has no certificate and answers 404."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import certificates, selectors
from .certificate_pdf import certificate_pdf as render_certificate_pdf
from .models import CreditRequest


def _get_certificate(public_id: UUID) -> CreditRequest:
    credit = selectors.request_by_certificate(public_id)
    if credit is None or not credit.certificate:
        raise Http404("No such certificate.")
    return credit


@require_GET
def certificate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Anyone with the link checks a certificate here: valid, under review (a badge it stands
    on was revoked) or not valid (the stored certificate no longer matches its seal)."""
    credit = _get_certificate(public_id)
    seal_holds = certificates.seal_holds(credit)
    if not seal_holds:
        state = "not_valid"
    elif credit.flagged_at is not None:
        state = "under_review"
    else:
        state = "valid"
    context = {
        "credit": credit,
        "document": credit.certificate,
        "seal_holds": seal_holds,
        "state": state,
    }
    response = render(request, "recognition/certificate.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def certificate_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The certificate as a PDF to file; it prints the URL above, where it is verified. A
    certificate whose seal fails gets no PDF: a copy would lend it an authority it lacks."""
    credit = _get_certificate(public_id)
    if not certificates.seal_holds(credit):
        raise Http404("This certificate does not hold its seal.")
    pdf = render_certificate_pdf(credit, verification_url=certificates.verification_url(credit))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{credit.public_id}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    return response
