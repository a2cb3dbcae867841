"""The public certificate page in each of its states, and the certificate as a PDF: what an HR
office or a board elsewhere sees when it follows the link or files the copy."""

import pytest
from django.urls import reverse

from badges import services as badge_services
from recognition import certificates, services
from recognition.models import CreditRequest
from tests.support.pdf import pdf_links, pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    return services.credit_request_approve(request=request, by=approver)


def _page(client, credit):
    return client.get(reverse("recognition:certificate", args=[credit.public_id]))


def test_a_valid_certificate_says_so_and_offers_its_pdf(
    client, approved, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = _page(client, approved)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="valid"' in page and ">\n      Valid\n" in page
    assert "10 hours (license renewal hours)" in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert reverse("recognition:certificate_pdf", args=[approved.public_id]) in page
    assert "Download PDF" in page


def test_a_certificate_is_under_review_once_a_badge_it_stands_on_is_revoked(
    client, cast, approved, badge
):
    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Evidence was plagiarised")

    page = _page(client, approved).content.decode()

    assert 'data-state="under_review"' in page and "Under review" in page
    assert "A badge this credit stands on was revoked: Evidence was plagiarised" in page
    assert "Download PDF" in page  # the copy still says what was approved; the page says more


def test_a_tampered_certificate_is_not_valid_and_gets_no_pdf(client, approved):
    document = {**approved.certificate, "amount": "100.00"}
    CreditRequest.objects.filter(pk=approved.pk).update(certificate=document)

    page = _page(client, approved).content.decode()
    pdf = client.get(reverse("recognition:certificate_pdf", args=[approved.public_id]))

    assert 'data-state="not_valid"' in page and "Not valid" in page
    assert "do not rely on them" in page and "Download PDF" not in page
    assert pdf.status_code == 404


def test_the_pdf_is_one_page_stating_the_credit_and_where_to_verify_it(client, approved, badge):
    response = client.get(reverse("recognition:certificate_pdf", args=[approved.public_id]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Robots-Tag"] == "noindex"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and pdf_page_count(pdf) == 1
    text = pdf_text(pdf)
    url = certificates.verification_url(approved)
    for expected in (
        "Certificate of credit",
        approved.body.name,
        approved.certificate["educator"],
        "10 hours (license renewal hours)",
        badge.title,
        str(approved.public_id),
        approved.certificate_signature,
        "Verify this certificate",
    ):
        assert expected in text, expected
    assert url in pdf_links(pdf)
    assert approved.certificate["badges"][0]["public_url"] in pdf_links(pdf)


@pytest.mark.parametrize("status", ["pending", "denied", "withdrawn"])
def test_a_request_not_approved_has_no_certificate_nor_pdf(
    client, cast, rule, badge, approver, status
):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    if status == "denied":
        services.credit_request_deny(request=request, by=approver, reason="Not this year")
    elif status == "withdrawn":
        services.credit_request_withdraw(request=request, by=cast.educator)

    for name in ("recognition:certificate", "recognition:certificate_pdf"):
        assert client.get(reverse(name, args=[request.public_id])).status_code == 404


def test_an_unknown_certificate_is_404(client):
    url = reverse("recognition:certificate_pdf", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404
    assert client.get(url.replace("/pdf/", "/x/")).status_code == 404
