"""Processing an uploaded artifact: examine its bytes (streaming, hashing), check what they
really are, make what reviewers need (poster, playable copy, preview) and store it beside
the original. Runs in the worker (submissions/tasks.py); see artifacts.py for the statuses.
"""

import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User

from . import media, media_outputs
from .artifacts import (
    NOT_DRAFT,
    ArtifactError,
    Status,
    accepted_label,
    artifact_fail,
    enqueue_processing,
    human_size,
    max_upload_bytes,
    move_status,
    real_key,
)
from .evidence_removal import delete_keys
from .models import Artifact

logger = logging.getLogger(__name__)
STORAGE_DOWN = (
    "The file storage could not be reached while processing this file. "
    "Nothing is lost: press Retry in a few minutes."
)

CHECKSUM_MISMATCH = (
    "The stored file did not match its checksum when we read it back, several times: it may "
    "have been damaged on the way. Remove it and upload it again."
)

GAVE_UP = "We could not process this file after several tries. Press Retry, or try another format."
# Failures that processing the same bytes again can cure (storage was away, a worker kept
# crashing): the only ones offered Retry. Every other failure is about the file itself (wrong
# type, too large, damaged or missing bytes): only removing it and choosing another file helps.
RETRYABLE_FAILURES = frozenset({STORAGE_DOWN, GAVE_UP})
NO_RETRY = (
    "Trying again cannot help: the problem is the file itself. Remove it and upload a file "
    "that fits."
)


def retry_can_help(artifact: Artifact) -> bool:
    """Whether Retry may cure it: processing stuck (its worker went away), or a failure that is
    not the file's fault. The page offers Retry, and the API's `retry_allowed` says so, exactly
    then."""
    if artifact.processing_stuck:
        return True
    return artifact.status == Status.FAILED and artifact.failure_reason in RETRYABLE_FAILURES


def _derived_key(artifact: Artifact, name: str) -> str:
    return f"{real_key(artifact).rsplit('/', 1)[0]}/derived/{name}"


def artifact_process(*, artifact_id: int, retry: bool = False) -> None:
    """Examine an artifact's bytes and make what reviewers need; ready or failed with a reason.

    Runs in the worker. Idempotent: a run on an artifact no longer processing does nothing,
    and a repeated run produces the same facts and overwrites the same derived files. Raises
    media.StorageUnavailable for the task to retry, and media.ChecksumMismatch until the file
    has been read back EVIDENCE_PROCESSING_CHECKSUM_TRIES times. `retry`: the task's own retry
    of a run that has ended, which may not have been able to record its end (the database was
    away): it must not take its own last heartbeat for another run's.
    """
    artifact = _claim_for_processing(artifact_id, retry=retry)
    if artifact is None:
        return
    with _run(artifact_id), tempfile.TemporaryDirectory(prefix="artifact-") as workdir:
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
        except media.ChecksumMismatch:
            # Storage answers but the bytes do not match: a few tries (a damaged transfer), then
            # a failure the educator can read, never endless retries as if storage were away.
            if artifact.processing_attempts >= settings.EVIDENCE_PROCESSING_CHECKSUM_TRIES:
                artifact_fail(artifact_id=artifact_id, reason=CHECKSUM_MISMATCH)
                return
            raise
        except media.StorageUnavailable:
            # An outage is no fault of the file: this run does not count toward the attempts
            # that stop a file whose runs keep crashing (the task retries it).
            Artifact.objects.filter(pk=artifact_id, processing_attempts__gt=0).update(
                processing_attempts=F("processing_attempts") - 1
            )
            raise
    _finish(artifact, facts)


def _claim_for_processing(artifact_id: int, *, retry: bool) -> Artifact | None:
    with transaction.atomic():
        artifact = (
            Artifact.objects.select_for_update()
            .filter(pk=artifact_id, status=Status.PROCESSING, deleted_at=None)
            .first()
        )
        if artifact is None or (not retry and _running_elsewhere(artifact)):
            return None
        artifact.processing_attempts += 1
        artifact.processing_started_at = timezone.now()
        artifact.save(update_fields=["processing_attempts", "processing_started_at", "updated_at"])
    if artifact.processing_attempts > settings.EVIDENCE_PROCESSING_MAX_ATTEMPTS:
        # The same file keeps ending its runs abnormally (a crash each time): stop trying.
        artifact_fail(
            artifact_id=artifact_id,
            reason=GAVE_UP,
        )
        return None
    return Artifact.objects.select_related("requirement", "source").get(pk=artifact_id)


