"""Portability: credit granted stays with the educator when they move district, and its
certificate still verifies; a body in another state accepts a badge earned here by verifying it
(the same verifiable badge) once the educator works there."""

import pytest
from django.urls import reverse

from organizations.models import Membership, Organization, Role
from organizations.services import membership_end, membership_grant
from recognition import certificates, selectors, services
from recognition.models import CreditRequest, RecognitionBody
from tests.support.cast import make_org
from tests.support.recognition import make_body, make_rule

pytestmark = pytest.mark.django_db


def _move(educator, to):
    for membership in Membership.objects.filter(user=educator, is_active=True):
        membership_end(membership=membership)
    membership_grant(user=educator, organization=to, role=Role.EDUCATOR)


def test_credit_stays_with_an_educator_who_moves_district(
    client, cast, credential, badge, django_capture_on_commit_callbacks
):
    district_schedule = make_body(
        "North salary schedule", kind=RecognitionBody.Kind.DISTRICT, applies_to=cast.district
    )
    rule = make_rule(
        district_schedule,
        credential=credential,
        outcome="salary_credit",
        amount="10",
        unit="salary hours",
        requires_approval=False,
    )
    granted = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    assert granted.status == CreditRequest.Status.APPROVED

    _move(cast.educator, cast.other_school)  # from North District to South District

    # The district no longer serves them, but what it granted is still theirs.
    assert not selectors.body_serves(district_schedule, cast.educator)
    summary = {entry.body.pk: entry for entry in selectors.credit_summary(cast.educator)}
    mine = summary[district_schedule.pk]
    assert [request.pk for request in mine.granted] == [granted.pk]
    assert mine.totals()[0][0] == "salary hours" and mine.totals()[0][1] == 10
    assert not mine.is_own
    # Anyone holding the certificate's link (the new district's HR) still sees it hold.
    granted.refresh_from_db()
    assert certificates.seal_holds(granted)
    page = client.get(reverse("recognition:certificate", args=[granted.public_id]))
    assert page.status_code == 200 and 'data-state="valid"' in page.content.decode()
    pdf = client.get(reverse("recognition:certificate_pdf", args=[granted.public_id]))
    assert pdf.status_code == 200


def test_a_body_in_another_state_accepts_a_badge_from_here_by_verifying_it(cast, credential, badge):
    other_state = make_org(Organization.Kind.STATE, "Other State")
    far_district = make_org(Organization.Kind.DISTRICT, "Far District", other_state)
    far_school = make_org(Organization.Kind.SCHOOL, "Far School", far_district)
    far_board = make_body("Other State Licensure Board", applies_to=other_state)
    rule = make_rule(far_board, credential=credential, amount="15", unit="renewal hours")

    # Before the move the other state's board does not serve the educator.
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    assert {problem.code for problem in refused.value.problems} == {"not_eligible"}

    _move(cast.educator, far_school)
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )

    assert request.status == CreditRequest.Status.PENDING
    assert request.checks == [
        {
            "badge": str(badge.public_id),
            "verified": True,
            "detail": "Open Badges 3.0 signature, dates and revocation list checked",
        }
    ]
    assert request.evidence["badges"][0]["issuer"] == cast.issuer.name
    assert selectors.credit_summary(cast.educator)[0].body == far_board  # their own now, first
