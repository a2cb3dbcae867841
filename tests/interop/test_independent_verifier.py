"""Issue 19: every credential the platform signs verifies with Digital Bazaar's verifier.

Credentials are issued through the real services, then read back from the platform's public
URLs (the credential, its issuer profile, its status list) as an outside verifier would, and
verified by `@digitalbazaar/vc` with the `eddsa-rdfc-2022` cryptosuite (tests/interop/node.py).
"""

import copy
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.services import email_address_make_primary
from badges import services
from badges.models import Badge, StatusList
from credentials.models import MicroCredentialVersion
from organizations.models import Organization
from tests.interop import node
from tests.support.badges import get_json, pass_submission
from tests.support.credentials import make_stack, published_credential

pytestmark = pytest.mark.django_db

# Titles an author could paste: tabs and control characters, quotes and backslashes, emoji,
# right-to-left text, combining accents, a line break, a zero-width joiner.
UNUSUAL_TITLES = [
    "Exit Tickets\tThat Drive Instruction",
    'Questioning "Why?" \\ and "How?"',
    "Bell\x07 ringer\x01 routines\x7f",
    "Feedback 📝 loops 👩🏽‍🏫",
    "التقييم التكويني",
    "Cafe\u0301 talks: e\u0301valuation",
    "Line one\nline two\r\nform\x0cfeed\x08",
    "5.000000000000000E-01",  # a title shaped like pyld's raw double: a string all the same
]
HOURS = ["10", "7.5", "0.5", "12.3", "0.1", "500", "0"]


def _read(client: Client, badge: Badge) -> dict[str, Any]:
    """The credential as served at its public URL."""
    return get_json(client, badge.credential_json["id"].removeprefix("http://testserver"))


