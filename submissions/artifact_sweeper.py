"""The sweeper (periodic, every minute): nothing stays stuck. Processing whose worker died
(its heartbeat stopped) or whose message was lost is queued again, uploads the page never
reported are finished, and uploads idle too long fail.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from . import media
from .artifacts import Status, enqueue_processing, finish_unreported_upload, move_status
from .models import Artifact, stuck_processing

# A finished upload whose page was closed before it told us: looked for after this idle time.
UPLOAD_IDLE = timedelta(minutes=10)


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)
    abandoned: list[int] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)


def artifacts_sweep(*, now: datetime | None = None, uploads: bool = True) -> SweepReport:
    """Periodic: nothing stays stuck. Stuck processing (`stuck_processing`) is queued again,
    uploads the page never reported are finished, and uploads idle past
    EVIDENCE_UPLOAD_ABANDON_HOURS fail; `uploads=False` (the every-minute run) does the first
    only."""
    now = now or timezone.now()
    report = SweepReport()
    for artifact in Artifact.objects.filter(stuck_processing(now)):
        # Touched, and waiting for a run again: queued once per period, not at every sweep.
        if move_status(
            artifact, {Status.PROCESSING}, Status.PROCESSING, processing_started_at=None
        ):
            enqueue_processing(artifact.pk)
            report.requeued.append(artifact.pk)
    if uploads:
        _settle_uploads(now, report)
    return report


def _settle_uploads(now: datetime, report: SweepReport) -> None:
    """Uploads the page never reported are finished (storage is asked about each one), and
    uploads idle past EVIDENCE_UPLOAD_ABANDON_HOURS fail."""
    abandon = now - timedelta(hours=settings.EVIDENCE_UPLOAD_ABANDON_HOURS)
    uploading = Artifact.objects.filter(status=Status.UPLOADING, deleted_at=None)
    for artifact in uploading.filter(updated_at__lt=abandon):
        _abandon_upload(artifact)
        report.abandoned.append(artifact.pk)
    for artifact in uploading.filter(updated_at__lt=now - UPLOAD_IDLE, updated_at__gte=abandon):
        if finish_unreported_upload(artifact):
            report.finished.append(artifact.pk)


def _abandon_upload(artifact: Artifact) -> None:
    hours = settings.EVIDENCE_UPLOAD_ABANDON_HOURS
    limit = f"{hours // 24} days" if hours % 24 == 0 and hours > 24 else f"{hours} hours"
    reason = f"The upload did not finish within {limit}. Remove it and upload it again."
    if move_status(artifact, {Status.UPLOADING}, Status.FAILED, failure_reason=reason):
        media.evidence_store().abort_uploads(artifact.storage_key)
