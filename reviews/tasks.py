"""Background work of reviews. Each task takes IDs, calls one service and owns its retries.

Emails go out at most once (services keep a record by key), so a redelivered task is harmless.
Task functions are named `<entity>_<action>_task` after the service they call; their
registered names never change (docs/decisions/0023-task-names.md).
"""

import logging

from celery import Task, shared_task

from common.tasks import email_send_or_retry, keep_until_done

from . import emails, services

logger = logging.getLogger(__name__)


def _send(task: Task, service: str, review_id: int) -> None:
    email_send_or_retry(
        task,
        lambda: getattr(emails, service)(review_id=review_id),
        about=f"review {review_id}: {service}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="reviews.tasks.send_claimed_email")
def review_email_claimed_task(self: Task, review_id: int) -> None:
    """Email the educator that a reviewer has started on their submission."""
    _send(self, "review_email_claimed", review_id)


@keep_until_done
@shared_task(bind=True, acks_late=True, name="reviews.tasks.send_decision_email")
def review_email_decision_task(self: Task, review_id: int) -> None:
    """Email the educator the decision, with a link to the feedback."""
    _send(self, "review_email_decision", review_id)


@keep_until_done
@shared_task(bind=True, acks_late=True, name="reviews.tasks.send_adjudication_email")
def review_email_adjudication_task(self: Task, review_id: int) -> None:
    """Email the issuer's staff that two reviews disagree."""
    _send(self, "review_email_adjudication", review_id)


@shared_task(acks_late=True, name="reviews.tasks.expire_claims")
def review_claims_expire_task() -> None:
    """Periodic: claims past their time go back to the queue."""
    expired = services.review_claims_expire()
    if expired:
        logger.info("review claims expired: %s", expired)


@shared_task(acks_late=True, name="reviews.tasks.send_daily_digests")
def review_digests_send_task() -> None:
    """Periodic (daily): the queue digest for reviewers who asked for it."""
    emails.review_digests_send()


@shared_task(acks_late=True, name="reviews.tasks.send_overdue_alerts")
def review_overdue_alerts_send_task() -> None:
    """Periodic (daily): issuer staff hear about submissions waiting past the target."""
    emails.review_overdue_alerts_send()
