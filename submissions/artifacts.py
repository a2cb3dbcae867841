"""Every state change of an artifact, from the announced upload to the deletion of its bytes.

    uploading --uploaded--> processing --processed--> ready
        |                     |   ^
        +------failed <-------+   +--retry-- failed

Moves are conditional updates (`_move`) that touch exactly one row or nothing, so double
clicks, redelivered tasks and the sweeper can race safely. Processing is idempotent: the same
bytes give the same facts and the derived files land on the same keys.

Bytes may be shared: an artifact carried into a later attempt points at its `source` and
reads the source's key; bytes are deleted only when no live artifact refers to them.
"""

import logging
import math
import re
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.storage import s3_client_for
from common.tasks import enqueue_on_commit
from credentials.models import EvidenceRequirement

from . import media
from .models import Artifact, ArtifactEvent, EvidenceAccess, Submission, SubmissionEvent

logger = logging.getLogger(__name__)

Status = Artifact.Status
# Which status may follow which; `_move` refuses anything else. processing -> processing is the
# sweeper re-queueing lost work.
TRANSITIONS: dict[str, set[str]] = {
    Status.UPLOADING: {Status.PROCESSING, Status.FAILED},
    Status.PROCESSING: {Status.PROCESSING, Status.READY, Status.FAILED},
    Status.FAILED: {Status.PROCESSING},
    Status.READY: set(),
}
DONE_ALREADY = "This file has finished uploading; it is being checked now."
MIB = 1024 * 1024
MIN_PART = 5 * MIB  # S3's smallest part (all but the last)
MAX_PARTS = 10_000
UPLOAD_SALT = "submissions.artifact-upload"
LINK_SALT = "submissions.evidence-link"
# A finished upload whose page was closed before it told us: looked for after this idle time.
UPLOAD_IDLE = timedelta(minutes=10)
NOT_DRAFT = "This attempt has been submitted; its evidence can no longer change."
# Stored originals carry no claimed type: nothing the browser said is ever served back.
OCTET_STREAM = "application/octet-stream"
STORAGE_DOWN = (
    "The file storage could not be reached while processing this file. "
    "Nothing is lost: press Retry in a few minutes."
)


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


def _derived_key(artifact: Artifact, name: str) -> str:
    return f"{real_key(artifact).rsplit('/', 1)[0]}/derived/{name}"


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
    kinds = media.kind_label(requirement.accepted_types)
    if extension_of(filename) not in accepted_extensions(requirement):
        problems["filename"] = f"This requirement takes {kinds} files; this name does not fit."
    elif not _claim_fits(content_type, requirement.accepted_types):
        problems["type"] = f"This requirement takes {kinds} files; the file says it is not."
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
    if not artifact.submission.is_editable or artifact.deleted_at is not None:
        raise ArtifactError("This upload is closed; remove it and upload the file again.")
    if artifact.status in (Status.PROCESSING, Status.READY):
        raise UploadAlreadyDone(DONE_ALREADY)
    if artifact.status != Status.UPLOADING:
        raise ArtifactError("This upload is closed; remove it and upload the file again.")
    if key != artifact.storage_key:
        raise ArtifactInvalid({"key": "This key does not belong to this upload."})
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
    Artifact.objects.filter(pk=artifact.pk).update(updated_at=timezone.now())  # still active
    headers = {"Content-Type": "application/octet-stream"} if operation == "create" else {}
    url = (
        _presign_s3(artifact, operation, upload_id, part_number)
        if settings.USE_S3
        else _local_upload_url(artifact, operation, upload_id, part_number)
    )
    return SignedRequest(url=url, key=artifact.storage_key, headers=headers)


def _completed_already(artifact: Artifact) -> bool:
    """Whether the whole object is stored already (then it is taken as uploaded, as the
    sweeper would: processing starts)."""
    try:
        finished = _finish_unreported_upload(artifact)  # refreshes `artifact` when it finishes
    except media.StorageUnavailable:
        return False  # sign as usual: storage answers the complete request itself
    return finished and artifact.status in (Status.PROCESSING, Status.READY)


def _check_part_number(artifact: Artifact, part_number: int | None) -> None:
    most = min(MAX_PARTS, math.ceil((artifact.declared_size or 0) / MIN_PART) or 1)
    if not isinstance(part_number, int) or not 1 <= part_number <= most:
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
    params: dict[str, Any] = {"Bucket": _bucket(), "Key": artifact.storage_key}
    if upload_id:
        params["UploadId"] = upload_id
    if operation == "part":
        params["PartNumber"] = part
    return str(
        browser_s3_client().generate_presigned_url(
            client_method,
            Params=params,
            ExpiresIn=settings.EVIDENCE_UPLOAD_SIGN_SECONDS,
            HttpMethod=http_method,
        )
    )


def _bucket() -> str:
    return str(settings.STORAGES["default"]["OPTIONS"]["bucket_name"])


def browser_s3_client() -> Any:
    """A client for the endpoint the browser uses, so signatures match the host it calls."""
    return s3_client_for("default", endpoint_url=settings.S3_BROWSER_ENDPOINT_URL)


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
    elif _move(artifact, {Status.UPLOADING}, Status.PROCESSING, size=size, failure_reason=""):
        _enqueue_processing(artifact.pk)
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
    if _move(artifact, {Status.UPLOADING}, Status.FAILED, size=size, failure_reason=reason):
        media.evidence_store().delete(real_key(artifact))


def _move(artifact: Artifact, from_statuses: set[str], to_status: str, **fields: Any) -> bool:
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


def _enqueue_processing(artifact_id: int) -> None:
    from .tasks import process_artifact

    # After commit only: the worker must find the row in its new state.
    enqueue_on_commit(process_artifact, artifact_id)


# --------------------------------------------------------------------------------------------
# Processing
# --------------------------------------------------------------------------------------------


def artifact_process(*, artifact_id: int) -> None:
    """Examine an artifact's bytes and make what reviewers need; ready or failed with a reason.

    Runs in the worker. Idempotent: a run on an artifact no longer processing does nothing,
    and a repeated run produces the same facts and overwrites the same derived files. Raises
    media.StorageUnavailable for the task to retry.
    """
    artifact = _claim_for_processing(artifact_id)
    if artifact is None:
        return
    with tempfile.TemporaryDirectory(prefix="artifact-") as workdir:
        try:
            facts = _examine(artifact, Path(workdir))
        except media.Rejected as rejected:
            artifact_fail(artifact_id=artifact_id, reason=str(rejected))
            return
        except media.ObjectMissing:
            artifact_fail(
                artifact_id=artifact_id, reason="The uploaded file is missing; upload it again."
            )
            return
        except media.StorageUnavailable:
            # An outage is no fault of the file: this run does not count toward the attempts
            # that stop a file whose runs keep crashing (the task retries it).
            Artifact.objects.filter(pk=artifact_id, processing_attempts__gt=0).update(
                processing_attempts=F("processing_attempts") - 1
            )
            raise
    _finish(artifact, facts)


def _claim_for_processing(artifact_id: int) -> Artifact | None:
    with transaction.atomic():
        artifact = (
            Artifact.objects.select_for_update()
            .filter(pk=artifact_id, status=Status.PROCESSING, deleted_at=None)
            .first()
        )
        if artifact is None:
            return None
        artifact.processing_attempts += 1
        artifact.processing_started_at = timezone.now()
        artifact.save(update_fields=["processing_attempts", "processing_started_at", "updated_at"])
    if artifact.processing_attempts > settings.EVIDENCE_PROCESSING_MAX_ATTEMPTS:
        # The same file keeps ending its runs abnormally (a crash each time): stop trying.
        artifact_fail(
            artifact_id=artifact_id,
            reason="We could not process this file after several tries. Try another format.",
        )
        return None
    return Artifact.objects.select_related("requirement", "source").get(pk=artifact_id)


def _examine(artifact: Artifact, workdir: Path) -> dict[str, Any]:
    """Download (streaming, hashing), identify, check, derive and store the outputs."""
    store = media.evidence_store()
    original = workdir / "original"
    with original.open("wb") as destination:
        digest = store.download(real_key(artifact), destination)
    _check_size(artifact, digest.size)
    found = media.identify(original)
    if found.kind not in artifact.requirement.accepted_types:
        raise media.Rejected(_wrong_kind(artifact, found))
    outputs = media.derive_outputs(original, found, workdir)
    return {
        "size": digest.size,
        "sha256": digest.sha256,
        "content_type": found.content_type,
        "detected_kind": found.kind,
        "duration_seconds": outputs.duration_seconds,
        "media_info": outputs.media_info,
        **_store_outputs(artifact, outputs, store),
    }


