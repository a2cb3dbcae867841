"""The public documents as a verifier sees them over HTTP: OB 2.0 JSON-LD, content
negotiation, 410 for revoked, baked images, OB 3.0 proofs and the status list."""

import copy
import json

import pytest

from badges import documents, keys, services
from badges.baking import unbake_png, unbake_svg
from badges.models import Badge
from badges.ob3 import status_list as bitstring
from badges.ob3 import verify
from tests.support.badges import SITE, get_json, key_resolver_via_profile, path_of

pytestmark = pytest.mark.django_db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_hosted_assertion_is_ob2_json_ld_with_hashed_recipient(client, cast, badge):
    response = client.get(
        path_of(documents.assertion_url(badge)), HTTP_ACCEPT="application/ld+json"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in response["Vary"]
    doc = json.loads(response.content)
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["type"] == "Assertion"
    assert doc["id"] == f"{SITE}/ob2/assertions/{badge.public_id}"
    assert doc["verification"] == {"type": "HostedBadge"}
    recipient = doc["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    assert recipient["identity"] == documents.identity_hash(cast.educator.email, recipient["salt"])
    assert cast.educator.email not in response.content.decode()
    assert doc["issuedOn"].endswith("Z")
    assert "expires" not in doc and "evidence" not in doc


def test_plain_json_accept_gets_application_json(client, badge):
    response = client.get(path_of(documents.assertion_url(badge)), HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("application/json")


def test_badgeclass_criteria_alignment_and_issuer(client, cast, credential, badge):
    assertion = get_json(client, path_of(documents.assertion_url(badge)))
    badgeclass = get_json(client, path_of(assertion["badge"]))
    version = credential.published_version
    assert badgeclass["type"] == "BadgeClass" and badgeclass["name"] == version.title
    assert badgeclass["criteria"]["id"] == f"{SITE}/catalog/{credential.slug}/"
    assert "Evidence" in badgeclass["criteria"]["narrative"]  # rubric criteria summarized
    alignment = badgeclass["alignment"][0]
    assert alignment["targetName"] == version.competency.name
    assert alignment["targetUrl"].startswith(f"{SITE}/catalog/{credential.slug}/")
    issuer = get_json(client, path_of(badgeclass["issuer"]))
    assert issuer["type"] == "Issuer" and issuer["name"] == cast.issuer.name
    assert issuer["url"] and issuer["email"]  # OB 2.0 requires both, with fallbacks
    image = client.get(path_of(badgeclass["image"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")


def test_browsers_get_html_on_the_same_urls(client, credential, badge):
    response = client.get(path_of(documents.assertion_url(badge)), HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 302 and response["Location"] == f"/badges/{badge.public_id}/"
    badgeclass_url = documents.badge_achievement(badge).badgeclass_url
    response = client.get(path_of(badgeclass_url), HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 302 and response["Location"] == f"/catalog/{credential.slug}/"
    issuer_url = documents.ob2_issuer(badge.issuer)["id"]
    response = client.get(path_of(issuer_url), HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200 and b"<h1" in response.content


def test_private_badge_assertion_stays_verifiable(client, cast, badge):
    services.badge_update_sharing(
        badge=badge,
        by=cast.educator,
        is_public=False,
        evidence_summary="",
        evidence_published=False,
    )
    assert (
        client.get(
            path_of(documents.assertion_url(badge)), HTTP_ACCEPT="application/ld+json"
        ).status_code
        == 200
    )
    page = client.get(path_of(documents.assertion_url(badge)), HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == 200
    assert cast.educator.get_full_name().encode() not in page.content
    assert client.get(f"/badges/{badge.public_id}/").status_code == 404


def test_revoked_assertion_answers_410_gone_as_the_spec_says(client, badge, issuer_staff):
    services.badge_revoke(badge=badge, by=issuer_staff, reason="Awarded in error")
    response = client.get(
        path_of(documents.assertion_url(badge)), HTTP_ACCEPT="application/ld+json"
    )
    assert response.status_code == 410
    doc = json.loads(response.content)
    assert doc == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": documents.assertion_url(badge),
        "revoked": True,
        "revocationReason": "Awarded in error",
    }
    page = client.get(path_of(documents.assertion_url(badge)), HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == 410 and b"Awarded in error" in page.content


def test_published_evidence_summary_appears_and_disappears(client, cast, badge):
    services.badge_update_sharing(
        badge=badge,
        by=cast.educator,
        is_public=True,
        evidence_summary="Ran three cycles.",
        evidence_published=True,
    )
    doc = get_json(client, path_of(documents.assertion_url(badge)))
    assert doc["evidence"] == [
        {"id": f"{SITE}/badges/{badge.public_id}/evidence/", "narrative": "Ran three cycles."}
    ]
    assert client.get(f"/badges/{badge.public_id}/evidence/").status_code == 200
    services.badge_update_sharing(
        badge=badge,
        by=cast.educator,
        is_public=True,
        evidence_summary="Ran three cycles.",
        evidence_published=False,
    )
    assert "evidence" not in get_json(client, path_of(documents.assertion_url(badge)))
    assert client.get(f"/badges/{badge.public_id}/evidence/").status_code == 404


def test_baked_png_and_svg_carry_the_assertion(client, badge):
    png = client.get(path_of(documents.png_url(badge)))
    assert png["Content-Type"] == "image/png"
    baked = json.loads(unbake_png(png.content))
    assert baked["id"] == documents.assertion_url(badge)
    assert baked["recipient"]["identity"] == badge.recipient_identity
    svg = client.get(path_of(documents.svg_url(badge)) + "?download=1")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"].startswith("attachment;")
    assert b"<script" not in svg.content
    assert json.loads(unbake_svg(svg.content))["id"] == documents.assertion_url(badge)


def test_unknown_ids_are_404(client):
    for path in (
        "/ob2/assertions/00000000-0000-0000-0000-000000000000",
        "/ob2/badgeclasses/00000000-0000-0000-0000-000000000000",
        "/ob2/issuers/00000000-0000-0000-0000-000000000000",
        "/ob3/credentials/00000000-0000-0000-0000-000000000000",
        "/ob3/status/00000000-0000-0000-0000-000000000000",
        "/badges/00000000-0000-0000-0000-000000000000/badge.png",
    ):
        assert client.get(path).status_code == 404, path


def test_non_issuer_organization_has_no_issuer_profile(client, cast):
    assert client.get(f"/ob2/issuers/{cast.district.public_id}").status_code == 404
    assert client.get(f"/ob3/issuers/{cast.district.public_id}").status_code == 404


# --------------------------------------------------------------------------- OB 3.0


def test_ob3_credential_verifies_with_keys_resolved_from_our_issuer_profile(client, cast, badge):
    credential = get_json(client, path_of(documents.credential_url(badge)))
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == keys.issuer_profile_id(cast.issuer)
    assert credential["validFrom"] == documents.iso(badge.issued_at)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["criteria"]["id"].endswith("/catalog/formative-checks/")
    assert achievement["alignment"][0]["targetName"] == "Checks"
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    result = verify.verify_credential(credential, resolve_key=key_resolver_via_profile(client))
    assert result.verified, result.errors
    profile = get_json(client, path_of(keys.issuer_profile_id(cast.issuer)))
    assert "privateKey" not in json.dumps(profile) and "secret" not in json.dumps(profile).lower()
    download = client.get(path_of(documents.credential_url(badge)) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["achievement"].__setitem__("name", "Something grander"),
        lambda c: c["credentialSubject"]["identifier"][0].__setitem__("salt", "other"),
        lambda c: c.__setitem__("validUntil", "2099-01-01T00:00:00Z"),
        lambda c: c["credentialStatus"].__setitem__("statusListIndex", "1"),
    ],
)
def test_tampered_credential_fails(client, badge, tamper):
    credential = copy.deepcopy(get_json(client, path_of(documents.credential_url(badge))))
    tamper(credential)
    result = verify.verify_credential(credential, resolve_key=key_resolver_via_profile(client))
    assert not result.verified


def test_revoked_credential_shows_revoked_through_the_signed_status_list(
    client, badge, issuer_staff
):
    credential = get_json(client, path_of(documents.credential_url(badge)))
    entry = credential["credentialStatus"]
    index = int(entry["statusListIndex"])
    resolver = key_resolver_via_profile(client)

    def revoked() -> bool:
        status_list = get_json(client, path_of(entry["statusListCredential"]))
        assert "BitstringStatusListCredential" in status_list["type"]
        assert verify.verify_credential(status_list, resolve_key=resolver).verified
        subject = status_list["credentialSubject"]
        assert subject["statusPurpose"] == "revocation"
        return bitstring.is_set(subject["encodedList"], index)

    assert revoked() is False
    services.badge_revoke(badge=badge, by=issuer_staff, reason="Awarded in error")
    assert revoked() is True
    # The credential itself is unchanged and its proof still holds: revocation is the list's.
    again = get_json(client, path_of(documents.credential_url(badge)))
    assert again == credential
    assert verify.verify_credential(again, resolve_key=resolver).verified


def test_achievement_documents_resolve(client, badge):
    achievement_id = badge.credential_json["credentialSubject"]["achievement"]["id"]
    doc = get_json(client, path_of(achievement_id))
    assert doc["id"] == achievement_id and doc["type"] == ["Achievement"]


def test_signed_terms_are_all_in_the_canonical_form(badge):
    """Every value we publish is covered by the proof (no term dropped by JSON-LD)."""
    from badges.ob3.signing import canonical_document

    nquads = canonical_document(badge.credential_json)
    for value in (
        badge.recipient_identity,
        badge.recipient_salt,
        badge.title,
        "Checks often.",
        "MicroCredential",
        documents.iso(badge.issued_at),
    ):
        assert value in nquads, value
    assert Badge.objects.count() == 1


def test_stack_badge_documents_and_page(client, cast, credential, badge):
    from tests.support.credentials import make_stack

    stack = make_stack(cast.issuer, [credential])
    stack_badge = services.stack_badge_award(educator=cast.educator, stack=stack)
    assert stack_badge is not None and stack_badge.kind == Badge.Kind.STACK
    assertion = get_json(client, path_of(documents.assertion_url(stack_badge)))
    badgeclass = get_json(client, path_of(assertion["badge"]))
    assert badgeclass["name"] == stack.title
    assert badgeclass["criteria"]["id"] == f"{SITE}/catalog/stacks/{stack.slug}/"
    assert credential.published_version.title in badgeclass["criteria"]["narrative"]
    assert client.get(path_of(badgeclass["image"]))["Content-Type"] == "image/png"
    page = client.get(f"/badges/{stack_badge.public_id}/")
    assert page.status_code == 200 and b"Stack badge" in page.content
    result = verify.verify_credential(
        get_json(client, path_of(documents.credential_url(stack_badge))),
        resolve_key=key_resolver_via_profile(client),
    )
    assert result.verified
