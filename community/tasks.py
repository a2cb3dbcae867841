"""Background work of the community: the invitation, announcement and mention emails (a daily
digest too), and those of critical friends. Each task takes IDs, calls one service and owns its
retries; emails go out at most once, so a redelivered task is harmless. Registered names never
change (docs/decisions/0023-task-names.md); config/queues.py puts them on the email queue."""

import logging

from celery import Task, shared_task

from common.tasks import email_send_or_retry, keep_until_done

from . import emails, mention_emails, peer_emails

logger = logging.getLogger(__name__)


@keep_until_done
@shared_task(bind=True, acks_late=True, name="community.tasks.send_invitation_email")
def send_invitation_email(self: Task, membership_id: int) -> None:
    """Email a cohort invitation (at most once)."""
    email_send_or_retry(
        self,
        lambda: emails.invitation_send_email(membership_id=membership_id),
        about=f"cohort membership {membership_id}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="community.tasks.send_announcement_email")
def send_announcement_email(self: Task, thread_id: int) -> None:
    """Email an announcement to the cohort's members (at most once)."""
    email_send_or_retry(
        self,
        lambda: emails.announcement_send_email(thread_id=thread_id),
        about=f"announcement {thread_id}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="community.tasks.peer_share_email")
def peer_share_email_task(self: Task, share_id: int) -> None:
    """Tell a critical friend that a draft was shared with them."""
    email_send_or_retry(
        self,
        lambda: peer_emails.peer_share_send_email(share_id=share_id),
        about=f"peer share {share_id}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="community.tasks.peer_comment_email")
def peer_comment_email_task(self: Task, comment_id: int) -> None:
    """Tell the educator that a critical friend commented on their draft."""
    email_send_or_retry(
        self,
        lambda: peer_emails.peer_comment_send_email(comment_id=comment_id),
        about=f"peer comment {comment_id}",
    )


@keep_until_done
@shared_task(bind=True, acks_late=True, name="community.tasks.send_mention_email")
def mention_email_send_task(self: Task, mention_id: int) -> None:
    """Email one person that they were mentioned (those who chose an email each time)."""
    email_send_or_retry(
        self,
        lambda: mention_emails.mention_email_send(mention_id=mention_id),
        about=f"mention {mention_id}",
    )


@shared_task(acks_late=True, name="community.tasks.send_mention_digests")
def mention_digests_send_task() -> None:
    """Periodic (daily): one email of unseen mentions to each person who chose the digest."""
    sent = mention_emails.mention_digests_send()
    if sent:
        logger.info("mention digests sent: %s", len(sent))
