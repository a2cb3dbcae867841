"""The verification page's checks: a pasted URL, or an uploaded baked PNG/SVG or OB 3.0 JSON.

Nothing is fetched over the network: only URLs on our own SITE_URL are resolved, locally
(URL resolver + database). Open Badges 3.0 proofs are checked with the independent verifier
`badges.ob3.verify`, with keys looked up in our key table; revocation comes from our status
lists; hosted OB 2.0 assertions are judged by our rows, the source of truth for them.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts.selectors import email_is_verified_for
from common.api.parsers import JSONRefused, loads_bounded

from . import conf, documents, selectors
from .baking import PNG_SIGNATURE, BakingError, unbake_png, unbake_svg
from .models import Badge, IssuerKey, StatusList
from .ob3 import status_list as bitstring
from .ob3.verify import public_key_from_multikey, verify_credential

# URL names (badges namespace) whose `public_id` is a badge's.
BADGE_URL_NAMES = {
    "detail",
    "assertion",
    "ob3_credential",
    "image_png",
    "image_svg",
    "evidence",
}


# A credential we issue is a few kilobytes with a handful of unnamed nodes; one from elsewhere
# may embed its image as a data: URL (hundreds of KB). RDF canonicalization of a crafted
# document can be very slow, so anything larger than 1 MB or with many blank nodes is refused
# before it reaches the canonicalizer (issue 26: up to the cap, the cost grows linearly).
MAX_CREDENTIAL_BYTES = 1_000_000
MAX_BLANK_NODES = 64
MAX_NESTING = 32
MAX_VALUES = 2_000
MAX_ARRAY_ITEMS = 100


class VerificationInputError(ValueError):
    """The input cannot be checked at all; the message says why, for people."""


@dataclass
class Report:
    """What the verification page shows."""

    valid: bool
    status: str  # valid | expired | revoked | invalid | not_yet_valid
    source: str  # what was checked, in words
    problems: list[str] = field(default_factory=list)
    badge: Badge | None = None
    title: str = ""
    issuer_name: str = ""
    issuer_url: str = ""
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    revocation_reason: str = ""
    recipient_matches: bool | None = None
    earner_name: str = ""


# --------------------------------------------------------------------------- URLs


def _our_origin() -> tuple[str, str]:
    site = urlsplit(conf.site_url())
    return site.scheme, site.netloc.lower()


def badge_for_url(url: str) -> Badge:
    """The badge a URL on our site names; VerificationInputError for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise VerificationInputError("Paste a full link, starting with https://.")
    if (parts.scheme, parts.netloc.lower()) != _our_origin():
        raise VerificationInputError(
            "This page only checks badges issued here, at "
            f"{conf.site_url()}. For a badge from another issuer, use that issuer's "
            "verification page or an Open Badges validator."
        )
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is None or match.namespace != "badges" or match.url_name not in BADGE_URL_NAMES:
        raise VerificationInputError("This link is on our site but is not a badge.")
    badge = selectors.badge_by_public_id(match.kwargs["public_id"])
    if badge is None:
        raise VerificationInputError("No badge was ever issued at this link.")
    return badge


# --------------------------------------------------------------------------- uploads


