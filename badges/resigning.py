"""Re-signing credentials whose proof other verifiers reject (ADR 0021).

Until ADR 0021 our canonicalization differed from the specification for whole numbers written
``10.0``, numbers below 1 and control characters, so credentials carrying them verified here and
nowhere else. Re-signing keeps every claim of a stored credential (its id, dates and status list
entry are unchanged) and gives it a new proof made with the issuer's active key; old keys stay
in the issuer profile, so anything signed with them still verifies.

Only credentials that could be affected are checked (a scan of their JSON, no cryptography),
and only those whose proof no longer verifies under the corrected canonicalization are signed
again, so the deploy step that runs this (``manage.py resign_credentials``) is quick and
idempotent.
"""

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .keys import signing_key_for
from .models import Badge, BadgeEvent, IssuerKey, StatusList
from .ob3.rdfc import EXACT_INTEGER, json_numbers
from .ob3.signing import sign_credential
from .ob3.verify import public_key_from_multikey, verify_credential

logger = logging.getLogger(__name__)

# Characters whose escaping was wrong: control characters other than tab, newline and return.
_MISESCAPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class ResignReport:
    checked: int = 0
    resigned: int = 0


def could_be_affected(value: Any) -> bool:
    """Whether a credential holds a value whose canonical form was wrong before ADR 0021."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer() or abs(value) < 1
    if isinstance(value, int):
        return abs(value) > EXACT_INTEGER
    if isinstance(value, str):
        return bool(_MISESCAPED.search(value))
    if isinstance(value, Mapping):
        return any(could_be_affected(k) or could_be_affected(v) for k, v in value.items())
    if isinstance(value, list):
        return any(could_be_affected(item) for item in value)
    return False


def _resolve_stored_key(verification_method: str) -> bytes:
    fragment = verification_method.partition("#")[2]
    key = IssuerKey.objects.filter(public_key_multibase=fragment).first()
    if key is None:
        raise LookupError("no issuer key with this public key")
    return public_key_from_multikey(key.public_key_multibase)


def _verifies(signed: Mapping[str, Any]) -> bool:
    return verify_credential(signed, resolve_key=_resolve_stored_key).verified


def _resigned(signed: Mapping[str, Any], *, issuer: Any) -> tuple[dict[str, Any], IssuerKey]:
    unsecured = json_numbers({key: value for key, value in signed.items() if key != "proof"})
    signing = signing_key_for(issuer=issuer)
    document = sign_credential(
        unsecured,
        private_key=signing.private_key,
        verification_method=signing.verification_method,
        created=timezone.now(),
    )
    return document, signing.key


def badge_credential_resign(*, badge: Badge) -> bool:
    """Sign the badge's OB 3.0 credential again if its proof does not verify; True if it did."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().select_related("issuer").get(pk=badge.pk)
        if not badge.credential_json or _verifies(badge.credential_json):
            return False
        badge.credential_json, badge.signing_key = _resigned(
            badge.credential_json, issuer=badge.issuer
        )
        badge.save(update_fields=["credential_json", "signing_key"])
        BadgeEvent.objects.create(
            badge=badge,
            issuer=badge.issuer,
            action=BadgeEvent.Action.RESIGNED,
            note="Signed again: the earlier proof did not verify outside the platform.",
        )
    return True


def status_list_resign(*, status_list: StatusList) -> bool:
    """Sign a status list credential again if its proof does not verify; True if it did."""
    with transaction.atomic():
        status_list = (
            StatusList.objects.select_for_update().select_related("issuer").get(pk=status_list.pk)
        )
        if not status_list.credential or _verifies(status_list.credential):
            return False
        status_list.credential, _key = _resigned(status_list.credential, issuer=status_list.issuer)
        status_list.save(update_fields=["credential", "updated_at"])
    return True


def _candidates(queryset: Any, field: str) -> Iterator[Any]:
    for row in queryset.only("pk", field).iterator(chunk_size=500):
        if could_be_affected(getattr(row, field)):
            yield row


def credentials_resign(*, dry_run: bool = False) -> ResignReport:
    """Check every credential that could be affected and re-sign those that fail."""
    report = ResignReport()
    kinds: list[tuple[QuerySet[Any], str, Callable[[Any], bool]]] = [
        (
            Badge.objects.exclude(credential_json={}),
            "credential_json",
            lambda badge: badge_credential_resign(badge=badge),
        ),
        (
            StatusList.objects.exclude(credential={}),
            "credential",
            lambda status_list: status_list_resign(status_list=status_list),
        ),
    ]
    for queryset, field, resign in kinds:
        for row in _candidates(queryset, field):
            report.checked += 1
            if dry_run:
                report.resigned += not _verifies(getattr(row, field))
            else:
                report.resigned += resign(row)
    logger.info("credentials re-signed: %s of %s checked", report.resigned, report.checked)
    return report
