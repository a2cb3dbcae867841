"""Removal, retention and the bytes behind them: an educator removes an artifact from a draft,
retention warns and then deletes a decided attempt's evidence, and stored bytes go only when
no live artifact still shares them.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.mail import send_once
from common.tasks import enqueue_on_commit

from . import media
from .artifacts import NOT_DRAFT, ArtifactError, Status, real_key
from .models import Artifact, Submission, SubmissionEvent

logger = logging.getLogger(__name__)


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
        from .tasks import artifact_purge_files_task

        enqueue_on_commit(artifact_purge_files_task, artifact.pk)


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
    delete_keys(artifact, keys)
    return True


def _shared_with_live(artifact: Artifact) -> bool:
    root_id = artifact.source_id or artifact.pk
    return (
        Artifact.objects.filter(Q(pk=root_id) | Q(source_id=root_id), deleted_at=None)
        .exclude(pk=artifact.pk)
        .exists()
    )


def delete_keys(artifact: Artifact, keys: list[str]) -> None:
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
    """Email the educator once that their evidence will be deleted, with where to get it.

    At most once (common.mail.send_once): a failed send releases the claim, so the next run
    tries again rather than deleting unannounced."""

    def prepare() -> EmailMessage:
        context = {
            "submission": submission,
            "educator": submission.educator,
            "title": submission.version.title,
            "delete_on": _ended_at(submission, now)
            + timedelta(days=settings.EVIDENCE_RETENTION_DAYS),
            "url": settings.SITE_URL + reverse("submissions:detail", args=[submission.public_id]),
            "site_name": settings.SITE_NAME,
            "retention_days": settings.EVIDENCE_RETENTION_DAYS,
        }
        return EmailMessage(
            render_to_string("emails/retention_warning_subject.txt", context).strip(),
            render_to_string("emails/retention_warning.txt", context),
            None,
            [submission.educator.email],
        )

    row = Submission.objects.filter(pk=submission.pk)
    return send_once(row, "retention_warned_at", prepare, at=now)


def _ended_at(submission: Submission, now: datetime) -> datetime:
    ended = getattr(submission, "ended_at", None) or submission.decided_at
    return ended or now


@transaction.atomic
def submission_evidence_delete(*, submission: Submission, now: datetime) -> None:
    """Delete a submission's evidence files (keeping bytes a later attempt still uses).

    Holds the submission's row lock, as a next attempt does while it carries this one's
    evidence over (services._prefill_from): a copy being made is never deleted under it.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.evidence_deleted_at is not None:
        return  # another run deleted it while this one waited
    for artifact in submission.artifacts.filter(deleted_at=None).select_related("source"):
        if artifact.status == Status.UPLOADING:
            media.evidence_store().abort_uploads(artifact.storage_key)
        if not _shared_with_live(artifact):
            keys = [real_key(artifact), artifact.poster_key, artifact.rendition_key]
            delete_keys(artifact, [*keys, artifact.preview_key])
        # Marked only once its files are gone: a storage failure leaves it for the next run.
        Artifact.objects.filter(pk=artifact.pk).update(deleted_at=now, updated_at=now)
    Submission.objects.filter(pk=submission.pk).update(evidence_deleted_at=now)
