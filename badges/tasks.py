"""Background work on badges. Each task takes IDs, loads fresh rows, calls one service and
owns its retries; all are acknowledged late and idempotent, and `badges_sweep` re-enqueues
whatever a lost message left undone. Task functions are named `<entity>_<action>_task` after
the service they call; their registered names never change (docs/decisions/0023-task-names.md).
"""

import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from accounts.models import User
from common.tasks import email_send_or_retry, keep_until_done
from submissions.models import Submission

from . import conf, services
from .keys import KeyUnavailable

logger = logging.getLogger(__name__)

# Failures that a later attempt may not meet: the database or storage was briefly away.
TRANSIENT = (OperationalError, InterfaceError, OSError, KeyUnavailable)


@shared_task(bind=True, acks_late=True, name="badges.tasks.issue_badge_for_submission")
def badge_award_task(self: Task, submission_id: int) -> None:
    """Issue the badge of a passed submission (nothing happens when it already has one)."""
    try:
        # The lookup is inside the retry: a database that is away now is a reason to wait.
        submission = Submission.objects.filter(pk=submission_id).first()
        if submission is None:
            logger.warning("badges: submission %s does not exist; no badge", submission_id)
            return
        badge = services.badge_award(submission=submission)
    except services.BadgeRefused as refused:
        logger.warning("badges: %s", refused)
        return
    except TRANSIENT as error:
        if self.request.retries >= conf.issue_max_retries():
            logger.error("badges: submission %s: giving up (%s)", submission_id, type(error))
            raise
        logger.info("badges: submission %s: %s, retrying", submission_id, type(error).__name__)
        raise self.retry(
            exc=error, countdown=conf.issue_retry_delay(self.request.retries), max_retries=None
        ) from error
    logger.info("badges: submission %s has badge %s", submission_id, badge.public_id)


@shared_task(bind=True, acks_late=True, name="badges.tasks.check_stack_badges")
def stack_badges_award_task(self: Task, educator_id: int) -> None:
    """Issue the badge of every stack the educator has now completed."""
    educator = User.objects.filter(pk=educator_id).first()
    if educator is None:
        return
    try:
        awarded = services.stack_badges_award(educator=educator)
    except TRANSIENT as error:
        raise self.retry(
            exc=error, countdown=conf.issue_retry_delay(self.request.retries), max_retries=8
        ) from error
    for badge in awarded:
        logger.info("badges: educator %s earned stack badge %s", educator_id, badge.public_id)


@keep_until_done
@shared_task(bind=True, acks_late=True, name="badges.tasks.send_badge_email")
def badge_send_email_task(self: Task, badge_id: int, kind: str) -> None:
    """Email the educator about an issued or revoked badge (at most once per kind)."""
    email_send_or_retry(
        self,
        lambda: services.badge_send_email(badge_id=badge_id, kind=kind),
        about=f"badge {badge_id}: {kind}",
    )


@shared_task(acks_late=True, name="badges.tasks.badges_sweep")
def badges_sweep_task() -> None:
    """Periodic: issue badges, stack badges and emails that a lost message left behind."""
    report = services.badges_sweep()
    if any(report.values()):
        logger.info("badges sweep: %s", report)


@shared_task(acks_late=True, name="badges.tasks.send_renewal_reminders")
def renewal_reminders_send_task() -> None:
    """Periodic: remind educators whose badges' renewal has opened (each badge once)."""
    reminded = services.renewal_reminders_send()
    if reminded:
        logger.info("badges: %s renewal reminders sent", len(reminded))
