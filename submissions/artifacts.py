"""An artifact's statuses and its upload, from the announced file to processing's start.

    uploading --uploaded--> processing --processed--> ready
        |                     |   ^
        +------failed <-------+   +--retry-- failed

Moves are conditional updates (`move_status`) that touch exactly one row or nothing, so double
clicks, redelivered tasks and the sweeper can race safely. Processing is idempotent: the same
bytes give the same facts and the derived files land on the same keys.

Bytes may be shared: an artifact carried into a later attempt points at its `source` and
reads the source's key; bytes are deleted only when no live artifact refers to them.

The rest of an artifact's life: artifact_processing.py (examine, derive, ready or failed),
evidence_removal.py (removal, retention, deleting bytes), artifact_sweeper.py (nothing stays
stuck) and evidence_links.py (opening evidence and the access log).
"""

import json
import logging
import math
import re
import tempfile
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.storage import s3_client_for
from common.tasks import enqueue_on_commit
from credentials.models import EvidenceRequirement

from . import media
from .models import Artifact, ArtifactEvent, Submission

logger = logging.getLogger(__name__)

Status = Artifact.Status
# Which status may follow which; `move_status` refuses anything else. processing -> processing
# is the sweeper re-queueing lost work.
TRANSITIONS: dict[str, set[str]] = {
    Status.UPLOADING: {Status.PROCESSING, Status.FAILED},
    Status.PROCESSING: {Status.PROCESSING, Status.READY, Status.FAILED},
    Status.FAILED: {Status.PROCESSING},
    Status.READY: set(),
}
DONE_ALREADY = "This file has finished uploading; it is being checked now."
MIB = 1024 * 1024
# The upload's part plan, shared with the uploader (static/js/uploads.js `chunkSize`): parts of
# 8 MiB, or larger so that a file takes at most 1000 parts; the last part takes the rest. Each
# part's signed link binds its planned length, so no part can be larger than the plan.
PLANNED_PART_MIN = 8 * MIB
PLANNED_PARTS_MAX = 1000
UPLOAD_SALT = "submissions.artifact-upload"
# Parts one signing request may ask for (`artifact_sign_parts`); the uploader asks for 16.
MAX_PARTS_PER_SIGNING = 100
# The sweeper reads `updated_at` in minutes and days (UPLOAD_IDLE, EVIDENCE_UPLOAD_ABANDON_HOURS):
# touching an active upload once a minute is precise enough, and spares every signing request a
# write and its commit.
UPLOAD_TOUCH_INTERVAL = timedelta(minutes=1)
NOT_DRAFT = "This attempt has been submitted; its evidence can no longer change."
# Files one requirement of one attempt may hold (failed uploads aside); the uploader in the
# page (static/js/uploads.js) reads the same number from the template.
MAX_FILES_PER_REQUIREMENT = 20
# Stored originals carry no claimed type: nothing the browser said is ever served back.
OCTET_STREAM = "application/octet-stream"


class ArtifactError(Exception):
    """A request the artifact's or submission's state does not allow; the message is for people."""


class UploadAlreadyDone(ArtifactError):
    """The upload finished after all (the page lost the answer): nothing is left to sign."""


@dataclass
class ArtifactInvalid(ArtifactError):
    """The announced upload is refused: field name -> what is wrong, in words."""

    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return " ".join(self.errors.values())


# --------------------------------------------------------------------------------------------
# Names, sizes and keys
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Names, sizes and keys
# --------------------------------------------------------------------------------------------


def sanitize_filename(name: str) -> str:
    """A display name without folders, control characters or leading dots (at most 120 chars)."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]+', "_", name).strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        return f"{stem[: 119 - len(extension)]}.{extension}" if stem else f"file.{extension}"
    return name[:120] or "file"


def _key_name(filename: str) -> str:
    """The ASCII form of a sanitized name used inside the storage key."""
    stem, _, extension = filename.rpartition(".") if "." in filename else (filename, "", "")

    def ascii_only(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")

    stem, extension = ascii_only(stem)[:100] or "file", ascii_only(extension)[:10]
    return f"{stem}.{extension}" if extension else stem


def extension_of(filename: str) -> str:
    return "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def max_upload_bytes(requirement: EvidenceRequirement) -> int:
    return (requirement.max_size_mb or settings.EVIDENCE_DEFAULT_MAX_MB) * MIB


def accepted_extensions(requirement: EvidenceRequirement) -> list[str]:
    return [ext for kind in requirement.accepted_types for ext in media.EXTENSIONS.get(kind, ())]


def accepted_label(accepted_types: list[str]) -> str:
    """The kinds a requirement takes, with their file name endings, for messages:
    "document files (.pdf, .docx, .xlsx, .pptx, .odt or .txt)". Kinds with many endings name
    the common ones (video, audio)."""
    endings: list[str] = []
    for kind in media.KINDS:
        if kind not in accepted_types:
            continue
        names = list(media.EXTENSIONS.get(kind, ()))
        endings += names if len(names) <= 8 else [*names[:4], f"other {kind} formats"]
    if not endings:
        return "no files"
    listed = ", ".join(endings[:-1]) + " or " + endings[-1] if len(endings) > 1 else endings[0]
    return f"{media.kind_label(accepted_types)} files ({listed})"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def real_key(artifact: Artifact) -> str:
    """Where the bytes are: the source's key for an artifact carried into a later attempt."""
    return (
        artifact.source.storage_key
        if artifact.source_id and artifact.source
        else artifact.storage_key
    )


# --------------------------------------------------------------------------------------------
# Upload: announce, sign, finish
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Upload: announce, sign, finish
# --------------------------------------------------------------------------------------------


def upload_problems(
    *, requirement: EvidenceRequirement, filename: str, size: Any, content_type: str
) -> dict[str, str]:
    """What is wrong with an announced upload, per field (empty when it may start)."""
    problems: dict[str, str] = {}
    if requirement.kind != EvidenceRequirement.Kind.ARTIFACT:
        problems["requirement"] = "This requirement takes a written response, not a file."
        return problems
    limit = max_upload_bytes(requirement)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        problems["size"] = "The file is empty or its size is unknown."
    elif size > limit:
        problems["size"] = (
            f"The file is {human_size(size)}; this requirement takes files up to "
            f"{human_size(limit)}."
        )
    takes = accepted_label(requirement.accepted_types)
    if extension_of(filename) not in accepted_extensions(requirement):
        problems["filename"] = f"This requirement takes {takes}; “{filename}” is not one of them."
    elif not _claim_fits(content_type, requirement.accepted_types):
        problems["type"] = f"This requirement takes {takes}; the file says it is not one of them."
    return problems


def _claim_fits(content_type: str, accepted: list[str]) -> bool:
    """Whether the browser's MIME claim is plausible. Lenient (browsers call audio-only WebM
    "video/webm"): it only catches the implausible; processing trusts the bytes alone."""
    major = (content_type or "").split(";")[0].strip().lower()
    if major in ("text/html", "image/svg+xml", "application/xhtml+xml"):
        return False
    family = major.split("/")[0] if "/" in major else ""
    if family in ("video", "audio"):
        return bool({"video", "audio"} & set(accepted))
    if family == "image":
        return "image" in accepted
    return True  # application/*, text/* or nothing: the bytes will tell


