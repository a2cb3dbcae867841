"""Background work of the community app. Each task takes IDs, calls one service and owns its
retries; emails go out at most once (a stamp or a keyed record), so a redelivered task is
harmless. Registered names never change (docs/decisions/0023-task-names.md)."""

import logging

from celery import Task, shared_task

from common.backoff import backoff_seconds
from common.tasks import keep_until_done

from . import mention_emails

logger = logging.getLogger(__name__)
MAX_RETRIES = 8


@keep_until_done
@shared_task(bind=True, acks_late=True, name="community.tasks.send_mention_email")
def mention_email_send_task(self: Task, mention_id: int) -> None:
    """Email one person that they were mentioned (those who chose an email each time)."""
    try:
        mention_emails.mention_email_send(mention_id=mention_id)
    except Exception as error:  # the mail server is down or refused: try again later
        logger.warning("mention %s: email failed (%s), retrying", mention_id, error)
        countdown = backoff_seconds(self.request.retries, base=30, cap=3600)
        raise self.retry(exc=error, countdown=countdown, max_retries=MAX_RETRIES) from error


@shared_task(acks_late=True, name="community.tasks.send_mention_digests")
def mention_digests_send_task() -> None:
    """Periodic (daily): one email of unseen mentions to each person who chose the digest."""
    sent = mention_emails.mention_digests_send()
    if sent:
        logger.info("mention digests sent: %s", len(sent))
