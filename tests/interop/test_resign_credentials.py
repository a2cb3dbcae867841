"""`manage.py resign_credentials`: credentials signed before ADR 0021 verify afterwards.

A credential is signed here the way the platform signed before ADR 0021 (pyld's own canonical
form, a whole number written `10.0`, a control character in a name); Digital Bazaar's
verifier rejects it; the deploy step signs it again; it verifies, with the same claims.
"""

import copy
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from pyld import jsonld

from badges import services
from badges.keys import signing_key_for
from badges.models import Badge, BadgeEvent, StatusList
from badges.ob3.keys import base58btc_encode
from badges.ob3.loader import normalize_options
from badges.ob3.signing import hash_data
from tests.interop import node
from tests.support.badges import get_json, pass_submission
from tests.support.credentials import published_credential

pytestmark = pytest.mark.django_db


def _signed_before_adr_0021(document: dict[str, Any], issuer) -> dict[str, Any]:
    signing = signing_key_for(issuer=issuer)
    proof = {
        "type": "DataIntegrityProof",
        "created": "2026-03-01T10:00:00Z",
        "verificationMethod": signing.verification_method,
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
    }
    config = {**proof, "@context": document["@context"]}
    data = hash_data(
        jsonld.normalize(config, normalize_options()),
        jsonld.normalize(document, normalize_options()),
    )
    return {
        **document,
        "proof": {**proof, "proofValue": "z" + base58btc_encode(signing.private_key.sign(data))},
    }


@pytest.fixture
def old_badge(cast) -> Badge:
    """A badge whose stored credential was signed before the fix."""
    credential = published_credential(cast.issuer, "old-one", with_artifact=False)
    badge = services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )
    document = {k: v for k, v in badge.credential_json.items() if k != "proof"}
    document["name"] = "Exit Tickets\x01 That Drive Instruction"
    document["credentialSubject"]["achievement"]["creditsAvailable"] = 10.0
    Badge.objects.filter(pk=badge.pk).update(
        credential_json=_signed_before_adr_0021(document, badge.issuer)
    )
    badge.refresh_from_db()
    return badge


def _served(client, badge: Badge) -> dict[str, Any]:
    return get_json(client, badge.credential_json["id"].removeprefix("http://testserver"))


def test_old_credentials_are_signed_again_and_then_verify(cast, client, old_badge):
    fine = services.badge_award(
        submission=pass_submission(
            cast.educator,
            published_credential(cast.issuer, "fine-one", with_artifact=False),
            cast.reviewer,
        )
    )
    fine_before = copy.deepcopy(fine.credential_json)
    before = _served(client, old_badge)
    [rejected] = node.verify([before], node.fetched_documents(client, [before]))
    assert rejected["verified"] is False

    dry = StringIO()
    call_command("resign_credentials", "--dry-run", stdout=dry)
    assert "1 would be signed again" in dry.getvalue()
    assert _served(client, old_badge) == before  # a dry run changes nothing

    out = StringIO()
    call_command("resign_credentials", stdout=out)
    assert "1 signed again" in out.getvalue()

    after = _served(client, old_badge)
    [result] = node.verify([after], node.fetched_documents(client, [after]))
    assert result == {"verified": True, "errors": [], "revoked": False}
    # The same claims (ids, dates, status entry, name); 10.0 is now written 10.
    assert {k: v for k, v in after.items() if k != "proof"} == {
        k: v for k, v in before.items() if k != "proof"
    }
    assert type(after["credentialSubject"]["achievement"]["creditsAvailable"]) is int
    assert after["proof"]["proofValue"] != before["proof"]["proofValue"]
    assert (
        BadgeEvent.objects.filter(badge=old_badge, action=BadgeEvent.Action.RESIGNED).count() == 1
    )
    fine.refresh_from_db()
    assert fine.credential_json == fine_before  # what verified is left alone

    again = StringIO()
    call_command("resign_credentials", stdout=again)
    assert "0 signed again" in again.getvalue()


def test_a_status_list_signed_the_old_way_is_signed_again(cast, client, old_badge):
    status_list = old_badge.status_list
    document = {k: v for k, v in status_list.credential.items() if k != "proof"}
    document["name"] = "Revocation list\x02one"
    StatusList.objects.filter(pk=status_list.pk).update(
        credential=_signed_before_adr_0021(document, status_list.issuer)
    )

    call_command("resign_credentials", stdout=StringIO())

    status_list.refresh_from_db()
    assert status_list.credential["name"] == "Revocation list\x02one"
    credential = _served(client, old_badge)
    [result] = node.verify([credential], node.fetched_documents(client, [credential]))
    assert result["verified"] is True and result["revoked"] is False
    assert datetime.fromisoformat(status_list.credential["proof"]["created"]) > datetime(
        2026, 3, 2, tzinfo=UTC
    )
