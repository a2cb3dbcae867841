"""Background work on artifacts. Each task takes IDs, calls one service and owns its retries.

All are acknowledged late (a worker that dies mid-task leaves the message to be redelivered)
and idempotent; `artifacts_sweep` re-queues anything a lost message left behind. Task functions
are named `<entity>_<action>_task` after the service they call; their registered names never
change (docs/decisions/0023-task-names.md).
"""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from common.backoff import backoff_seconds
from common.storage import StorageUnavailable
from common.tasks import keep_until_done

from . import artifact_processing, artifact_sweeper, artifacts, evidence_removal, media

logger = logging.getLogger(__name__)


def retry_delay(retries: int) -> int:
    """Exponential backoff from EVIDENCE_PROCESSING_RETRY_BASE_SECONDS, capped."""
    return backoff_seconds(
        retries,
        base=settings.EVIDENCE_PROCESSING_RETRY_BASE_SECONDS,
        cap=settings.EVIDENCE_PROCESSING_RETRY_MAX_SECONDS,
    )


@shared_task(
    bind=True,
    acks_late=True,
    name="submissions.tasks.process_artifact",
    soft_time_limit=settings.EVIDENCE_PROCESSING_SOFT_TIME_LIMIT,
    time_limit=settings.EVIDENCE_PROCESSING_TIME_LIMIT,
)
def artifact_process_task(self: Task, artifact_id: int) -> None:
    """Examine an uploaded artifact and make its poster, rendition or preview."""
    try:
        artifact_processing.artifact_process(
            artifact_id=artifact_id, retry=self.request.retries > 0
        )
    except StorageUnavailable as error:
        if self.request.retries >= settings.EVIDENCE_PROCESSING_MAX_RETRIES:
            logger.warning("artifact %s: storage still unavailable, giving up", artifact_id)
            artifacts.artifact_fail(
                artifact_id=artifact_id, reason=artifact_processing.STORAGE_DOWN
            )
            return
        logger.info("artifact %s: storage unavailable (%s), retrying", artifact_id, error)
        raise self.retry(
            exc=error, countdown=retry_delay(self.request.retries), max_retries=None
        ) from error
    except media.ChecksumMismatch as error:
        # Counted in the artifact's attempts: the service fails it after a few tries.
        logger.warning("artifact %s: %s", artifact_id, error)
        raise self.retry(
            exc=error,
            countdown=retry_delay(self.request.retries),
            max_retries=settings.EVIDENCE_PROCESSING_CHECKSUM_TRIES,
        ) from error
    except (OperationalError, InterfaceError) as error:
        # The database restarted or failed over mid-run: run again once it is back (the run is
        # idempotent). Past the retries the artifact stays "processing" for the sweeper.
        logger.info("artifact %s: database unavailable (%s), retrying", artifact_id, error)
        raise self.retry(
            exc=error,
            countdown=retry_delay(self.request.retries),
            max_retries=settings.EVIDENCE_PROCESSING_MAX_RETRIES,
        ) from error
    except SoftTimeLimitExceeded:
        artifacts.artifact_fail(
            artifact_id=artifact_id,
            reason="Processing this file took too long. Try a shorter or smaller recording.",
        )


@keep_until_done
@shared_task(
    bind=True,
    acks_late=True,
    name="submissions.tasks.purge_artifact_files",
)
def artifact_purge_files_task(self: Task, artifact_id: int) -> None:
    """Delete a removed artifact's stored files (unless shared with a live artifact)."""
    try:
        evidence_removal.artifact_purge_files(artifact_id=artifact_id)
    except StorageUnavailable as error:
        # Files of removed evidence must go eventually: keep trying, slower and slower.
        raise self.retry(
            exc=error, countdown=retry_delay(self.request.retries), max_retries=20
        ) from error


@shared_task(acks_late=True, name="submissions.tasks.artifacts_sweep")
def artifacts_sweep_task(uploads: bool = True) -> None:
    """Periodic: re-queue stuck processing (every minute), settle stale uploads (every 5)."""
    report = artifact_sweeper.artifacts_sweep(uploads=uploads)
    if report.requeued or report.abandoned or report.finished:
        logger.info("artifacts sweep: %s", report)


@shared_task(acks_late=True, name="submissions.tasks.evidence_retention")
def evidence_retention_run_task() -> None:
    """Periodic: retention warnings, then deletion of expired evidence."""
    report = evidence_removal.evidence_retention_run()
    if report.warned or report.deleted:
        logger.info("evidence retention: %s", report)