def _running_elsewhere(artifact: Artifact) -> bool:
    """A run started and its heartbeat is fresh: this message is a copy (the sweeper's or the
    broker's redelivery), and two runs of one file would race."""
    silent = timezone.now() - timedelta(seconds=settings.EVIDENCE_PROCESSING_SILENT_SECONDS)
    return artifact.processing_started_at is not None and artifact.updated_at >= silent


@contextmanager
def _run(artifact_id: int) -> Iterator[None]:
    """One run: `processing_started_at` is set while it lasts (_claim_for_processing) and
    cleared when it ends however it ends (a retry then waits as a queued message does), and
    the run beats (_heartbeat). Only a dead worker leaves a started run silent."""
    try:
        with _heartbeat(artifact_id):
            yield
    finally:
        try:
            Artifact.objects.filter(pk=artifact_id).update(processing_started_at=None)
        except DatabaseError:  # the database is away: the run looks silent, and is redone
            logger.warning("artifact %s: could not mark its run ended", artifact_id)


@contextmanager
def _heartbeat(artifact_id: int) -> Iterator[None]:
    """While a run lasts, touch the artifact every EVIDENCE_PROCESSING_HEARTBEAT_SECONDS, from a
    thread (a transcode holds the task for minutes). A worker that dies stops the beat, so the
    sweeper knows within minutes, not after the task's time limit, that nobody is doing it."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.EVIDENCE_PROCESSING_HEARTBEAT_SECONDS):
                try:
                    Artifact.objects.filter(pk=artifact_id, status=Status.PROCESSING).update(
                        updated_at=timezone.now()
                    )
                except DatabaseError as error:  # the run itself will meet the outage too
                    logger.warning("artifact %s: heartbeat failed (%s)", artifact_id, error)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"artifact-{artifact_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def _examine(artifact: Artifact, workdir: Path) -> dict[str, Any]:
    """Download (streaming, hashing), identify, check, derive and store the outputs."""
    store = media.evidence_store()
    original = workdir / "original"
    with original.open("wb") as destination:
        digest = store.download(real_key(artifact), destination)
    _check_size(artifact, digest.size)
    found = media_outputs.identify(original)
    if found.kind not in artifact.requirement.accepted_types:
        raise media.Rejected(_wrong_kind(artifact, found))
    outputs = media_outputs.derive_outputs(original, found, workdir)
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
    limit = max_upload_bytes(artifact.requirement)
    if size > limit:
        raise media.Rejected(
            f"The file is {human_size(size)}; this requirement takes files up to "
            f"{human_size(limit)}."
        )


def _wrong_kind(artifact: Artifact, found: media_outputs.Identified) -> str:
    takes = accepted_label(artifact.requirement.accepted_types)
    what = found.label if found.kind in found.label.lower() else f"{found.label} ({found.kind})"
    return f"This file is really {what}, whatever its name says; this requirement takes {takes}."


def _store_outputs(
    artifact: Artifact, outputs: media_outputs.Outputs, store: media.EvidenceStore
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
    done = move_status(
        artifact,
        {Status.PROCESSING},
        Status.READY,
        processed_at=timezone.now(),
        failure_reason="",
        **facts,
    )
    if not done and Artifact.objects.filter(pk=artifact.pk).exclude(deleted_at=None).exists():
        delete_keys(artifact, [facts["poster_key"], facts["rendition_key"], facts["preview_key"]])


def artifact_retry(*, artifact: Artifact, by: User) -> Artifact:
    """Process a failed artifact again (its bytes are kept), or queue again one whose
    processing is stuck (`Artifact.processing_stuck`: its worker died). Draft only."""
    if not artifact.submission.is_editable:
        raise ArtifactError(NOT_DRAFT)
    if artifact.processing_stuck:
        return _requeue_stuck(artifact)
    if artifact.status != Status.FAILED:
        return artifact
    if not retry_can_help(artifact):
        raise ArtifactError(NO_RETRY)
    if media.evidence_store().size(real_key(artifact)) is None:
        raise ArtifactError("This file never finished uploading. Remove it and upload it again.")
    with transaction.atomic():
        fields = {"failure_reason": "", "processing_attempts": 0, "processing_started_at": None}
        if move_status(artifact, {Status.FAILED}, Status.PROCESSING, **fields):
            enqueue_processing(artifact.pk)
    artifact.refresh_from_db()
    return artifact


def _requeue_stuck(artifact: Artifact) -> Artifact:
    # Should a run come alive meanwhile, its copy of the message is dropped (_running_elsewhere).
    with transaction.atomic():
        moved = move_status(
            artifact, {Status.PROCESSING}, Status.PROCESSING, processing_started_at=None
        )
        if moved:
            enqueue_processing(artifact.pk)
    artifact.refresh_from_db()
    return artifact
