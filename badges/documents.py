"""The public documents of a badge, built from its rows: Open Badges 2.0 and 3.0 JSON(-LD).

Pure functions (no writes). Every id is an absolute URL on `settings.SITE_URL` with a UUID in
it, so documents stay resolvable wherever the educator takes the badge. Issue-time facts
(title, dates, recipient) come from the badge row; descriptions come from the micro-credential
version the submission was bound to, which is frozen once published.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse

from credentials.models import MicroCredentialVersion, Stack
from organizations.models import Organization

from . import conf
from .keys import issuer_profile_id, verification_method_id
from .models import Badge, IssuerKey, StatusList

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
# Defines verificationMethod and assertionMethod, so that a verifier processing the issuer
# profile as JSON-LD (as Digital Bazaar's libraries do, in safe mode) finds the issuer's keys.
DID_CONTEXT = "https://www.w3.org/ns/did/v1"


def url(name: str, *args: object) -> str:
    return conf.absolute(reverse(name, args=args))


def iso(moment: datetime) -> str:
    """An ISO 8601 / XML Schema dateTime in UTC, whole seconds, with the Z designator."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_number(value: Decimal) -> int | float:
    """A decimal as the JSON number every reader reads alike: ``10``, never ``10.0``.

    JSON has one number type, but JSON-LD turns a whole number into an ``xsd:integer`` and
    Python writes a whole float as ``10.0``; writing whole numbers as integers keeps the signed
    bytes the same for every verifier whatever its JSON parser (ADR 0021).
    """
    return int(value) if value == value.to_integral_value() else float(value)