def _check_size(artifact: Artifact, size: int) -> None:
    if artifact.declared_size is not None and size != artifact.declared_size:
        raise media.Rejected(
            f"We received {human_size(size)} but the upload announced "
            f"{human_size(artifact.declared_size)}; please upload the file again."
        )
    if size > max_upload_bytes(artifact.requirement):
        raise media.Rejected("The file is larger than this requirement allows.")


def _wrong_kind(artifact: Artifact, found: media.Identified) -> str:
    kinds = media.kind_label(artifact.requirement.accepted_types)
    what = found.label if found.kind in found.label.lower() else f"{found.label} ({found.kind})"
    return (
        f"This file is really {what}, whatever its name says; this requirement takes {kinds} files."
    )


def _store_outputs(
    artifact: Artifact, outputs: media.Outputs, store: media.EvidenceStore
) -> dict[str, str]:
    keys = {"poster_key": "", "rendition_key": "", "preview_key": ""}
    if outputs.poster:
        keys["poster_key"] = _derived_key(artifact, "poster.jpg")
        store.upload(outputs.poster, keys["poster_key"], "image/jpeg")
    if outputs.rendition:
        keys["rendition_key"] = _derived_key(artifact, outputs.rendition.name)
        store.upload(outputs.rendition, keys["rendition_key"], outputs.rendition_type)
    if outputs.preview:
        keys["preview_key"] = _derived_key(artifact, "preview.jpg")
        store.upload(outputs.preview, keys["preview_key"], "image/jpeg")
    return keys


def _finish(artifact: Artifact, facts: dict[str, Any]) -> None:
    done = _move(
        artifact,
        {Status.PROCESSING},
        Status.READY,
        processed_at=timezone.now(),
        failure_reason="",
        **facts,
    )
    if not done and Artifact.objects.filter(pk=artifact.pk).exclude(deleted_at=None).exists():
        _delete_keys(artifact, [facts["poster_key"], facts["rendition_key"], facts["preview_key"]])


def artifact_fail(*, artifact_id: int, reason: str) -> None:
    """Mark an upload or processing failed, with the reason the educator will read."""
    artifact = Artifact.objects.filter(pk=artifact_id).first()
    if artifact is not None:
        _move(artifact, {Status.UPLOADING, Status.PROCESSING}, Status.FAILED, failure_reason=reason)


def artifact_retry(*, artifact: Artifact, by: User) -> Artifact:
    """Process a failed artifact again (its bytes are kept). Draft only."""
    if not artifact.submission.is_editable:
        raise ArtifactError(NOT_DRAFT)
    if artifact.status != Status.FAILED:
        return artifact
    if media.evidence_store().size(real_key(artifact)) is None:
        raise ArtifactError("This file never finished uploading. Remove it and upload it again.")
    with transaction.atomic():
        fields = {"failure_reason": "", "processing_attempts": 0, "processing_started_at": None}
        if _move(artifact, {Status.FAILED}, Status.PROCESSING, **fields):
            _enqueue_processing(artifact.pk)
    artifact.refresh_from_db()
    return artifact


# --------------------------------------------------------------------------------------------
# Removal, retention and the bytes behind them
# --------------------------------------------------------------------------------------------


@transaction.atomic
def artifact_remove(*, artifact: Artifact, by: User) -> None:
    """Remove an artifact from a draft; its bytes go unless a live artifact shares them."""
    submission = Submission.objects.select_for_update().get(pk=artifact.submission_id)
    if not submission.is_editable:
        raise ArtifactError(NOT_DRAFT)
    removed = Artifact.objects.filter(pk=artifact.pk, deleted_at=None).update(
        deleted_at=timezone.now(), updated_at=timezone.now()
    )
    if removed:
        from .tasks import purge_artifact_files

        enqueue_on_commit(purge_artifact_files, artifact.pk)


def artifact_purge_files(*, artifact_id: int) -> bool:
    """Delete a removed artifact's stored files unless a live artifact still shares them.

    Idempotent; returns whether bytes were deleted. Raises media.StorageUnavailable to retry.
    """
    artifact = Artifact.objects.select_related("source").get(pk=artifact_id)
    store = media.evidence_store()
    if artifact.status == Status.UPLOADING:
        store.abort_uploads(artifact.storage_key)
    if _shared_with_live(artifact):
        return False
    keys = [real_key(artifact), artifact.poster_key, artifact.rendition_key, artifact.preview_key]
    _delete_keys(artifact, keys)
    return True


def _shared_with_live(artifact: Artifact) -> bool:
    root_id = artifact.source_id or artifact.pk
    return (
        Artifact.objects.filter(Q(pk=root_id) | Q(source_id=root_id), deleted_at=None)
        .exclude(pk=artifact.pk)
        .exists()
    )


def _delete_keys(artifact: Artifact, keys: list[str]) -> None:
    store = media.evidence_store()
    for key in filter(None, keys):
        store.delete(key)
    logger.info("artifact %s: deleted stored files", artifact.public_id)


@dataclass
class RetentionReport:
    warned: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def evidence_retention_run(*, now: datetime | None = None) -> RetentionReport:
    """Warn educators before their evidence expires, then delete it (periodic, idempotent).

    Evidence lives EVIDENCE_RETENTION_DAYS after the attempt ended: its decision, or its
    withdrawal (`ended_at`). The warning goes out once, EVIDENCE_RETENTION_WARNING_DAYS before;
    deletion waits until the warning is that old, so nobody loses evidence without the promised
    notice.
    """
    now = now or timezone.now()
    keep = timedelta(days=settings.EVIDENCE_RETENTION_DAYS)
    notice = timedelta(days=settings.EVIDENCE_RETENTION_WARNING_DAYS)
    report = RetentionReport()
    live = Exists(Artifact.objects.filter(submission=OuterRef("pk"), deleted_at=None))
    due_warning = _with_ended_at(Submission.objects.filter(live, evidence_deleted_at=None)).filter(
        Q(ended_at__lte=now - keep + notice), retention_warned_at=None
    )
    for submission in due_warning.select_related("educator", "version"):
        if submission_retention_warn(submission=submission, now=now):
            report.warned.append(submission.pk)
    due_deletion = _with_ended_at(Submission.objects.filter(evidence_deleted_at=None)).filter(
        Q(ended_at__lte=now - keep), retention_warned_at__lte=now - notice
    )
    for submission in due_deletion:
        submission_evidence_delete(submission=submission, now=now)
        report.deleted.append(submission.pk)
    return report


def _with_ended_at(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """`ended_at`: when the attempt was decided, or withdrawn (its audit row says when)."""
    withdrawn = SubmissionEvent.objects.filter(
        submission=OuterRef("pk"), to_status=Submission.Status.WITHDRAWN
    ).order_by("-created_at")
    return submissions.annotate(
        ended_at=Coalesce("decided_at", Subquery(withdrawn.values("created_at")[:1]))
    )


def submission_retention_warn(*, submission: Submission, now: datetime) -> bool:
    """Email the educator once that their evidence will be deleted, with where to get it."""
    claimed = Submission.objects.filter(pk=submission.pk, retention_warned_at=None).update(
        retention_warned_at=now
    )
    if not claimed:
        return False  # another run warned first
    context = {
        "submission": submission,
        "educator": submission.educator,
        "title": submission.version.title,
        "delete_on": _ended_at(submission, now) + timedelta(days=settings.EVIDENCE_RETENTION_DAYS),
        "url": settings.SITE_URL + reverse("submissions:detail", args=[submission.public_id]),
        "site_name": settings.SITE_NAME,
        "retention_days": settings.EVIDENCE_RETENTION_DAYS,
    }
    try:
        send_mail(
            render_to_string("emails/retention_warning_subject.txt", context).strip(),
            render_to_string("emails/retention_warning.txt", context),
            None,
            [submission.educator.email],
        )
    except Exception:
        # Not warned after all: the next run tries again rather than deleting unannounced.
        Submission.objects.filter(pk=submission.pk).update(retention_warned_at=None)
        raise
    return True


def _ended_at(submission: Submission, now: datetime) -> datetime:
    ended = getattr(submission, "ended_at", None) or submission.decided_at
    return ended or now


def submission_evidence_delete(*, submission: Submission, now: datetime) -> None:
    """Delete a submission's evidence files (keeping bytes a later attempt still uses)."""
    for artifact in submission.artifacts.filter(deleted_at=None).select_related("source"):
        if artifact.status == Status.UPLOADING:
            media.evidence_store().abort_uploads(artifact.storage_key)
        if not _shared_with_live(artifact):
            keys = [real_key(artifact), artifact.poster_key, artifact.rendition_key]
            _delete_keys(artifact, [*keys, artifact.preview_key])
        # Marked only once its files are gone: a storage failure leaves it for the next run.
        Artifact.objects.filter(pk=artifact.pk).update(deleted_at=now, updated_at=now)
    Submission.objects.filter(pk=submission.pk).update(evidence_deleted_at=now)


# --------------------------------------------------------------------------------------------
# The sweeper
# --------------------------------------------------------------------------------------------


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)
    abandoned: list[int] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)


def artifacts_sweep(*, now: datetime | None = None) -> SweepReport:
    """Periodic: nothing stays stuck. Lost processing is queued again, uploads the page never
    reported are finished, and uploads idle past EVIDENCE_UPLOAD_ABANDON_HOURS fail."""
    now = now or timezone.now()
    report = SweepReport()
    stale = now - timedelta(seconds=settings.EVIDENCE_PROCESSING_STALE_SECONDS)
    for artifact in Artifact.objects.filter(
        status=Status.PROCESSING, deleted_at=None, updated_at__lt=stale
    ):
        if _move(artifact, {Status.PROCESSING}, Status.PROCESSING):  # touch: once per period
            _enqueue_processing(artifact.pk)
            report.requeued.append(artifact.pk)
    abandon = now - timedelta(hours=settings.EVIDENCE_UPLOAD_ABANDON_HOURS)
    uploading = Artifact.objects.filter(status=Status.UPLOADING, deleted_at=None)
    for artifact in uploading.filter(updated_at__lt=abandon):
        _abandon_upload(artifact)
        report.abandoned.append(artifact.pk)
    for artifact in uploading.filter(updated_at__lt=now - UPLOAD_IDLE, updated_at__gte=abandon):
        if _finish_unreported_upload(artifact):
            report.finished.append(artifact.pk)
    return report


def _abandon_upload(artifact: Artifact) -> None:
    hours = settings.EVIDENCE_UPLOAD_ABANDON_HOURS
    limit = f"{hours // 24} days" if hours % 24 == 0 and hours > 24 else f"{hours} hours"
    reason = f"The upload did not finish within {limit}. Remove it and upload it again."
    if _move(artifact, {Status.UPLOADING}, Status.FAILED, failure_reason=reason):
        media.evidence_store().abort_uploads(artifact.storage_key)


def _finish_unreported_upload(artifact: Artifact) -> bool:
    """The page closed between the last part and telling us: the object is complete anyway."""
    try:
        with transaction.atomic():
            return artifact_uploaded(artifact=artifact).status != Status.UPLOADING
    except ArtifactError:
        return False  # still in progress (or paused): not ours to finish


# --------------------------------------------------------------------------------------------
# Opening evidence: short-lived links and the access log
# --------------------------------------------------------------------------------------------


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
    """A path that opens one file of the artifact for EVIDENCE_LINK_SECONDS (caller checked
    that `user` may view the evidence; the link still re-checks when used)."""
    token = signing.dumps({"a": artifact.pk, "u": user.pk, "v": variant}, salt=LINK_SALT)
    return reverse("submissions:evidence_file", kwargs={"token": token})


def evidence_link_open(token: str) -> tuple[Artifact, User, str]:
    """Verify a link. Raises LinkExpired, or signing.BadSignature for a forged or unknown one."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=settings.EVIDENCE_LINK_SECONDS)
    except signing.SignatureExpired as expired:
        raise LinkExpired from expired
    artifact = Artifact.objects.select_related("submission", "source").filter(pk=data["a"]).first()
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if artifact is None or user is None or data.get("v") not in VARIANTS:
        raise signing.BadSignature("unknown evidence")
    return artifact, user, data["v"]


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
                "Bucket": _bucket(),
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
