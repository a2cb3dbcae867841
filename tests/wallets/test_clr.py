"""The signed learner record (CLR 2.0): what it holds and leaves out, who gets it, and that an
independent verifier (Digital Bazaar's @digitalbazaar/vc, with 1EdTech's CLR context) verifies
it and every credential it embeds."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from badges import services as badge_services
from badges.models import Badge
from recognition import services as recognition_services
from tests.interop import node
from tests.support.credentials import make_credential, make_stack
from tests.support.recognition import earn_badge, make_body, make_rule
from wallets.clr import CLR_CONTEXT

pytestmark = pytest.mark.django_db

CLR_CONTEXT_FILE = Path(__file__).resolve().parents[3] / "shared/testdata/clr/context-2.0.1.json"


def _clr_context() -> dict:
    # 1EdTech's file as the shared test data holds it (not the platform's pinned copy).
    path = CLR_CONTEXT_FILE
    if not path.exists():  # a clone outside /work: the copy the platform pins is the same file
        path = (
            Path(__file__).resolve().parents[2] / "badges/ob3/contexts/clr-v2p0-context-2.0.1.json"
        )
    return json.loads(path.read_text())


@pytest.fixture
def record_holder(cast):
    """The cast's educator with a stack of two, a third badge revoked, a fourth expired, and
    credit granted on the first."""
    first = make_credential(cast.issuer, "formative-checks", pd_hours="10")
    second = make_credential(cast.issuer, "exit-tickets", pd_hours="7.5")
    stack = make_stack(cast.issuer, [first, second])
    badges = [
        earn_badge(cast.educator, credential, cast.reviewer) for credential in (first, second)
    ]
    [stack_badge] = badge_services.stack_badges_award(educator=cast.educator)
    revoked = earn_badge(cast.educator, make_credential(cast.issuer, "revoked-one"), cast.reviewer)
    badge_services.badge_revoke(badge=revoked, by=cast.staff, reason="Not their own work")
    expired = earn_badge(cast.educator, make_credential(cast.issuer, "expired-one"), cast.reviewer)
    Badge.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    board = make_body(applies_to=cast.state, organization=cast.state)
    rule = make_rule(board, credential=first, requires_approval=False, amount="10")
    credit = recognition_services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badges[0]]
    )
    return {
        "current": [*badges, stack_badge],
        "left_out": [revoked, expired],
        "stack": stack,
        "credit": credit,
    }


def _record(client, user) -> dict:
    client.force_login(user)
    response = client.get("/api/v1/me/clr/")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_record_holds_current_badges_stacks_and_credit(client, cast, record_holder):
    record = _record(client, cast.educator)

    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    assert record["@context"][1] == CLR_CONTEXT
    subject = record["credentialSubject"]
    embedded = {vc["id"] for vc in subject["verifiableCredential"]}
    assert embedded == {b.credential_json["id"] for b in record_holder["current"]}
    for badge in record_holder["left_out"]:
        assert badge.credential_json["id"] not in embedded
    stack_achievement = record_holder["current"][2].credential_json["credentialSubject"][
        "achievement"
    ]["id"]
    parts = {a["targetId"] for a in subject["association"] if a["sourceId"] == stack_achievement}
    assert parts == {
        b.credential_json["credentialSubject"]["achievement"]["id"]
        for b in record_holder["current"][:2]
    }
    credit = [a for a in subject["achievement"] if a["achievementType"] == "ext:CreditGranted"]
    assert [a["creditsAvailable"] for a in credit] == [10]
    assert "17.5 professional development hours" in record["description"]
    assert record["issuer"]["id"] == record["proof"]["verificationMethod"].partition("#")[0]


def test_an_independent_verifier_verifies_the_record_and_each_badge_in_it(
    client, cast, record_holder
):
    record = _record(client, cast.educator)
    embedded = record["credentialSubject"]["verifiableCredential"]
    documents = node.fetched_documents(client, [record, *embedded])

    results = node.verify([record, *embedded], documents, contexts={CLR_CONTEXT: _clr_context()})

    assert [r["errors"] for r in results] == [[]] * (1 + len(embedded))
    assert all(r["verified"] for r in results)


def test_a_changed_record_does_not_verify(client, cast, record_holder):
    record = _record(client, cast.educator)
    record["credentialSubject"]["verifiableCredential"].pop()
    documents = node.fetched_documents(client, [record])
    [result] = node.verify([record], documents, contexts={CLR_CONTEXT: _clr_context()})
    assert not result["verified"]


def test_an_educator_without_badges_gets_an_empty_signed_record(client, cast):
    record = _record(client, cast.colleague)
    assert record["credentialSubject"]["verifiableCredential"] == []
    documents = node.fetched_documents(client, [record])
    [result] = node.verify([record], documents, contexts={CLR_CONTEXT: _clr_context()})
    assert result["verified"], result["errors"]


def test_the_record_is_only_ever_the_callers_own(client, cast, record_holder):
    record = _record(client, cast.colleague)
    assert record["credentialSubject"]["verifiableCredential"] == []
    client.logout()
    assert client.get("/api/v1/me/clr/").status_code in (401, 403)
    response = client.get("/record/clr.json")
    assert response.status_code == 302


def test_download_my_record_from_the_transcript_page(client, cast, record_holder):
    client.force_login(cast.educator)
    page = client.get("/organizations/transcript/")
    assert b"Download my record" in page.content
    response = client.get("/record/clr.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["type"][1] == "ClrCredential"