@transaction.atomic
def artifact_create(
    *,
    submission: Submission,
    requirement: EvidenceRequirement,
    filename: str,
    size: Any,
    content_type: str,
    by: User,
) -> Artifact:
    """Start an upload the educator announced: validate it and choose the storage key.

    Raises ArtifactInvalid naming each problem, or ArtifactError when the attempt is not a
    draft. Nothing is stored yet; the browser (or the API view) sends the bytes next.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_editable:
        raise ArtifactError(NOT_DRAFT)
    if requirement.version_id != submission.version_id:
        raise ArtifactInvalid({"requirement": "That requirement is not part of this attempt."})
    _check_room_for_another_file(submission, requirement)
    name = sanitize_filename(filename)
    problems = upload_problems(
        requirement=requirement, filename=name, size=size, content_type=content_type
    )
    if problems:
        raise ArtifactInvalid(problems)
    public_id = uuid.uuid4()
    return Artifact.objects.create(
        public_id=public_id,
        submission=submission,
        requirement=requirement,
        uploaded_by=by,
        filename=name,
        storage_key=f"evidence/{submission.public_id}/{public_id}/{_key_name(name)}",
        declared_size=size,
        declared_type=(content_type or "")[:120],
    )


def _check_room_for_another_file(submission: Submission, requirement: EvidenceRequirement) -> None:
    """Refuse a file beyond the limit (the caller holds the submission's row lock, so two
    uploads started at once cannot both take the last place)."""
    held = (
        Artifact.objects.filter(submission=submission, requirement=requirement, deleted_at=None)
        .exclude(status=Status.FAILED)
        .count()
    )
    if held >= MAX_FILES_PER_REQUIREMENT:
        raise ArtifactInvalid(
            {
                "requirement": f"This requirement takes at most {MAX_FILES_PER_REQUIREMENT} "
                "files; remove one before adding another."
            }
        )


@dataclass(frozen=True)
class SignedRequest:
    url: str  # absolute for S3; a path on this site for the local emulator
    key: str
    headers: dict[str, str]


OPERATIONS = {
    ("POST", False): "create",
    ("PUT", True): "part",
    ("GET", True): "list",
    ("POST", True): "complete",
    ("DELETE", True): "abort",
}


def artifact_sign_request(
    *, artifact: Artifact, method: str, key: str, upload_id: str, part_number: int | None
) -> SignedRequest:
    """Sign one multipart-upload request for this artifact's key (and no other).

    The caller has checked that the user owns the draft. Refuses anything but the five
    multipart operations on this key, part numbers beyond what the announced size needs, and
    an upload id other than the one this artifact already uses.
    """
    _check_signable(artifact, key)
    operation = OPERATIONS.get((method.upper(), bool(upload_id)))
    if operation is None:
        raise ArtifactInvalid({"method": "Only multipart uploads are signed."})
    if operation in ("list", "complete") and _completed_already(artifact):
        # Storage completed it and the answer was lost (a dropped connection): resuming (list)
        # or completing again would fail (NoSuchUpload) and the page would send the file again.
        # Asked once per resume and once at the end, so parts cost no extra storage request.
        raise UploadAlreadyDone(DONE_ALREADY)
    if operation == "part":
        _check_part_number(artifact, part_number)
    if upload_id:
        _bind_upload_id(artifact, upload_id)
    _keep_alive(artifact)
    headers = {"Content-Type": "application/octet-stream"} if operation == "create" else {}
    url = _signed_url(artifact, operation, upload_id, part_number)
    return SignedRequest(url=url, key=artifact.storage_key, headers=headers)


@dataclass(frozen=True)
class SignedParts:
    key: str
    urls: dict[int, str]  # part number -> its UploadPart link, as `SignedRequest.url`


def artifact_sign_parts(
    *, artifact: Artifact, key: str, upload_id: str, part_numbers: list[int]
) -> SignedParts:
    """Sign the UploadPart requests of several parts at once (at most MAX_PARTS_PER_SIGNING).

    The uploader asks for the next parts' links in one request, so a part does not wait for a
    signing round trip of its own. The same checks as `artifact_sign_request` for each part.
    """
    _check_signable(artifact, key)
    if not upload_id:
        raise ArtifactInvalid({"uploadId": "Parts are signed for a started multipart upload."})
    if not part_numbers or len(part_numbers) > MAX_PARTS_PER_SIGNING:
        raise ArtifactInvalid(
            {"partNumbers": f"Ask for 1 to {MAX_PARTS_PER_SIGNING} part numbers at a time."}
        )
    if len(set(part_numbers)) != len(part_numbers):
        raise ArtifactInvalid({"partNumbers": "Name each part once."})
    for number in part_numbers:
        _check_part_number(artifact, number)
    _bind_upload_id(artifact, upload_id)
    _keep_alive(artifact)
    urls = {number: _signed_url(artifact, "part", upload_id, number) for number in part_numbers}
    return SignedParts(key=artifact.storage_key, urls=urls)


def _check_signable(artifact: Artifact, key: str) -> None:
    """Refuse to sign for an upload that is over, or for another key than the artifact's."""
    if not artifact.submission.is_editable or artifact.deleted_at is not None:
        raise ArtifactError("This upload is closed; remove it and upload the file again.")
    if artifact.status in (Status.PROCESSING, Status.READY):
        raise UploadAlreadyDone(DONE_ALREADY)
    if artifact.status != Status.UPLOADING:
        raise ArtifactError("This upload is closed; remove it and upload the file again.")
    if key != artifact.storage_key:
        raise ArtifactInvalid({"key": "This key does not belong to this upload."})


def _keep_alive(artifact: Artifact) -> None:
    """Mark the upload active (the sweeper leaves active uploads alone), at most once a
    UPLOAD_TOUCH_INTERVAL: `artifact.updated_at` is as fresh as the row the view loaded."""
    now = timezone.now()
    if artifact.updated_at is None or artifact.updated_at < now - UPLOAD_TOUCH_INTERVAL:
        Artifact.objects.filter(pk=artifact.pk).update(updated_at=now)
        artifact.updated_at = now


def _signed_url(artifact: Artifact, operation: str, upload_id: str, part: int | None) -> str:
    if settings.USE_S3:
        return _presign_s3(artifact, operation, upload_id, part)
    return _local_upload_url(artifact, operation, upload_id, part)


def _completed_already(artifact: Artifact) -> bool:
    """Whether the whole object is stored already (then it is taken as uploaded, as the
    sweeper would: processing starts)."""
    try:
        finished = finish_unreported_upload(artifact)  # refreshes `artifact` when it finishes
    except media.StorageUnavailable:
        return False  # sign as usual: storage answers the complete request itself
    return finished and artifact.status in (Status.PROCESSING, Status.READY)


def planned_part_size(declared_size: int) -> int:
    """The size of every part but the last of a file of `declared_size` bytes."""
    return max(PLANNED_PART_MIN, math.ceil(declared_size / PLANNED_PARTS_MAX))


def planned_part_length(artifact: Artifact, part_number: int) -> int:
    """How many bytes part `part_number` of this upload holds (0 beyond the file)."""
    size = artifact.declared_size or 0
    part = planned_part_size(size)
    return max(0, min(part, size - (part_number - 1) * part))


def _check_part_number(artifact: Artifact, part_number: int | None) -> None:
    most = math.ceil((artifact.declared_size or 0) / planned_part_size(artifact.declared_size or 0))
    if not isinstance(part_number, int) or not 1 <= part_number <= max(most, 1):
        raise ArtifactInvalid({"partNumber": "That part is beyond the announced file size."})


def _bind_upload_id(artifact: Artifact, upload_id: str) -> None:
    """The first upload id seen is this artifact's; requests for any other are refused."""
    if artifact.upload_id == upload_id:
        return
    Artifact.objects.filter(pk=artifact.pk, upload_id="").update(upload_id=upload_id[:255])
    # Parts are signed in parallel: another request may have bound this same id a moment ago.
    artifact.upload_id = Artifact.objects.values_list("upload_id", flat=True).get(pk=artifact.pk)
    if artifact.upload_id != upload_id:
        raise ArtifactInvalid({"uploadId": "This upload id does not belong to this upload."})


S3_METHODS = {
    "create": ("create_multipart_upload", "POST"),
    "part": ("upload_part", "PUT"),
    "list": ("list_parts", "GET"),
    "complete": ("complete_multipart_upload", "POST"),
    "abort": ("abort_multipart_upload", "DELETE"),
}


def _presign_s3(artifact: Artifact, operation: str, upload_id: str, part: int | None) -> str:
    client_method, http_method = S3_METHODS[operation]
    params: dict[str, Any] = {"Bucket": evidence_bucket(), "Key": artifact.storage_key}
    if upload_id:
        params["UploadId"] = upload_id
    if operation == "part":
        params["PartNumber"] = part
        # Signed into the link: S3 refuses a part of any other length (SignatureDoesNotMatch).
        params["ContentLength"] = planned_part_length(artifact, part or 0)
    return str(
        browser_s3_client().generate_presigned_url(
            client_method,
            Params=params,
            ExpiresIn=settings.EVIDENCE_UPLOAD_SIGN_SECONDS,
            HttpMethod=http_method,
        )
    )


def evidence_bucket() -> str:
    return str(settings.STORAGES["default"]["OPTIONS"]["bucket_name"])


# Building a boto3 client cost ~11 ms of CPU, on every signing request; signing with it costs
# under one. A built client is thread-safe (building is not: hence the lock), so a process keeps
# one per configuration (tests change the settings).
_browser_clients: dict[str, Any] = {}
_browser_clients_lock = threading.Lock()


def browser_s3_client() -> Any:
    """A client for the endpoint the browser uses, so signatures match the host it calls."""
    endpoint = settings.S3_BROWSER_ENDPOINT_URL
    configuration = json.dumps(
        [endpoint, settings.STORAGES["default"]["OPTIONS"]], sort_keys=True, default=str
    )
    client = _browser_clients.get(configuration)
    if client is None:
        with _browser_clients_lock:
            client = _browser_clients.get(configuration)
            if client is None:
                client = s3_client_for("default", endpoint_url=endpoint)
                _browser_clients[configuration] = client
    return client


def _local_upload_url(artifact: Artifact, operation: str, upload_id: str, part: int | None) -> str:
    token = signing.dumps(
        {"a": artifact.pk, "op": operation, "u": upload_id, "n": part}, salt=UPLOAD_SALT
    )
    return reverse("submissions:upload_emulator", kwargs={"token": token})


@dataclass(frozen=True)
class UploadGrant:
    """A verified local upload request (see `upload_grant_open`)."""

    artifact: Artifact
    operation: str
    upload_id: str
    part_number: int | None


