"""Evidence upload and download views.

The browser path (static/js/uploads.js, Uppy's AwsS3 plugin):

1. `artifact_create` (JSON) announces a file; the server validates it and picks its key.
2. `artifact_sign` signs each S3 multipart request for that key: presigned S3 URLs with S3,
   otherwise URLs to `upload_emulator`, our own minimal S3-multipart endpoint on local media.
   One client code path serves both, resume (ListParts) included. Parts are signed in
   batches (`partNumbers`), so a part does not wait for a signing round trip of its own.
3. `artifact_uploaded` (JSON) checks the object and starts processing.

The page's fragments (`artifact_list`, `artifact_status`) show each artifact's state, and
`artifact_retry` / `artifact_remove` act on it. Evidence opens through `artifact_open`
(permission check) which redirects to a short-lived signed link served by `evidence_file`;
every opening is logged. Anyone who may not see the evidence gets 404.
"""

import logging
import re
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.models import User
from accounts.tokens import api_token_user
from common.api.parsers import JSONRefused, loads_bounded
from common.http import request_user
from common.ranges import ranged_file_response
from common.ratelimit import client_ip
from credentials.models import EvidenceRequirement

from . import artifact_processing, artifacts, evidence_links, evidence_removal, media
from .models import Artifact, Submission

logger = logging.getLogger(__name__)

VIEW_EVIDENCE = "submissions.view_evidence"
EDIT_SUBMISSION = "submissions.edit_submission"
MAX_COMPLETE_XML = 1024 * 1024
NOT_DRAFT = "This attempt has been submitted; its evidence can no longer change."


# --------------------------------------------------------------------------------------------
# Lookups: permission check and 404 in one place
# --------------------------------------------------------------------------------------------


def _get_own_draft(request: HttpRequest, submission_id: UUID) -> Submission:
    """The user's own submission (404 for anyone else's); the caller checks it is a draft."""
    submission = Submission.objects.filter(public_id=submission_id).first()
    if submission is None or submission.educator_id != request.user.pk:
        raise Http404("No such submission")
    return submission


def _get_artifact_for_user(request: HttpRequest, artifact_id: UUID, perm: str) -> Artifact:
    """A live artifact whose submission the user holds `perm` on; else 404."""
    artifact = (
        Artifact.objects.select_related("submission", "requirement", "source")
        .filter(public_id=artifact_id, deleted_at=None)
        .first()
    )
    if artifact is None or not request.user.has_perm(perm, artifact.submission):
        raise Http404("No such file")
    return artifact