def identity_hash(email: str, salt: str) -> str:
    """The OB recipient hash: sha256 of the lowercased email followed by the salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


# --------------------------------------------------------------------------- achievements


@dataclass(frozen=True)
class Achievement:
    """What a badge certifies, the same for OB 2.0 (BadgeClass) and OB 3.0 (Achievement)."""

    name: str
    description: str
    criteria_url: str
    criteria_narrative: str
    badgeclass_url: str
    achievement_url: str
    image_url: str
    achievement_type: str
    alignments: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pd_hours: int | float | None = None
    version: str = ""


def criteria_narrative(version: MicroCredentialVersion) -> str:
    criteria = [criterion.title for criterion in version.criteria.all()]
    rubric = "; ".join(criteria) if criteria else "the published rubric"
    return (
        "Submitted classroom evidence (overview responses, artifacts and a reflection) that a "
        f"qualified reviewer scored at a passing level on every rubric criterion: {rubric}. "
        f"Key method: {version.key_method}"
    )


def version_achievement(version: MicroCredentialVersion) -> Achievement:
    credential = version.credential
    catalog_url = conf.absolute(reverse("credentials:detail", kwargs={"slug": credential.slug}))
    competency = version.competency
    return Achievement(
        name=version.title,
        description=f"{competency.name}: {competency.statement}",
        criteria_url=catalog_url,
        criteria_narrative=criteria_narrative(version),
        badgeclass_url=url("badges:badgeclass", version.public_id),
        achievement_url=url("badges:ob3_achievement", version.public_id),
        image_url=url("badges:badgeclass_image", version.public_id),
        achievement_type="MicroCredential",
        alignments=[
            {
                "targetName": competency.name,
                "targetUrl": f"{catalog_url}#competency",
                "targetDescription": competency.statement,
                "targetFramework": version.focus_area.name,
            }
        ],
        tags=[version.focus_area.name],
        pd_hours=json_number(version.pd_hours),
        version=str(version.number),
    )


def stack_achievement(stack: Stack) -> Achievement:
    titles = [
        item.credential.published_version.title
        if item.credential.published_version
        else item.credential.slug
        for item in stack.items.all()
    ]
    return Achievement(
        name=stack.title,
        description=stack.description
        or f"Earned every micro-credential of the {stack.title} stack.",
        criteria_url=conf.absolute(
            reverse("credentials:stack_detail", kwargs={"slug": stack.slug})
        ),
        criteria_narrative="Earned each micro-credential of the stack: " + "; ".join(titles) + ".",
        badgeclass_url=url("badges:stack_badgeclass", stack.public_id),
        achievement_url=url("badges:ob3_stack_achievement", stack.public_id),
        image_url=url("badges:stack_image", stack.public_id),
        achievement_type="Certificate",
    )


def badge_achievement(badge: Badge) -> Achievement:
    if badge.kind == Badge.Kind.STACK:
        assert badge.stack is not None
        return stack_achievement(badge.stack)
    assert badge.version is not None
    return version_achievement(badge.version)


# --------------------------------------------------------------------------- badge URLs


def assertion_url(badge: Badge) -> str:
    return url("badges:assertion", badge.public_id)


def credential_url(badge: Badge) -> str:
    return url("badges:ob3_credential", badge.public_id)


def public_url(badge: Badge) -> str:
    return url("badges:detail", badge.public_id)


def png_url(badge: Badge) -> str:
    return url("badges:image_png", badge.public_id)


def svg_url(badge: Badge) -> str:
    return url("badges:image_svg", badge.public_id)


def evidence_url(badge: Badge) -> str:
    return url("badges:evidence", badge.public_id)


def status_list_url(status_list: StatusList) -> str:
    return url("badges:status_list", status_list.public_id)


# --------------------------------------------------------------------------- OB 2.0


def _issuer_contact(issuer: Organization) -> dict[str, str]:
    return {
        "name": issuer.name,
        "url": issuer.url or conf.site_url() + "/",
        "email": issuer.email or conf.contact_email(),
    }


def ob2_issuer(issuer: Organization) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": url("badges:issuer", issuer.public_id),
        **_issuer_contact(issuer),
    }
    if issuer.description:
        document["description"] = issuer.description
    return document


def ob2_badgeclass(achievement: Achievement, issuer: Organization) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": achievement.badgeclass_url,
        "name": achievement.name,
        "description": achievement.description,
        "image": achievement.image_url,
        "criteria": {"id": achievement.criteria_url, "narrative": achievement.criteria_narrative},
        "issuer": url("badges:issuer", issuer.public_id),
    }
    if achievement.alignments:
        document["alignment"] = achievement.alignments
    if achievement.tags:
        document["tags"] = achievement.tags
    return document


def ob2_assertion(badge: Badge, *, for_baking: bool = False) -> dict[str, Any]:
    """The hosted assertion. Baked copies leave out the evidence summary: the educator may
    withdraw it later, and a verifier takes the hosted copy as the truth anyway."""
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_url(badge),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": badge.recipient_salt,
            "identity": badge.recipient_identity,
        },
        "badge": badge_achievement(badge).badgeclass_url,
        "verification": {"type": "HostedBadge"},
        "issuedOn": iso(badge.issued_at),
        "image": png_url(badge),
    }
    if badge.expires_at is not None:
        document["expires"] = iso(badge.expires_at)
    if not for_baking and badge.evidence_published and badge.evidence_summary:
        document["evidence"] = [{"id": evidence_url(badge), "narrative": badge.evidence_summary}]
    return document


def ob2_revoked(badge: Badge) -> dict[str, Any]:
    """What a revoked hosted assertion answers (with 410 Gone): only id and revoked are
    required by the spec; the reason is published."""
    document: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_url(badge),
        "revoked": True,
    }
    if badge.revocation_reason:
        document["revocationReason"] = badge.revocation_reason
    return document


# --------------------------------------------------------------------------- OB 3.0


def ob3_issuer_ref(issuer: Organization) -> dict[str, Any]:
    return {"id": issuer_profile_id(issuer), "type": ["Profile"], **_issuer_contact(issuer)}


def ob3_issuer_profile(issuer: Organization, keys: list[IssuerKey]) -> dict[str, Any]:
    """The issuer profile with every key it ever signed with, as Multikey methods."""
    profile_id = issuer_profile_id(issuer)
    methods = [
        {
            "id": verification_method_id(key),
            "type": "Multikey",
            "controller": profile_id,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]
    document: dict[str, Any] = {
        "@context": [VC2_CONTEXT, OB3_CONTEXT, DID_CONTEXT, MULTIKEY_CONTEXT],
        **ob3_issuer_ref(issuer),
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
    if issuer.description:
        document["description"] = issuer.description
    return document


def ob3_achievement(achievement: Achievement) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": achievement.achievement_url,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"id": achievement.criteria_url, "narrative": achievement.criteria_narrative},
        "image": {"id": achievement.image_url, "type": "Image", "caption": achievement.name},
    }
    if achievement.alignments:
        document["alignment"] = [{"type": ["Alignment"], **a} for a in achievement.alignments]
    if achievement.tags:
        document["tag"] = achievement.tags
    if achievement.pd_hours is not None:
        document["creditsAvailable"] = achievement.pd_hours
    if achievement.version:
        document["version"] = achievement.version
    return document


def ob3_credential(badge: Badge) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential (services sign it with the issuer's key)."""
    assert badge.status_list is not None and badge.status_list_index is not None
    list_url = status_list_url(badge.status_list)
    achievement = badge_achievement(badge)
    document: dict[str, Any] = {
        "@context": [VC2_CONTEXT, OB3_CONTEXT],
        "id": credential_url(badge),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "description": achievement.description,
        "issuer": ob3_issuer_ref(badge.issuer),
        "validFrom": iso(badge.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": badge.recipient_identity,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": badge.recipient_salt,
                }
            ],
            "achievement": ob3_achievement(achievement),
        },
        "credentialStatus": {
            "id": f"{list_url}#{badge.status_list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(badge.status_list_index),
            "statusListCredential": list_url,
        },
    }
    if badge.expires_at is not None:
        document["validUntil"] = iso(badge.expires_at)
    return document


def status_list_credential(
    status_list: StatusList, encoded_list: str, valid_from: datetime
) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential of one list."""
    list_url = status_list_url(status_list)
    return {
        "@context": [VC2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_profile_id(status_list.issuer),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }
