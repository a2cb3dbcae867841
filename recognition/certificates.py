"""Certificates of approved credit: the document, its seal, and where anyone verifies it.

The certificate is the approved request's facts as JSON (`certificate_document`), sealed with an
HMAC-SHA256 under a key derived from SECRET_KEY for this purpose only (`sign`). The seal is
checked by the public verification page, which also reads the request's current state (flagged
after a badge's revocation, for example): the URL printed on the certificate is the authority.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from badges import conf as badge_conf
from common.events import iso_datetime

from .models import CreditRequest

CERTIFICATE_SEAL_PURPOSE = b"microcred credit certificate seal v1"


def absolute(name: str, *args: object) -> str:
    return badge_conf.absolute(reverse(name, args=args))


def verification_url(request: CreditRequest) -> str:
    return absolute("recognition:certificate", request.public_id)


def certificate_document(request: CreditRequest, *, approved_at: datetime) -> dict[str, Any]:
    """What the certificate states, fixed at approval."""
    body = request.body
    return {
        "id": str(request.public_id),
        "verification_url": verification_url(request),
        "educator": request.educator.get_full_name() or request.educator.email,
        "body": {"id": str(body.public_id), "name": body.name, "kind": body.kind},
        "outcome": request.outcome,
        "amount": str(request.amount),
        "unit": request.unit,
        "earned_on": request.earned_on.isoformat(),
        "approved_at": iso_datetime(approved_at),
        "badges": [
            {key: item[key] for key in ("badge", "title", "issued_on", "public_url")}
            for item in request.evidence.get("badges", [])
        ],
    }


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), CERTIFICATE_SEAL_PURPOSE, hashlib.sha256).digest()


def sign(document: dict[str, Any]) -> str:
    """The seal of a certificate document (hex)."""
    return hmac.new(_key(settings.SECRET_KEY), _canonical(document), hashlib.sha256).hexdigest()


def seal_holds(request: CreditRequest) -> bool:
    """Whether the stored certificate is what was sealed (under the current or a past key)."""
    if not request.certificate or not request.certificate_signature:
        return False
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    body = _canonical(request.certificate)
    return any(
        hmac.compare_digest(
            hmac.new(_key(secret), body, hashlib.sha256).hexdigest(), request.certificate_signature
        )
        for secret in secrets
    )


def webhook_data(request: CreditRequest) -> dict[str, Any]:
    """What the body's systems hear of approved credit (credit.approved)."""
    return {
        "credit_request": {
            "id": str(request.public_id),
            "status": request.status,
            "outcome": request.outcome,
            "amount": str(request.amount),
            "unit": request.unit,
            "earned_on": request.earned_on.isoformat(),
            "approved_at": iso_datetime(request.decided_at),
            "certificate_url": verification_url(request),
        },
        "body": {"id": str(request.body.public_id), "name": request.body.name},
        "educator": {
            "id": str(request.educator.public_id),
            "name": request.educator.get_full_name(),
            "email": request.educator.email,
        },
        "badges": request.evidence.get("badges", []),
    }