def _get_own_artifact(request: HttpRequest, artifact_id: UUID) -> Artifact:
    artifact = _get_artifact_for_user(request, artifact_id, VIEW_EVIDENCE)
    if artifact.submission.educator_id != request.user.pk:
        raise Http404("No such file")
    return artifact


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = loads_bounded(request.body.decode() or "{}")
    except (JSONRefused, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


# --------------------------------------------------------------------------------------------
# The browser's upload: create, sign, uploaded
# --------------------------------------------------------------------------------------------


@login_required
@require_POST
def artifact_create(request: HttpRequest, submission_id: UUID) -> JsonResponse:
    """Announce an upload: {requirement, filename, size, type} -> the artifact and its URLs."""
    submission = _get_own_draft(request, submission_id)
    data = _json_body(request)
    requirement = _requirement(submission, data.get("requirement"))
    if requirement is None:
        return JsonResponse({"errors": {"requirement": "Choose a file requirement."}}, status=400)
    try:
        artifact = artifacts.artifact_create(
            submission=submission,
            requirement=requirement,
            filename=str(data.get("filename") or ""),
            size=data.get("size"),
            content_type=str(data.get("type") or ""),
            by=request.user,  # type: ignore[arg-type]
        )
    except artifacts.ArtifactInvalid as invalid:
        return JsonResponse({"errors": invalid.errors}, status=400)
    except artifacts.ArtifactError as error:
        return _error(str(error), 409)
    return JsonResponse(_artifact_urls(artifact), status=201)


def _requirement(submission: Submission, public_id: Any) -> EvidenceRequirement | None:
    try:
        return EvidenceRequirement.objects.filter(
            public_id=UUID(str(public_id)), version_id=submission.version_id
        ).first()
    except ValueError:
        return None


def _artifact_urls(artifact: Artifact) -> dict[str, str]:
    return {
        "id": str(artifact.public_id),
        "key": artifact.storage_key,
        "filename": artifact.filename,
        "status": artifact.status,
        "sign_url": reverse("submissions:artifact_sign", args=[artifact.public_id]),
        "uploaded_url": reverse("submissions:artifact_uploaded", args=[artifact.public_id]),
        "status_url": reverse("submissions:artifact_status", args=[artifact.public_id]),
        "remove_url": reverse("submissions:artifact_remove", args=[artifact.public_id]),
    }


@login_required
@require_POST
def artifact_sign(request: HttpRequest, artifact_id: UUID) -> JsonResponse:
    """Sign S3 requests the uploader is about to send: {method, key, uploadId?, partNumber?}
    answers {url, key, headers, expires_in}; {method: "PUT", key, uploadId, partNumbers: [n...]}
    (up to artifacts.MAX_PARTS_PER_SIGNING) answers {parts: [{partNumber, url}], key, headers,
    expires_in}, the links of several parts at once."""
    artifact = _get_own_artifact(request, artifact_id)
    data = _json_body(request)
    try:
        if "partNumbers" in data:
            return _sign_parts(request, artifact, data)
        part_number = data.get("partNumber")
        signed = artifacts.artifact_sign_request(
            artifact=artifact,
            method=str(data.get("method") or ""),
            key=str(data.get("key") or ""),
            upload_id=str(data.get("uploadId") or ""),
            part_number=part_number if isinstance(part_number, int) else None,
        )
    except artifacts.ArtifactInvalid as invalid:
        return JsonResponse({"errors": invalid.errors}, status=400)
    except artifacts.UploadAlreadyDone as done:
        # The page lost the answer that its upload was complete: it stops instead of resending.
        return JsonResponse({"error": str(done), "uploaded": True}, status=409)
    except artifacts.ArtifactError as error:
        return _error(str(error), 409)
    return JsonResponse(
        {
            "url": _absolute(request, signed.url),
            "key": signed.key,
            "headers": signed.headers,
            "expires_in": settings.EVIDENCE_UPLOAD_SIGN_SECONDS,
        }
    )


def _sign_parts(request: HttpRequest, artifact: Artifact, data: dict[str, Any]) -> JsonResponse:
    numbers = data.get("partNumbers")
    if (
        str(data.get("method") or "").upper() != "PUT"
        or not isinstance(numbers, list)
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
    ):
        message = "Several parts are signed with method PUT and a list of part numbers."
        raise artifacts.ArtifactInvalid({"partNumbers": message})
    signed = artifacts.artifact_sign_parts(
        artifact=artifact,
        key=str(data.get("key") or ""),
        upload_id=str(data.get("uploadId") or ""),
        part_numbers=numbers,
    )
    parts = [{"partNumber": n, "url": _absolute(request, url)} for n, url in signed.urls.items()]
    return JsonResponse(
        {
            "parts": parts,
            "key": signed.key,
            "headers": {},
            "expires_in": settings.EVIDENCE_UPLOAD_SIGN_SECONDS,
        }
    )


def _absolute(request: HttpRequest, url: str) -> str:
    """S3 links are absolute already; the local emulator's are paths on this site."""
    return url if url.startswith("http") else request.build_absolute_uri(url)


@login_required
@require_POST
def artifact_uploaded(request: HttpRequest, artifact_id: UUID) -> JsonResponse:
    """Uppy finished: check the stored object and start processing."""
    artifact = _get_own_artifact(request, artifact_id)
    if not artifact.submission.is_editable:
        return _error(NOT_DRAFT, 409)
    try:
        artifact = artifacts.artifact_uploaded(artifact=artifact)
    except artifacts.ArtifactError as error:
        return _error(str(error), 409)
    except media.StorageUnavailable:
        # The artifact stays "uploading"; the page asks again and the sweeper checks too.
        return _error("File storage is not answering; we will check again shortly.", 503)
    return JsonResponse(_artifact_urls(artifact))


# --------------------------------------------------------------------------------------------
# The local S3-multipart emulator (no S3: `make run`)
# --------------------------------------------------------------------------------------------


def _s3_error(code: str, message: str, status: int) -> HttpResponse:
    body = f"<Error><Code>{code}</Code><Message>{escape(message)}</Message></Error>"
    return HttpResponse(body, status=status, content_type="application/xml")


def _xml(body: str, status: int = 200) -> HttpResponse:
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return HttpResponse(head + body, status=status, content_type="application/xml")


EMULATED_METHODS = {"create": "POST", "part": "PUT", "list": "GET", "complete": "POST"}


@csrf_exempt  # authenticated by the signed token in the URL, like a presigned S3 URL
def upload_emulator(request: HttpRequest, token: str) -> HttpResponse:
    """Answer one signed multipart request like S3 would, storing parts on local disk."""
    if settings.USE_S3:
        raise Http404("Uploads go to S3")
    try:
        grant = artifacts.upload_grant_open(token)
    except signing.SignatureExpired:
        return _s3_error("AccessDenied", "Request has expired", 403)
    except signing.BadSignature:
        return _s3_error("AccessDenied", "This upload link is not valid", 403)
    if request.method != EMULATED_METHODS.get(grant.operation, "DELETE"):
        return _s3_error("MethodNotAllowed", "This link is for another request", 405)
    store = media.local_store()
    try:
        return _EMULATED[grant.operation](request, grant, store)
    except media.ObjectMissing:
        return _s3_error("NoSuchUpload", "The upload does not exist or was aborted", 404)
    except media.Rejected as rejected:
        return _s3_error("InvalidPart", str(rejected), 400)


def _emulate_create(
    request: HttpRequest, grant: artifacts.UploadGrant, store: media.LocalEvidenceStore
) -> HttpResponse:
    key = grant.artifact.storage_key
    upload_id = store.multipart_create(key)
    return _xml(
        "<InitiateMultipartUploadResult><Bucket>local</Bucket>"
        f"<Key>{escape(key)}</Key><UploadId>{upload_id}</UploadId>"
        "</InitiateMultipartUploadResult>"
    )


def _emulate_part(
    request: HttpRequest, grant: artifacts.UploadGrant, store: media.LocalEvidenceStore
) -> HttpResponse:
    """Stream one part to disk: exactly the planned length (artifacts.planned_part_length)."""
    key, number = grant.artifact.storage_key, grant.part_number or 0
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length <= 0:
        return _s3_error("MissingContentLength", "Send the part with a Content-Length", 411)
    others = sum(
        size for n, (_, size) in store.multipart_parts(key, grant.upload_id).items() if n != number
    )
    if others + length > (grant.artifact.declared_size or 0):
        return _s3_error("EntityTooLarge", "The parts exceed the announced file size", 400)
    if length != artifacts.planned_part_length(grant.artifact, number):
        # As S3 answers a part whose length is not the one its link was signed for.
        return _s3_error("SignatureDoesNotMatch", "This part's length is not the planned one", 403)
    chunks = iter(lambda: request.read(media.CHUNK), b"")
    try:
        etag = store.multipart_put(key, grant.upload_id, number, chunks, length)
    except media.Rejected as rejected:
        return _s3_error("IncompleteBody", str(rejected), 400)
    response = HttpResponse(status=200)
    response["ETag"] = f'"{etag}"'
    return response


def _emulate_list(
    request: HttpRequest, grant: artifacts.UploadGrant, store: media.LocalEvidenceStore
) -> HttpResponse:
    parts = store.multipart_parts(grant.artifact.storage_key, grant.upload_id)
    rows = "".join(
        f"<Part><PartNumber>{n}</PartNumber><ETag>&quot;{etag}&quot;</ETag><Size>{size}</Size></Part>"
        for n, (etag, size) in sorted(parts.items())
    )
    return _xml(
        f"<ListPartsResult><Bucket>local</Bucket><Key>{escape(grant.artifact.storage_key)}</Key>"
        f"<UploadId>{grant.upload_id}</UploadId>{rows}</ListPartsResult>"
    )


PART_XML = re.compile(
    r"<PartNumber>\s*(\d+)\s*</PartNumber>\s*<ETag>\s*(?:&quot;|\")?([0-9a-fA-F]{32})"
)


def _emulate_complete(
    request: HttpRequest, grant: artifacts.UploadGrant, store: media.LocalEvidenceStore
) -> HttpResponse:
    # A small XML list of parts: matched with a strict pattern, no XML parser on client input.
    body = request.read(MAX_COMPLETE_XML).decode("utf-8", "replace")
    parts = [(int(n), etag.lower()) for n, etag in PART_XML.findall(body)]
    if not parts or [n for n, _ in parts] != sorted({n for n, _ in parts}):
        return _s3_error("InvalidPartOrder", "List the parts once each, in order", 400)
    key = grant.artifact.storage_key
    etag = store.multipart_complete(key, grant.upload_id, parts)
    location = request.build_absolute_uri(
        reverse("submissions:artifact_status", args=[grant.artifact.public_id])
    )
    return _xml(
        f"<CompleteMultipartUploadResult><Location>{escape(location)}</Location>"
        f"<Bucket>local</Bucket><Key>{escape(key)}</Key><ETag>&quot;{etag}&quot;</ETag>"
        "</CompleteMultipartUploadResult>"
    )


def _emulate_abort(
    request: HttpRequest, grant: artifacts.UploadGrant, store: media.LocalEvidenceStore
) -> HttpResponse:
    store.part_dir(grant.artifact.storage_key, grant.upload_id)  # validates the id
    store.abort_uploads(grant.artifact.storage_key)
    return HttpResponse(status=204)


_EMULATED = {
    "create": _emulate_create,
    "part": _emulate_part,
    "list": _emulate_list,
    "complete": _emulate_complete,
    "abort": _emulate_abort,
}


# --------------------------------------------------------------------------------------------
# Page fragments and actions (htmx)
# --------------------------------------------------------------------------------------------


def _render_artifact(
    request: HttpRequest, artifact: Artifact, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "artifact": artifact,
        "can_edit": request.user.has_perm(EDIT_SUBMISSION, artifact.submission),
        "error": error,
    }
    return render(request, "submissions/artifacts/_artifact.html", context, status=status)


@login_required
@require_GET
def artifact_status(request: HttpRequest, artifact_id: UUID) -> HttpResponse:
    """One artifact's item; polled by htmx while it is uploading or processing."""
    return _render_artifact(request, _get_artifact_for_user(request, artifact_id, VIEW_EVIDENCE))


@login_required
@require_GET
def artifact_list(request: HttpRequest, submission_id: UUID, requirement_id: UUID) -> HttpResponse:
    """A requirement's artifacts, for the page to refresh after an upload starts or ends."""
    submission = Submission.objects.filter(public_id=submission_id).first()
    if submission is None or not request.user.has_perm(VIEW_EVIDENCE, submission):
        raise Http404("No such submission")
    requirement = _requirement(submission, requirement_id)
    if requirement is None:
        raise Http404("No such requirement")
    items = submission.artifacts.filter(requirement=requirement, deleted_at=None)
    context = {
        "submission": submission,
        "requirement": requirement,
        "artifacts": items.select_related("submission").order_by("created_at"),
        "can_edit": request.user.has_perm(EDIT_SUBMISSION, submission),
    }
    return render(request, "submissions/artifacts/_list.html", context)


@login_required
@require_POST
def artifact_retry(request: HttpRequest, artifact_id: UUID) -> HttpResponse:
    """Process a failed artifact again (draft only); answers its refreshed item."""
    artifact = _get_own_artifact(request, artifact_id)
    try:
        artifact = artifact_processing.artifact_retry(artifact=artifact, by=request_user(request))
    except artifacts.ArtifactError as error:
        return _render_artifact(request, artifact, error=str(error))
    except media.StorageUnavailable:
        return _render_artifact(request, artifact, error="File storage is not answering yet.")
    return _render_artifact(request, artifact)


@login_required
@require_POST
def artifact_remove(request: HttpRequest, artifact_id: UUID) -> HttpResponse:
    """Remove an artifact from a draft; answers nothing (htmx drops the item)."""
    artifact = _get_own_artifact(request, artifact_id)
    try:
        evidence_removal.artifact_remove(artifact=artifact, by=request_user(request))
    except artifacts.ArtifactError as error:
        return _render_artifact(request, artifact, error=str(error))
    return HttpResponse("")


# --------------------------------------------------------------------------------------------
# Opening evidence
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def artifact_open(request: HttpRequest, artifact_id: UUID, variant: str) -> HttpResponse:
    """Check who asks, then send them to a fresh short-lived link for one file."""
    artifact = _get_artifact_for_user(request, artifact_id, VIEW_EVIDENCE)
    if variant not in evidence_links.VARIANTS or artifact.status != Artifact.Status.READY:
        raise Http404("No such file")
    if not evidence_links.variant_key(artifact, variant):
        raise Http404("No such file")
    link = evidence_links.evidence_link(artifact=artifact, user=request.user, variant=variant)  # type: ignore[arg-type]
    return HttpResponseRedirect(link)


@require_safe
def evidence_file(request: HttpRequest, token: str) -> HttpResponseBase:
    """Serve (or redirect to S3 for) one evidence file behind a signed, expiring link."""
    try:
        artifact, user, variant = evidence_links.evidence_link_open(token)
    except evidence_links.LinkExpired:
        return _link_refused(
            request, "This link has expired. Open the file again from the page.", 403
        )
    except signing.BadSignature:
        return _link_refused(request, "This link is not valid.", 404)
    key = evidence_links.variant_key(artifact, variant)
    # Links are personal: opened by anyone but the person it was made for (a forwarded or
    # leaked link, with or without a session), it shows nothing.
    requester = _evidence_requester(request)
    someone_else = requester is None or requester.pk != user.pk
    allowed = user.has_perm(VIEW_EVIDENCE, artifact.submission)
    if artifact.deleted_at or not key or someone_else or not allowed:
        return _link_refused(request, "This file is not available.", 404)
    evidence_links.evidence_access_record(
        artifact=artifact, user=user, variant=variant, ip_address=_client_ip(request)
    )
    if settings.USE_S3:
        return HttpResponseRedirect(
            evidence_links.presigned_evidence_url(artifact=artifact, variant=variant)
        )
    # S3 answers Range requests itself (206 from the presigned GET the browser is sent to).
    return _local_file_response(request, artifact, variant, key)


def _local_file_response(
    request: HttpRequest, artifact: Artifact, variant: str, key: str
) -> HttpResponseBase:
    """The file from local media, a byte range of it when asked (a video player seeking)."""
    path = media.local_store().path(key)
    if not path.is_file():
        raise Http404("No such file")
    filename, content_type = evidence_links.variant_file(artifact, variant)
    response = ranged_file_response(
        request,
        path,
        as_attachment=not evidence_links.VARIANTS[variant].inline,
        filename=filename,
        content_type=content_type,
    )
    _harden(response)
    return response


def _harden(response: HttpResponseBase) -> None:
    # Uploaded bytes are never interpreted by the browser as a page, whatever they contain.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"


def _evidence_requester(request: HttpRequest) -> User | None:
    """Who opens an evidence link: the signed-in person (a page's <video> sends the session
    cookie), or an API client's personal token (`Authorization: Token <token>`)."""
    if request.user.is_authenticated:
        return request_user(request)
    scheme, _, plain = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "token" or not plain.strip():
        return None
    return api_token_user(plain.strip())


def _link_refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    body = render_to_string(
        "submissions/artifacts/link_refused.html", {"message": message}, request=request
    )
    return HttpResponse(body, status=status)


def _client_ip(request: HttpRequest) -> str | None:
    # X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies vouch for it.
    ip = client_ip(request)
    return None if ip == "unknown" else ip
