"""common.mail: one order (build, claim, send, release on failure) whatever keeps the record."""

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from accounts.models import User
from common.mail import RecordClaim, send_claimed, send_once
from reviews.models import ReviewEmail
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _message() -> EmailMessage:
    return EmailMessage("Hi", "Body", to=["a@test.org"])


def test_a_record_row_keyed_by_name_sends_once(mailoutbox):
    claim = RecordClaim(ReviewEmail, {"key": "digest:1:2026-01-01"})
    assert send_claimed(claim, _message) is True
    assert send_claimed(claim, _message) is False
    assert len(mailoutbox) == 1 and ReviewEmail.objects.filter(key="digest:1:2026-01-01").exists()


def test_a_failed_send_releases_the_record_for_the_retry(mailoutbox, monkeypatch):
    claim = RecordClaim(ReviewEmail, {"key": "claimed:7"})

    def refused(self: EmailMessage, fail_silently: bool = False) -> int:
        raise OSError("SMTP refused")

    monkeypatch.setattr(EmailMessage, "send", refused)
    with pytest.raises(OSError):
        send_claimed(claim, _message)
    assert not ReviewEmail.objects.exists()
    monkeypatch.undo()
    assert send_claimed(claim, _message) is True
    assert len(mailoutbox) == 1


def test_the_stamp_can_be_a_given_time():
    user = UserFactory()
    row = User.objects.filter(pk=user.pk)
    earlier = timezone.now() - timedelta(days=3)
    assert send_once(row, "last_login", _message, at=earlier)
    assert row.get().last_login == earlier