def read_upload(data: bytes) -> Any:
    """The Open Badges data in an uploaded file: parsed JSON, or a URL string.

    PNG: the openbadges iTXt chunk; SVG: the openbadges:assertion element (defusedxml);
    JSON: the file itself. Anything else is refused.
    """
    if data.startswith(PNG_SIGNATURE):
        text = _unbaked(lambda: unbake_png(data), "PNG")
    elif _looks_like_svg(data):
        text = _unbaked(lambda: unbake_svg(data), "SVG")
    elif data.lstrip()[:1] == b"{":
        text = data.decode("utf-8", errors="strict") if _is_utf8(data) else ""
        if not text:
            raise VerificationInputError("The JSON file is not UTF-8 text.")
    else:
        raise VerificationInputError("Upload a badge image (PNG or SVG) or an OB 3.0 JSON file.")
    text = text.strip()
    if text.startswith("{"):
        if len(text.encode("utf-8")) > MAX_CREDENTIAL_BYTES:
            raise VerificationInputError("The badge data is far larger than a badge.")
        try:
            return loads_bounded(text)  # no recursion past 400 levels, finite numbers only
        except JSONRefused as error:
            raise VerificationInputError("The badge data is not valid JSON.") from error
    if text.startswith(("http://", "https://")):
        return text
    raise VerificationInputError(
        "The badge data is neither a hosted assertion nor a credential (a signed OB 2.0 badge "
        "from another issuer cannot be checked here)."
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<svg" in head


def _unbaked(read: Any, kind: str) -> str:
    try:
        text = read()
    except BakingError as error:
        raise VerificationInputError(str(error)) from error
    if not text:
        raise VerificationInputError(f"This {kind} image has no Open Badges data baked in.")
    return str(text)


# --------------------------------------------------------------------------- checks


def check_badge(badge: Badge, *, email: str, source: str) -> Report:
    """The verdict on one of our badges, from our rows (hosted verification)."""
    now = timezone.now()
    report = _report_for(badge, source=source)
    if badge.revoked_at is not None:
        report.status = "revoked"
        report.problems.append("The issuer revoked this badge.")
    elif badge.expires_at is not None and badge.expires_at <= now:
        report.status = "expired"
        report.problems.append("This badge has expired.")
    report.valid = report.status == "valid"
    if email:
        report.recipient_matches = _our_recipient_matches(badge, email)
    return report


def _our_recipient_matches(badge: Badge, email: str) -> bool:
    """Whether `email` is the badge's recipient: the address it was issued to (its hash), or,
    since the badge is ours and we know its earner, any address the earner verified since: a
    person who changed address is still the one who earned it (ADR 0026)."""
    if documents.identity_hash(email, badge.recipient_salt) == badge.recipient_identity:
        return True
    return email_is_verified_for(badge.educator, email)


def _report_for(badge: Badge, *, source: str) -> Report:
    issuer = documents.ob2_issuer(badge.issuer)
    return Report(
        valid=True,
        status="valid",
        source=source,
        badge=badge,
        title=badge.title,
        issuer_name=issuer["name"],
        issuer_url=issuer["url"],
        issued_at=badge.issued_at,
        expires_at=badge.expires_at,
        revocation_reason=badge.revocation_reason,
        earner_name=badge.educator.get_full_name() if badge.is_public else "",
    )


def check_data(data: Any, *, email: str) -> Report:
    """Check what an upload held: a URL, an OB 2.0 assertion or an OB 3.0 credential."""
    if isinstance(data, str):
        return check_badge(badge_for_url(data), email=email, source="Baked Open Badges 2.0 link")
    if not isinstance(data, dict):
        raise VerificationInputError("The badge data is not a JSON object.")
    types = data.get("type")
    type_list = types if isinstance(types, list) else [types]
    if "VerifiableCredential" in type_list:
        return check_ob3(data, email=email)
    if "Assertion" in type_list or "recipient" in data:
        assertion_id = data.get("id")
        if not isinstance(assertion_id, str):
            raise VerificationInputError("The assertion has no id to check it against.")
        # Hosted verification: the uploaded copy only tells where the truth is.
        return check_badge(
            badge_for_url(assertion_id), email=email, source="Open Badges 2.0 assertion"
        )
    raise VerificationInputError("This JSON is neither an OB 2.0 assertion nor a credential.")


def _resolve_key(credential_issuer: str) -> Any:
    """A key resolver that accepts only our keys of the issuer the credential names."""

    def resolve_key(verification_method: str) -> bytes:
        base, _, fragment = verification_method.partition("#")
        if base != credential_issuer:
            raise LookupError("the signing key does not belong to the credential's issuer")
        issuer_id = _issuer_public_id(base)
        key = IssuerKey.objects.filter(
            issuer__public_id=issuer_id, public_key_multibase=fragment
        ).first()
        if key is None:
            raise LookupError("the issuer never published this key")
        return public_key_from_multikey(key.public_key_multibase)

    return resolve_key


def _issuer_public_id(profile_url: str) -> UUID:
    parts = urlsplit(profile_url)
    if (parts.scheme, parts.netloc.lower()) != _our_origin():
        raise LookupError("the issuer is not on this site")
    try:
        match = resolve(parts.path)
    except Resolver404 as error:
        raise LookupError("not an issuer profile of this site") from error
    if match.namespace != "badges" or match.url_name != "ob3_issuer":
        raise LookupError("not an issuer profile of this site")
    public_id: UUID = match.kwargs["public_id"]
    return public_id


def _credential_issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str):
        raise VerificationInputError("The credential names no issuer.")
    return issuer_id


def check_ob3(credential: dict[str, Any], *, email: str) -> Report:
    """Proof (eddsa-rdfc-2022), dates, revocation status and recipient of an OB 3.0 credential."""
    issuer_id = _credential_issuer_id(credential)
    try:
        _issuer_public_id(issuer_id)
    except LookupError as error:
        raise VerificationInputError(
            "This credential was not issued here; only our issuers' keys are checked."
        ) from error
    _check_shape(credential)
    source = "Open Badges 3.0 credential"
    result = verify_credential(credential, resolve_key=_resolve_key(issuer_id))
    badge = _badge_for_credential(credential)
    report = _report_for(badge, source=source) if badge else Report(True, "valid", source)
    if not result.verified:
        report.valid, report.status = False, "invalid"
        report.problems += ["The signature does not verify: " + e for e in result.errors]
        return report
    _check_dates(credential, report)
    _check_status(credential, report)
    report.valid = report.status == "valid"
    report.title = report.title or str(credential.get("name", ""))
    if email:
        report.recipient_matches = _ob3_recipient_matches(credential, email) or (
            badge is not None and _our_recipient_matches(badge, email)
        )
    return report