def upload_grant_open(token: str) -> UploadGrant:
    """Verify a local emulator URL's token. Raises signing.BadSignature (or SignatureExpired)."""
    data = signing.loads(token, salt=UPLOAD_SALT, max_age=settings.EVIDENCE_UPLOAD_SIGN_SECONDS)
    artifact = Artifact.objects.select_related("submission", "source").filter(pk=data["a"]).first()
    if artifact is None or artifact.status != Status.UPLOADING or artifact.deleted_at:
        raise signing.BadSignature("This upload is closed.")
    return UploadGrant(artifact, data["op"], data["u"] or "", data["n"])


def artifact_uploaded(*, artifact: Artifact) -> Artifact:
    """The browser says the bytes are all there: check, record the size, start processing.

    Idempotent (a second call changes nothing). Raises ArtifactError when the object is not
    there yet; media.StorageUnavailable when storage cannot be asked (the call can be repeated).
    """
    if artifact.status != Status.UPLOADING:
        return artifact
    size = media.evidence_store().size(real_key(artifact))
    if size is None:
        raise ArtifactError("The upload has not finished yet; keep this page open until it has.")
    if size != artifact.declared_size or size > max_upload_bytes(artifact.requirement):
        _refuse_stored_bytes(artifact, size)
    elif move_status(artifact, {Status.UPLOADING}, Status.PROCESSING, size=size, failure_reason=""):
        enqueue_processing(artifact.pk)
    artifact.refresh_from_db()
    return artifact


def artifact_receive_file(*, artifact: Artifact, file: Any) -> Artifact:
    """The API's simple upload: store the bytes, then finish as the browser path does.

    `file` is an uploaded file: Django has already streamed any large one to a temporary file,
    which is copied to storage from disk. On StorageUnavailable the artifact is failed (the
    client sends the file again), so nothing waits for bytes that never come.
    """
    store = media.evidence_store()
    try:
        if hasattr(file, "temporary_file_path"):
            store.upload(Path(file.temporary_file_path()), artifact.storage_key, OCTET_STREAM)
        else:
            with tempfile.NamedTemporaryFile(prefix="upload-") as spooled:
                for chunk in file.chunks():
                    spooled.write(chunk)
                spooled.flush()
                store.upload(Path(spooled.name), artifact.storage_key, OCTET_STREAM)
    except media.StorageUnavailable:
        artifact_fail(artifact_id=artifact.pk, reason="Storage was unavailable; upload it again.")
        raise
    return artifact_uploaded(artifact=artifact)


def _refuse_stored_bytes(artifact: Artifact, size: int) -> None:
    reason = (
        f"We received {human_size(size)} but the upload announced "
        f"{human_size(artifact.declared_size or 0)}; please upload the file again."
    )
    if move_status(artifact, {Status.UPLOADING}, Status.FAILED, size=size, failure_reason=reason):
        media.evidence_store().delete(real_key(artifact))


def move_status(artifact: Artifact, from_statuses: set[str], to_status: str, **fields: Any) -> bool:
    """Move one live artifact between statuses if it is still in one of `from_statuses`."""
    if any(to_status not in TRANSITIONS[status] for status in from_statuses):
        raise ArtifactError(f"An artifact cannot move from {from_statuses} to {to_status}.")
    # One conditional update per possible origin, so the audit row names the real one.
    for from_status in sorted(from_statuses):
        moved = Artifact.objects.filter(pk=artifact.pk, status=from_status, deleted_at=None).update(
            status=to_status, updated_at=timezone.now(), **fields
        )
        if moved:
            note = str(fields.get("failure_reason") or "")
            ArtifactEvent.objects.create(
                artifact_id=artifact.pk, from_status=from_status, to_status=to_status, note=note
            )
            logger.info("artifact %s: %s -> %s", artifact.public_id, from_status, to_status)
            return True
    return False


def enqueue_processing(artifact_id: int) -> None:
    from .tasks import artifact_process_task

    # After commit only: the worker must find the row in its new state.
    enqueue_on_commit(artifact_process_task, artifact_id)


def artifact_fail(*, artifact_id: int, reason: str) -> None:
    """Mark an upload or processing failed, with the reason the educator will read."""
    artifact = Artifact.objects.filter(pk=artifact_id).first()
    if artifact is not None:
        move_status(
            artifact, {Status.UPLOADING, Status.PROCESSING}, Status.FAILED, failure_reason=reason
        )


def finish_unreported_upload(artifact: Artifact) -> bool:
    """The page closed between the last part and telling us: the object is complete anyway."""
    try:
        with transaction.atomic():
            return artifact_uploaded(artifact=artifact).status != Status.UPLOADING
    except ArtifactError:
        return False  # still in progress (or paused): not ours to finish
