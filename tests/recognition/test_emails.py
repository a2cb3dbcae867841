"""Emails at the moments that matter, through the real task path (eager in tests): a request
waiting for the body's approvers, and credit they approved flagged after a revocation. Each is
sent once, however often its task runs."""

import pytest
from django.core import mail

from badges import services as badge_services
from recognition import services
from recognition.models import BodyMembership, BodyRole
from recognition.tasks import credit_flag_email_approvers_task, credit_request_email_approvers_task
from tests.support.factories import UserFactory
from tests.support.recognition import make_rule

pytestmark = pytest.mark.django_db


def _request(cast, rule, badge, capture):
    with capture(execute=True):
        return services.credit_request_create(
            educator=cast.educator, recognition=rule, badges=[badge]
        )


def test_the_bodys_approvers_hear_once_of_a_request_waiting_for_them(
    cast, board, rule, badge, approver, django_capture_on_commit_callbacks
):
    second = UserFactory(email="second-approver@test.org")
    BodyMembership.objects.create(body=board, user=second, role=BodyRole.APPROVER)
    request = _request(cast, rule, badge, django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert sorted(email.bcc) == ["approver@test.org", "second-approver@test.org"]
    assert cast.educator.email not in email.to + email.bcc
    assert email.subject.startswith("Credit request to decide: 10 hours for ")
    assert badge.title in email.body and "/credit/approvals/" in email.body
    credit_request_email_approvers_task.delay(request.pk)  # a redelivered message
    assert len(mail.outbox) == 1
    request.refresh_from_db()
    assert request.approvers_emailed_at is not None


def test_credit_granted_at_once_asks_nobody(
    cast, board, credential, badge, django_capture_on_commit_callbacks
):
    rule = make_rule(board, credential=credential, requires_approval=False)
    _request(cast, rule, badge, django_capture_on_commit_callbacks)

    [email] = mail.outbox  # the educator's own: granted
    assert email.to == [cast.educator.email] and email.subject.startswith("Credit approved")


def test_the_approver_hears_once_when_credit_they_approved_is_flagged(
    cast, rule, badge, approver, django_capture_on_commit_callbacks
):
    request = _request(cast, rule, badge, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.credit_request_approve(request=request, by=approver)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Evidence was copied")

    flagged = [email for email in mail.outbox if "approver@test.org" in email.bcc]
    assert len(flagged) == 1
    assert flagged[0].subject.startswith("Credit to look at again")
    assert "Evidence was copied" in flagged[0].body
    assert f"/credit/certificates/{request.public_id}/" in flagged[0].body
    credit_flag_email_approvers_task.delay(request.pk)
    assert len([e for e in mail.outbox if "approver@test.org" in e.bcc]) == 1


def test_a_pending_request_flagged_sends_no_flag_email(
    cast, rule, badge, django_capture_on_commit_callbacks
):
    _request(cast, rule, badge, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        badge_services.badge_revoke(badge=badge, by=cast.staff, reason="Evidence was copied")

    # It is in the approvers' queue already, checks and flag shown; only the educator hears.
    assert not [email for email in mail.outbox if "approver@test.org" in email.bcc]


def test_a_request_decided_before_the_email_goes_out_is_not_announced(cast, rule, badge, approver):
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )
    services.credit_request_approve(request=request, by=approver)
    mail.outbox.clear()

    credit_request_email_approvers_task.delay(request.pk)

    assert mail.outbox == []