def _check_shape(credential: dict[str, Any]) -> None:
    """Refuse, before any JSON-LD or cryptography, what cannot be a badge: the work those do
    grows with the size, the nesting, the number of values and the unnamed nodes of a
    document, and with the square of the values one property holds (pyld compares each new
    value with those already there), so each is capped far above what a badge needs.

    One iterative walk (no recursion) that stops at the first cap exceeded, before queueing
    more than MAX_VALUES values: refusing a document costs at most MAX_VALUES steps whatever
    it holds. The size is that of its JSON text with strings counted in characters
    (`_json_length`; the same as its bytes for plain ASCII), so the check costs a constant per
    value even at the cap (issue 26: verification cost per KB at 1 MB at most 2x that at
    10 KB). The bytes as received are capped before parsing: `read_upload` (below) and the
    API's body limit (API_MAX_JSON_BYTES)."""
    not_a_badge = VerificationInputError("This credential is not shaped like a badge.")
    queued = 1  # every JSON value: objects, arrays and scalars
    blank_nodes = 0  # objects without an id
    size = 0
    pending: list[tuple[Any, int]] = [(credential, 1)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, dict):
            blank_nodes += "id" not in current and "@id" not in current
            if blank_nodes > MAX_BLANK_NODES:
                raise not_a_badge
            children: Any = current.values()
            # Braces, ": " after each key, ", " between items; and the keys themselves.
            size += 2 + 2 * len(current) + 2 * max(len(current) - 1, 0)
            size += sum(_json_length(key) for key in current)
        elif isinstance(current, list):
            if len(current) > MAX_ARRAY_ITEMS:
                raise not_a_badge
            children = current
            size += 2 + 2 * max(len(current) - 1, 0)
        else:
            size += _json_length(current)
            if size > MAX_CREDENTIAL_BYTES:
                raise VerificationInputError("The badge data is far larger than a badge.")
            continue
        if depth > MAX_NESTING:
            raise VerificationInputError("This credential is nested far deeper than a badge.")
        queued += len(children)
        if queued > MAX_VALUES:
            raise not_a_badge
        pending.extend((child, depth + 1) for child in children)
    if size > MAX_CREDENTIAL_BYTES:
        raise VerificationInputError("The badge data is far larger than a badge.")


def _json_length(value: Any) -> int:
    """The length of a key or scalar as JSON text, a string counted in characters: what the
    JSON-LD and canonicalization work grows with. Constant time per string (`len`): escaping
    or encoding a 1 MB string to measure it would cost more per KB than the 10 KB case."""
    if isinstance(value, str):
        return len(value) + 2
    return len(json.dumps(value))


def _badge_for_credential(credential: dict[str, Any]) -> Badge | None:
    credential_id = credential.get("id")
    if not isinstance(credential_id, str):
        return None
    try:
        return badge_for_url(credential_id)
    except VerificationInputError:
        return None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _check_dates(credential: dict[str, Any], report: Report) -> None:
    now = timezone.now()
    valid_from = _parse_time(credential.get("validFrom"))
    valid_until = _parse_time(credential.get("validUntil"))
    report.issued_at = valid_from or report.issued_at
    report.expires_at = valid_until
    if valid_from is not None and valid_from.tzinfo is not None and valid_from > now:
        report.status = "not_yet_valid"
        report.problems.append("This credential is not valid yet.")
    if valid_until is not None and valid_until.tzinfo is not None and valid_until <= now:
        report.status = "expired"
        report.problems.append("This credential has expired.")


def _check_status(credential: dict[str, Any], report: Report) -> None:
    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict):
        return
    status_list = _our_status_list(entry.get("statusListCredential"))
    try:
        index = int(entry.get("statusListIndex", ""))
        encoded = status_list.credential["credentialSubject"]["encodedList"]
        revoked = bitstring.is_set(encoded, index)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise VerificationInputError("The credential's revocation entry is malformed.") from error
    if revoked:
        report.status = "revoked"
        report.problems.append("The issuer revoked this credential (status list).")


def _our_status_list(list_url: Any) -> StatusList:
    if not isinstance(list_url, str):
        raise VerificationInputError("The credential's status list is missing.")
    parts = urlsplit(list_url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if (
        (parts.scheme, parts.netloc.lower()) != _our_origin()
        or match is None
        or match.url_name != "status_list"
    ):
        raise VerificationInputError("The credential's status list is not on this site.")
    status_list = selectors.status_list_by_public_id(match.kwargs["public_id"])
    if status_list is None:
        raise VerificationInputError("The credential's status list does not exist.")
    return status_list


def _ob3_recipient_matches(credential: dict[str, Any], email: str) -> bool:
    subject = credential.get("credentialSubject")
    identifiers = subject.get("identifier", []) if isinstance(subject, dict) else []
    for identifier in identifiers if isinstance(identifiers, list) else [identifiers]:
        if not isinstance(identifier, dict) or identifier.get("identityType") != "emailAddress":
            continue
        salt = str(identifier.get("salt", ""))
        if documents.identity_hash(email, salt) == identifier.get("identityHash"):
            return True
    return False
