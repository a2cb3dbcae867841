"""Opening evidence: short-lived signed links to one file of an artifact (its original or
what processing made), the presigned S3 download behind them, and the access log.

A link is personal, not a bearer token: it names the person it was made for, and opens only for
a request that is that person (their session, or their API token for API clients). What it
names is encrypted (common/crypto.py), so a link shows no identifier of ours; Django's signing
around it keeps the five minutes (and a salt no other kind of signed link shares).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User
from common.crypto import DecryptionError, decrypt_text, encrypt_text

from .artifacts import browser_s3_client, evidence_bucket, real_key
from .models import Artifact, EvidenceAccess

LINK_SALT = "submissions.evidence-link"
LINK_PURPOSE = b"submissions.evidence-link"


@dataclass(frozen=True)
class Variant:
    field: str  # the Artifact field holding the key ("" for the original)
    action: str
    inline: bool  # our own outputs may display in the page; the original never does


VARIANTS = {
    "original": Variant("", EvidenceAccess.Action.DOWNLOAD, inline=False),
    "poster": Variant("poster_key", EvidenceAccess.Action.VIEW, inline=True),
    "preview": Variant("preview_key", EvidenceAccess.Action.VIEW, inline=True),
    "rendition": Variant("rendition_key", EvidenceAccess.Action.STREAM, inline=True),
}


class LinkExpired(Exception):
    pass


def variant_key(artifact: Artifact, variant: str) -> str:
    spec = VARIANTS[variant]
    return getattr(artifact, spec.field) if spec.field else real_key(artifact)


def variant_file(artifact: Artifact, variant: str) -> tuple[str, str]:
    """(download file name, content type) for a variant; never HTML or SVG."""
    stem = artifact.filename.rsplit(".", 1)[0] if "." in artifact.filename else artifact.filename
    if variant in ("poster", "preview"):
        return f"{stem}-{variant}.jpg", "image/jpeg"
    if variant == "rendition":
        is_audio = artifact.rendition_key.endswith(".m4a")
        return (f"{stem}.m4a", "audio/mp4") if is_audio else (f"{stem}.mp4", "video/mp4")
    return artifact.filename, artifact.content_type or "application/octet-stream"


def evidence_link(*, artifact: Artifact, user: User, variant: str) -> str:
    """A path that opens one file of the artifact for EVIDENCE_LINK_SECONDS, for `user` only
    (caller checked that `user` may view the evidence; the link still re-checks when used)."""
    payload = {"a": str(artifact.public_id), "u": str(user.public_id), "v": variant}
    sealed = encrypt_text(json.dumps(payload), purpose=LINK_PURPOSE)
    token = signing.dumps(sealed, salt=LINK_SALT)
    return reverse("submissions:evidence_file", kwargs={"token": token})


def evidence_link_open(token: str) -> tuple[Artifact, User, str]:
    """Verify a link: the artifact, the person it was made for, the variant. Raises LinkExpired,
    or signing.BadSignature for a forged or unknown one."""
    try:
        sealed = signing.loads(token, salt=LINK_SALT, max_age=settings.EVIDENCE_LINK_SECONDS)
    except signing.SignatureExpired as expired:
        raise LinkExpired from expired
    try:
        data = json.loads(decrypt_text(str(sealed), purpose=LINK_PURPOSE))
        artifact_id, user_id, variant = str(data["a"]), str(data["u"]), str(data["v"])
    except (DecryptionError, ValueError, TypeError, KeyError) as error:
        raise signing.BadSignature("unknown evidence") from error
    artifact = (
        Artifact.objects.select_related("submission", "source")
        .filter(public_id=artifact_id)
        .first()
    )
    user = User.objects.filter(public_id=user_id, is_active=True).first()
    if artifact is None or user is None or variant not in VARIANTS:
        raise signing.BadSignature("unknown evidence")
    return artifact, user, variant


def presigned_evidence_url(*, artifact: Artifact, variant: str) -> str:
    """A short-lived S3 GET that downloads as an attachment (inline only for our outputs),
    with the detected content type, whatever metadata the object was stored with."""
    filename, content_type = variant_file(artifact, variant)
    from django.utils.http import content_disposition_header

    disposition = content_disposition_header(not VARIANTS[variant].inline, filename)
    return str(
        browser_s3_client().generate_presigned_url(
            "get_object",
            Params={
                "Bucket": evidence_bucket(),
                "Key": variant_key(artifact, variant),
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
            ExpiresIn=settings.EVIDENCE_LINK_SECONDS,
        )
    )


def evidence_access_record(
    *, artifact: Artifact, user: User, variant: str, ip_address: str | None
) -> EvidenceAccess:
    """Log one opening of evidence: who, when, what, from where."""
    return EvidenceAccess.objects.create(
        artifact=artifact, user=user, action=VARIANTS[variant].action, ip_address=ip_address
    )
