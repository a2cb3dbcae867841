"""The educator's signed learner record: a CLR 2.0 `ClrCredential` issued by the platform.

Its subject embeds every current signed Open Badges 3.0 credential of the educator (each keeps
its own issuer's proof and status entry, so each verifies on its own), the achievement of each,
an `isParentOf` association from each stack to the parts it holds, and the credit bodies have
granted, as achievements whose id is the certificate's verification URL. The platform signs
the whole with eddsa-rdfc-2022 under its own issuer profile (a key like every issuer's).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from badges.documents import (
    OB3_CONTEXT,
    VC2_CONTEXT,
    identity_hash,
    iso,
    json_number,
    ob3_issuer_ref,
)
from badges.keys import signing_key_for
from badges.models import Badge
from badges.ob3.signing import sign_credential
from badges.selectors import badges_for_educator
from organizations.models import Organization
from organizations.services import organization_create
from recognition.certificates import verification_url
from recognition.models import CreditRequest
from recognition.selectors import credit_requests_of

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


def platform_issuer() -> Organization:
    """The platform as an issuer (of learner records, never of micro-credentials)."""
    slug = settings.PLATFORM_ISSUER_SLUG
    found = Organization.objects.filter(slug=slug, kind=Organization.Kind.ISSUER).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return organization_create(
                kind=Organization.Kind.ISSUER,
                name=settings.SITE_NAME,
                slug=slug,
                url=settings.SITE_URL,
                description="Issues the signed learner records of educators on this platform.",
            )
    except IntegrityError:  # created meanwhile by another request
        return Organization.objects.get(slug=slug, kind=Organization.Kind.ISSUER)


def current_badges(educator: User, now: datetime | None = None) -> list[Badge]:
    """The badges the record holds: signed, not revoked, not expired, not renewed by a later
    one (oldest first, as a record reads)."""
    now = now or timezone.now()
    badges = (
        badges_for_educator(educator)
        .filter(revoked_at__isnull=True)
        .exclude(expires_at__lte=now)
        .exclude(credential_json={})
        .select_related("stack", "version")
        .prefetch_related("stack__items")
    )
    # `renewed` (an annotation): a later badge of the same micro-credential or stack holds.
    current = [badge for badge in badges if not getattr(badge, "renewed", False)]
    return sorted(current, key=lambda badge: (badge.issued_at, badge.pk))


def _achievement_id(badge: Badge) -> str:
    return str(badge.credential_json["credentialSubject"]["achievement"]["id"])


def _associations(badges: list[Badge]) -> list[dict[str, Any]]:
    """Each stack badge's achievement is the parent of the achievements of its parts held."""
    by_credential = {
        badge.credential_id: badge for badge in badges if badge.kind == Badge.Kind.MICRO_CREDENTIAL
    }
    associations = []
    for stack_badge in (badge for badge in badges if badge.kind == Badge.Kind.STACK):
        assert stack_badge.stack is not None
        for item in stack_badge.stack.items.all():
            part = by_credential.get(item.credential_id)
            if part is not None:
                associations.append(
                    {
                        "type": "Association",
                        "associationType": "isParentOf",
                        "sourceId": _achievement_id(stack_badge),
                        "targetId": _achievement_id(part),
                    }
                )
    return associations


def _credit_achievement(credit: CreditRequest) -> dict[str, Any]:
    """Credit a body granted, as an achievement (the certificate's URL verifies it)."""
    amount = f"{credit.amount.normalize():f}"
    titles = ", ".join(item["title"] for item in credit.evidence.get("badges", []))
    document: dict[str, Any] = {
        "id": verification_url(credit),
        "type": ["Achievement"],
        "achievementType": "ext:CreditGranted",
        "name": f"{amount} {credit.unit}: {credit.get_outcome_display()}, {credit.body.name}",
        "description": (
            f"{credit.body.name} granted {amount} {credit.unit} "
            f"({credit.get_outcome_display().lower()}) on {credit.decided_at:%Y-%m-%d} for: "
            f"{titles}."
        ),
        "criteria": {"narrative": f"Approved under the rules of {credit.body.name}."},
    }
    if credit.outcome in ("pd_hours", "license_renewal_hours", "ceu", "college_credit"):
        document["creditsAvailable"] = json_number(credit.amount)
    return document


def _pd_hours(badges: list[Badge]) -> Decimal:
    return sum(
        (badge.version.pd_hours for badge in badges if badge.version and badge.version.pd_hours),
        Decimal(0),
    )


def clr_document(educator: User, *, now: datetime) -> dict[str, Any]:
    """The unsigned ClrCredential of the educator's current badges and granted credit."""
    badges = current_badges(educator, now)
    credits = list(
        credit_requests_of(educator).filter(
            status=CreditRequest.Status.APPROVED, flagged_at__isnull=True
        )
    )
    name = educator.get_full_name() or educator.email
    salt = secrets.token_hex(16)
    hours = _pd_hours(badges)
    subject: dict[str, Any] = {
        "type": ["ClrSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(educator.email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ],
        "achievement": [
            *(badge.credential_json["credentialSubject"]["achievement"] for badge in badges),
            *(_credit_achievement(credit) for credit in credits),
        ],
        "verifiableCredential": [badge.credential_json for badge in badges],
    }
    associations = _associations(badges)
    if associations:
        subject["association"] = associations
    hours_text = f"{hours.normalize():f}" if hours else "0"
    return {
        "@context": [VC2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": f"Learner record of {name}",
        "description": (
            f"{len(badges)} current micro-credential and stack badges, "
            f"{hours_text} professional development hours, and {len(credits)} grants of credit, "
            f"as of {now:%B %-d, %Y}."
        ),
        "issuer": ob3_issuer_ref(platform_issuer()),
        "validFrom": iso(now),
        "credentialSubject": subject,
    }


def clr_signed(educator: User) -> dict[str, Any]:
    """The educator's learner record, signed by the platform now."""
    now = timezone.now()
    key = signing_key_for(issuer=platform_issuer())
    return sign_credential(
        clr_document(educator, now=now),
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=now,
    )
