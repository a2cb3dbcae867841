"""Claiming credit: the checks at request time, approval and denial, certificates, emails,
webhooks to the body's systems, flags after a revocation, limits and progress toward goals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from badges import services as badge_services
from badges.models import Badge
from integrations.models import WebhookDelivery, WebhookEndpoint
from recognition import certificates, selectors, services
from recognition.models import CreditClaim, CreditRequest, Recognition
from tests.support.credentials import make_credential, make_stack
from tests.support.recognition import earn_badge, make_body, make_renewal_goal, make_rule

pytestmark = pytest.mark.django_db


def _codes(error: services.CreditRefused) -> set[str]:
    return {problem.code for problem in error.problems}


def test_a_request_waits_for_the_approver_with_the_evidence_packaged(cast, rule, badge):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )

    assert request.status == CreditRequest.Status.PENDING
    assert (request.amount, request.unit, request.outcome) == (Decimal(10), "hours", rule.outcome)
    item = request.evidence["badges"][0]
    assert item["badge"] == str(badge.public_id)
    assert item["pd_hours"] == "10.0"
    assert item["public_url"].endswith(f"/badges/{badge.public_id}/")
    # The signed credential was verified, as a body elsewhere would verify it.
    assert request.checks == [
        {
            "badge": str(badge.public_id),
            "verified": True,
            "detail": "Open Badges 3.0 signature, dates and revocation list checked",
        }
    ]
    assert mail.outbox == []  # nothing decided yet


def test_approval_signs_a_certificate_emails_the_educator_and_tells_the_body(
    cast, rule, badge, approver, board, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint(
        organization=cast.state, url="https://hr.example.org/hooks", event_types=["credit.approved"]
    )
    endpoint.secret = "whsec_test"
    endpoint.save()
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.credit_request_approve(request=request, by=approver)

    request.refresh_from_db()
    assert request.status == CreditRequest.Status.APPROVED
    assert request.decided_by == approver
    assert certificates.seal_holds(request)
    assert request.certificate["amount"] == "10.00"
    [email] = mail.outbox
    assert "Credit approved: 10 hours" in email.subject
    assert certificates.verification_url(request) in email.body
    [delivery] = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert delivery.event_type == "credit.approved"
    assert delivery.payload["data"]["credit_request"]["id"] == str(request.public_id)


def test_a_tampered_certificate_no_longer_holds_its_seal(cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    request.refresh_from_db()
    request.certificate["amount"] = "100.00"
    assert not certificates.seal_holds(request)


def test_a_rule_without_approval_grants_at_once(cast, board, credential, badge):
    rule = make_rule(board, credential=credential, requires_approval=False, outcome="salary_credit")
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    assert request.status == CreditRequest.Status.APPROVED
    assert request.decided_by is None
    assert certificates.seal_holds(request)


def test_denial_needs_a_reason_and_frees_the_badge(
    cast, rule, badge, approver, django_capture_on_commit_callbacks
):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    with pytest.raises(services.RecognitionError):
        services.credit_request_deny(request=request, by=approver, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.credit_request_deny(
            request=request, by=approver, reason="Send your license number."
        )
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.DENIED
    assert request.reason == "Send your license number."
    assert "Send your license number." in mail.outbox[0].body
    # Denied: the badge may be claimed again.
    again = services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    assert again.status == CreditRequest.Status.PENDING


def test_a_decided_request_cannot_be_decided_again(cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    with pytest.raises(services.RecognitionError):
        services.credit_request_deny(request=request, by=approver, reason="Changed my mind")


def test_a_badge_is_credited_once_per_body(cast, rule, badge, board, credential):
    services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    other_rule = make_rule(board, credential=credential, outcome="pd_hours")
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(
            educator=cast.educator, recognition=other_rule, badges=[badge]
        )
    assert _codes(refused.value) == {"already_credited"}
    # ... and the database says so too, whatever the checks missed.
    assert CreditClaim.objects.filter(badge=badge, is_active=True).count() == 1


def test_another_body_may_credit_the_same_badge(cast, rule, badge, credential):
    union = make_body("Test Union Local", kind="union_local", applies_to=cast.district)
    union_rule = make_rule(union, credential=credential, outcome="pd_hours", unit="points")
    services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    request = services.credit_request_create(
        educator=cast.educator, recognition=union_rule, badges=[badge]
    )
    assert request.unit == "points"


def test_each_problem_gets_its_own_message(cast, board, badge, credential):
    other = make_credential(cast.issuer, "other-credential")
    rule = make_rule(board, credential=other)
    colleague_badge = earn_badge(cast.colleague, credential, cast.reviewer)
    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Plagiarised evidence")
    badge.refresh_from_db()
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    assert _codes(refused.value) == {"not_covered", "revoked"}
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(
            educator=cast.educator, recognition=rule, badges=[colleague_badge]
        )
    assert _codes(refused.value) == {"not_yours"}
    assert all(problem.message for problem in refused.value.problems)


def test_an_expired_badge_and_a_lapsed_rule_are_refused(cast, rule, badge):
    Badge.objects.filter(pk=badge.pk).update(expires_at=timezone.now() - timedelta(days=1))
    badge.refresh_from_db()
    Recognition.objects.filter(pk=rule.pk).update(valid_until=date(2020, 1, 1))
    rule.refresh_from_db()
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    assert _codes(refused.value) == {"expired", "not_current"}


def test_a_body_serves_only_its_own_educators(cast, credential):
    district_schedule = make_body(
        "North salary schedule", kind="district", applies_to=cast.district
    )
    rule = make_rule(district_schedule, credential=credential, outcome="salary_credit")
    elsewhere = earn_badge(cast.other_educator, credential, cast.reviewer)
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(
            educator=cast.other_educator, recognition=rule, badges=[elsewhere]
        )
    assert _codes(refused.value) == {"not_eligible"}


def test_three_badges_for_one_salary_credit(cast, credential, badge):
    schedule = make_body("North salary schedule", kind="district", applies_to=cast.district)
    area = credential.published_version.focus_area
    rule = make_rule(
        schedule,
        focus_area=area,
        outcome="salary_credit",
        unit="salary credit",
        amount="1",
        badges_per_claim=3,
        requires_approval=False,
    )
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    assert _codes(refused.value) == {"wrong_count"}
    more = [
        earn_badge(cast.educator, make_credential(cast.issuer, slug), cast.reviewer)
        for slug in ("second-one", "third-one")
    ]
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge, *more]
    )
    assert request.status == CreditRequest.Status.APPROVED
    assert request.claims.count() == 3


def test_limits_per_year(cast, board, credential, badge):
    rule = make_rule(board, focus_area=credential.published_version.focus_area, limit_count=1)
    services.credit_request_create(educator=cast.educator, recognition=rule, badges=[badge])
    second = earn_badge(cast.educator, make_credential(cast.issuer, "second-one"), cast.reviewer)
    with pytest.raises(services.CreditRefused) as refused:
        services.credit_request_create(educator=cast.educator, recognition=rule, badges=[second])
    assert _codes(refused.value) == {"over_limit"}


def test_revoking_a_badge_flags_the_credit_built_on_it(cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Evidence was not their own")
    request.refresh_from_db()
    assert request.flagged_at is not None
    assert "Evidence was not their own" in request.flag_reason
    assert request.status == CreditRequest.Status.APPROVED  # the body decides what follows
    assert request.events.filter(action="flagged").count() == 1


def test_progress_toward_renewal_and_an_endorsement(cast, board, rule, badge, approver):
    make_renewal_goal(board, amount="120", years=5)
    second = make_credential(cast.issuer, "second-one")
    stack = make_stack(cast.issuer, [rule.micro_credential, second])
    board.goals.create(title="Assessment endorsement", kind="stack", stack=stack)
    services.educator_cycle_set(
        educator=cast.educator, body=board, renewal_date=timezone.localdate() + timedelta(days=400)
    )
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)

    [mine] = [entry for entry in selectors.credit_summary(cast.educator) if entry.body == board]
    assert mine.is_own
    assert mine.totals() == [("hours", Decimal(10))]
    renewal, endorsement = sorted(mine.goals, key=lambda progress: progress.goal.kind)
    assert (renewal.done, renewal.target, renewal.percent) == (Decimal(10), Decimal(120), 8)
    assert renewal.has_renewal_date
    assert (endorsement.done, endorsement.target) == (Decimal(1), Decimal(2))


def test_counts_for_lists_the_viewers_own_bodies_first(cast, board, rule, credential):
    university = make_body("Test University", kind="university")
    make_rule(university, credential=credential, outcome="college_credit", unit="credits")
    found = selectors.recognitions_for_credentials([credential], cast.educator)[credential.pk]
    assert [r.body for r in found] == [board, university]
    assert selectors.credential_ids_counting_for(cast.educator, "license_renewal_hours") == {
        credential.pk
    }
    # Outside the state, the board's rule still shows (it is public) but not first.
    outsider_view = selectors.recognitions_for_credentials([credential], cast.outsider)
    assert [r.body for r in outsider_view[credential.pk]] == [board, university]
    assert selectors.credential_ids_counting_for(cast.outsider, "license_renewal_hours") == set()