def _verify(client: Client, credentials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return node.verify(credentials, node.fetched_documents(client, credentials))


def _award(cast, slug: str, *, title: str | None = None, hours: str = "10", **version) -> Badge:
    credential = published_credential(cast.issuer, slug, with_artifact=False)
    MicroCredentialVersion.objects.filter(credential=credential).update(
        pd_hours=Decimal(hours), **({"title": title} if title else {}), **version
    )
    credential.refresh_from_db()
    return services.badge_award(
        submission=pass_submission(cast.educator, credential, cast.reviewer)
    )


def _assert_all_verified(results: list[dict[str, Any]], credentials: list[dict[str, Any]]) -> None:
    failed = [
        (credential.get("name"), result["errors"])
        for credential, result in zip(credentials, results, strict=True)
        if not result["verified"]
    ]
    assert not failed, failed


def test_hours_whole_and_fractional_verify(cast, client):
    badges = [_award(cast, f"hours-{i}", hours=hours) for i, hours in enumerate(HOURS)]
    credentials = [_read(client, badge) for badge in badges]

    served = [c["credentialSubject"]["achievement"]["creditsAvailable"] for c in credentials]
    # Whole numbers are written as JSON integers: "10", never "10.0".
    assert served == [10, 7.5, 0.5, 12.3, 0.1, 500, 0]
    assert all(isinstance(hours, int) for hours in (served[0], served[5], served[6]))
    results = _verify(client, credentials)
    _assert_all_verified(results, credentials)
    assert all(result["revoked"] is False for result in results)


def test_unusual_characters_in_names_verify(cast, client):
    badges = [_award(cast, f"chars-{i}", title=title) for i, title in enumerate(UNUSUAL_TITLES)]
    credentials = [_read(client, badge) for badge in badges]

    assert [c["name"] for c in credentials] == UNUSUAL_TITLES
    _assert_all_verified(_verify(client, credentials), credentials)


def test_each_optional_field_present_and_absent_verifies(cast, client):
    # Expiry present (validity in years) and absent; issuer description, email and url present
    # (this issuer) and absent (a bare issuer); a stack badge has no alignment, tags or hours.
    with_expiry = _award(cast, "expires", validity_years=2)
    without_expiry = _award(cast, "never-expires")
    Organization.objects.filter(pk=cast.issuer.pk).update(
        description="Issues micro-credentials.\tSince 2020.",
        email="badges@issuer.example",
        url="https://issuer.example/",
    )
    described = _award(cast, "described-issuer")
    first, second = (published_credential(cast.issuer, s, with_artifact=False) for s in "ab")
    make_stack(cast.issuer, [first, second])
    for part in (first, second):
        services.badge_award(submission=pass_submission(cast.educator, part, cast.reviewer))
    [stack_badge] = services.stack_badges_award(educator=cast.educator)
    badges = [with_expiry, without_expiry, described, stack_badge]
    credentials = [_read(client, badge) for badge in badges]

    assert "validUntil" in credentials[0] and "validUntil" not in credentials[1]
    assert credentials[2]["issuer"].get("email") == "badges@issuer.example"
    stack_achievement = credentials[3]["credentialSubject"]["achievement"]
    assert not {"alignment", "tag", "creditsAvailable"} & set(stack_achievement)
    _assert_all_verified(_verify(client, credentials), credentials)


def test_a_renewal_verifies(cast, client):
    old = _award(cast, "renewable", validity_years=1)
    Badge.objects.filter(pk=old.pk).update(expires_at=timezone.now() + timedelta(days=20))
    renewal = pass_submission(cast.educator, old.credential, cast.reviewer)
    assert renewal.is_renewal
    new = services.badge_award(submission=renewal)
    credentials = [_read(client, old), _read(client, new)]

    _assert_all_verified(_verify(client, credentials), credentials)


def test_a_revoked_badge_is_reported_revoked_by_its_status_list(cast, client, issuer_staff):
    kept, revoked = _award(cast, "kept"), _award(cast, "revoked")
    services.badge_revoke(badge=revoked, by=issuer_staff, reason="Plagiarised evidence.")
    credentials = [_read(client, kept), _read(client, revoked)]
    documents = node.fetched_documents(client, credentials)

    results = node.verify(credentials, documents)

    status_list = documents[credentials[1]["credentialStatus"]["statusListCredential"]]
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert results[0] == {"verified": True, "errors": [], "revoked": False}
    assert results[1]["verified"] is False and results[1]["revoked"] is True


def test_tampered_credentials_fail(cast, client):
    credential = _read(client, _award(cast, "tampered"))
    renamed = copy.deepcopy(credential)
    renamed["name"] += "!"
    more_hours = copy.deepcopy(credential)
    more_hours["credentialSubject"]["achievement"]["creditsAvailable"] = 11
    later = copy.deepcopy(credential)
    later["validFrom"] = "2030-01-01T00:00:00Z"
    flipped = copy.deepcopy(credential)
    value = flipped["proof"]["proofValue"]
    flipped["proof"]["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    tampered = [renamed, more_hours, later, flipped]

    results = _verify(client, [credential, *tampered])

    assert results[0]["verified"] is True
    assert [result["verified"] for result in results[1:]] == [False] * len(tampered)


def test_a_key_the_issuer_profile_does_not_authorize_fails(cast, client):
    credential = _read(client, _award(cast, "unauthorized"))
    documents = node.fetched_documents(client, [credential])
    profile_url = credential["issuer"]["id"]
    documents[profile_url] = {**documents[profile_url], "assertionMethod": []}

    [result] = node.verify([credential], documents)

    assert result["verified"] is False


@pytest.mark.django_db(transaction=True)
def test_every_credential_of_the_demo_data_verifies(client, settings):
    call_command("seed_demo", with_activity=True, stdout=StringIO())
    credentials = [badge.credential_json for badge in Badge.objects.all()]
    credentials += [status_list.credential for status_list in StatusList.objects.all()]
    # James Carter's badge ("Exit Tickets That Drive Instruction") is among them.
    assert any("Exit Tickets" in c.get("name", "") for c in credentials), credentials

    results = _verify(client, credentials)

    _assert_all_verified(results, credentials)


def test_a_badge_still_verifies_after_its_earner_changes_address(cast, client):
    """ADR 0026: the credential is not re-signed when its earner's primary address changes."""
    badge = _award(cast, "before-the-move")
    issued = _read(client, badge)
    address = EmailAddress.objects.create(
        user=cast.educator, email="m.rivera@south.example", verified=True
    )
    email_address_make_primary(user=cast.educator, address=address)
    credentials = [_read(client, badge)]
    assert credentials == [issued]

    _assert_all_verified(_verify(client, credentials), credentials)
