"""Badges keep verifying after their earner changes address (ADR 0026): an issued badge keeps
the recipient hash of the address it was issued to, the verifier knows the earner by any
address they verified, and a new badge names the primary address of its day."""

import copy

import pytest
from allauth.account.models import EmailAddress

from accounts.services import email_address_make_primary
from badges import documents, services, verification
from tests.support.badges import get_json, pass_submission
from tests.support.credentials import published_credential

pytestmark = pytest.mark.django_db

OLD, NEW = "educator@test.org", "m.rivera@south.example"


def _change_primary(user, email):
    address = EmailAddress.objects.create(user=user, email=email, verified=True)
    email_address_make_primary(user=user, address=address)
    user.refresh_from_db()
    assert user.email == email


def _served(client, badge):
    return get_json(client, badge.credential_json["id"].removeprefix("http://testserver"))


def test_an_old_badge_still_verifies_and_knows_its_earner_by_both_addresses(cast, client, badge):
    issued = copy.deepcopy(badge.credential_json)
    _change_primary(cast.educator, NEW)
    badge.refresh_from_db()
    assert badge.credential_json == issued  # nothing re-signed: the hash of OLD stays
    assert badge.recipient_identity == documents.identity_hash(OLD, badge.recipient_salt)
    served = _served(client, badge)
    assert served == issued
    for email in (OLD, NEW, NEW.upper()):
        report = verification.check_ob3(served, email=email)
        assert report.valid and report.recipient_matches, (email, report.problems)
        hosted = verification.check_badge(badge, email=email, source="Badge link")
        assert hosted.valid and hosted.recipient_matches, email
    for stranger in ("someone@else.example", "colleague@test.org"):
        assert verification.check_ob3(served, email=stranger).recipient_matches is False
        hosted = verification.check_badge(badge, email=stranger, source="x")
        assert hosted.recipient_matches is False


def test_an_address_the_earner_never_verified_does_not_match(cast, badge):
    EmailAddress.objects.create(user=cast.educator, email="unproven@x.example", verified=False)
    report = verification.check_badge(badge, email="unproven@x.example", source="x")
    assert report.recipient_matches is False


def test_the_verify_page_answers_for_the_new_address(cast, client, badge):
    _change_primary(cast.educator, NEW)
    response = client.post("/verify/", {"url": badge.credential_json["id"], "email": NEW})
    assert response.status_code == 200
    assert response.context["report"].recipient_matches is True


def test_a_new_badge_names_the_primary_address_of_its_day(cast, client):
    _change_primary(cast.educator, NEW)
    credential = published_credential(cast.issuer, "after-the-move", with_artifact=False)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    assert badge.recipient_identity == documents.identity_hash(NEW, badge.recipient_salt)
    (identifier,) = badge.credential_json["credentialSubject"]["identifier"]
    assert identifier["identityHash"] == documents.identity_hash(NEW, identifier["salt"])
    assert identifier["identityHash"] != documents.identity_hash(OLD, identifier["salt"])
