"""common.mail.send_once: the message is built before the send is claimed, so a failure (or a
worker killed) while building it leaves nothing claimed and the next copy sends it."""

import pytest
from django.core.mail import EmailMessage

from accounts.models import User
from common.mail import send_once
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _row():
    user = UserFactory()
    return User.objects.filter(pk=user.pk)


def test_a_message_that_cannot_be_built_claims_nothing(mailoutbox):
    row = _row()

    def storage_down() -> EmailMessage:
        raise OSError("S3 get failed: connection refused")  # e.g. the badge image

    with pytest.raises(OSError):
        send_once(row, "last_login", storage_down)
    assert row.get().last_login is None  # not claimed: the retry sends it
    assert send_once(row, "last_login", lambda: EmailMessage("Hi", "Body", to=["a@test.org"]))
    assert len(mailoutbox) == 1 and row.get().last_login is not None


def test_sent_once_only_and_nothing_built_when_already_sent(mailoutbox):
    row = _row()
    built = []

    def prepare() -> EmailMessage:
        built.append(1)
        return EmailMessage("Hi", "Body", to=["a@test.org"])

    assert send_once(row, "last_login", prepare) is True
    assert send_once(row, "last_login", prepare) is False
    assert len(mailoutbox) == 1 and len(built) == 1
