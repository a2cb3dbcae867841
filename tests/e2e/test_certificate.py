"""A certificate of credit in real Chromium, as an HR office or another state's board opens it
from the link: valid, then under review after a badge's revocation; axe-clean each time, and
its PDF link answers a PDF."""

import pytest

from badges import services as badge_services
from recognition import services
from tests.support.browser import accessibility_violations, collect_csp_violations
from tests.support.credentials import make_credential
from tests.support.factories import UserFactory
from tests.support.recognition import earn_badge, make_body, make_rule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_certificate_reads_valid_then_under_review(live_server, settings, page, screenshot, cast):
    settings.SITE_URL = live_server.url
    approver = UserFactory(email="approver@test.org")
    board = make_body(applies_to=cast.state, approvers=[approver])
    credential = make_credential(cast.issuer, "formative-checks", pd_hours="10")
    rule = make_rule(board, credential=credential)
    badge = earn_badge(cast.educator, credential, cast.reviewer)
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    csp = collect_csp_violations(page)
    url = f"{live_server.url}/credit/certificates/{request.public_id}/"

    page.goto(url)
    status = page.get_by_role("status")
    assert status.inner_text().strip() == "Valid"
    assert (
        "10 hours (license renewal hours)" in page.get_by_test_id("certificate-credit").inner_text()
    )
    screenshot("valid")
    assert accessibility_violations(page, live_server.url) == []
    pdf_href = page.get_by_role("link", name="Download PDF of this certificate").get_attribute(
        "href"
    )
    pdf = page.request.get(live_server.url + pdf_href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Evidence was not their own")
    page.goto(url)
    assert page.get_by_role("status").inner_text().strip() == "Under review"
    assert "Evidence was not their own" in page.get_by_test_id("certificate-result").inner_text()
    screenshot("under-review")
    assert accessibility_violations(page, live_server.url) == []
    assert csp == []
